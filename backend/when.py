"""Times as people read them: in the server's local time zone, the zone named. Stored times are
UTC (store.now()); a class in Seoul reads "오후 11시 40분(한국 시간)", not "14:40 UTC"."""
from datetime import datetime, timezone

KO_WEEKDAYS = "월화수목금토일"
KO_ZONES = {"KST": "한국 시간"}


def local_time(iso, lang="en", year=True, clock=True):
    """A stored UTC time in the server's local time zone, the zone named: "30 Nov 2026, 23:40 (KST)",
    "2026년 11월 30일(월) 오후 11시 40분(한국 시간)". A class's times are read in the room, not in UTC."""
    try:
        moment = datetime.fromisoformat(str(iso).replace("Z", "+00:00"))
    except ValueError:
        return str(iso)
    local = (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone()
    zone = local.tzname() or "UTC"
    if lang == "ko":
        day = f"{local.year}년 " * year + f"{local.month}월 {local.day}일({KO_WEEKDAYS[local.weekday()]})"
        if not clock:
            return day
        half, hour = ("오전" if local.hour < 12 else "오후"), local.hour % 12 or 12
        return f"{day} {half} {hour}시" + f" {local.minute}분" * bool(local.minute) + f"({KO_ZONES.get(zone, zone)})"
    day = f"{local.day} {local:%b}" + f" {local.year}" * year
    return f"{day}, {local:%H:%M} ({zone})" if clock else day
