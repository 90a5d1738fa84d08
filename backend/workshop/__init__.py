"""Workshop mode: a teacher's class pairs with one join code; the teacher sees class totals only.

    create_workshop(db, name, join_days=2) -> {"id", "name", "join_code", "join_expires_at", "teacher_key"}
    renew_join_code(db, workshop_id, join_days=2) -> {"join_code", "join_expires_at"}
    close_workshop(db, workshop_id) -> audits deleted, or None for an unknown workshop
    aggregate(audits, lang="en") -> class totals (see aggregates.py), no personal data
    bp: the teacher's pages under /workshops (dashboard, print, CSV, new code, close)
"""
from .aggregates import aggregate
from .registry import close_workshop, create_workshop, dashboard_path, renew_join_code
from .views import bp

__all__ = ["aggregate", "bp", "close_workshop", "create_workshop", "dashboard_path", "renew_join_code"]
