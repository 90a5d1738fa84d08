"""The HTTP API v1 (DESIGN.md), one blueprint per area."""
from . import analyze, audits, health, limits, pairing, spec

BLUEPRINTS = (health.bp, limits.bp, spec.bp, pairing.bp, audits.bp, analyze.bp)
