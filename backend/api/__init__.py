"""The HTTP API v1 (docs/design.md, "The HTTP API (v1)"), one blueprint per area."""
from . import analyze, audits, exports, health, limits, own_profile, pairing, profile_input, spec

BLUEPRINTS = (health.bp, limits.bp, spec.bp, pairing.bp, audits.bp, analyze.bp, exports.bp, own_profile.bp,
              profile_input.bp)
