"""Times as people read them: in the server's local time zone, the zone named. Stored times are
UTC (store.now()); a class in Seoul reads its evening time in Korea's time, not "14:40 UTC".

The patterns and words are the catalogs' (backend/report/translations): English gives
"30 Nov 2026, 23:40 (KST)", Korean the date, the half of the day and the hour in its own order
(tests/workshop/test_workshop_local_time.py shows both).
"""
from datetime import datetime, timezone

from .report.language import N_, translations

DATE = {True: N_("{day} {month_abbr} {year}"), False: N_("{day} {month_abbr}")}
TIME = N_("{date}, {hour24}:{minute:02} ({zone})")
TIME_ON_THE_HOUR = N_("{date}, {hour24}:00 ({zone})")    # Korean leaves out a zero minute
HALVES = (N_("AM"), N_("PM"))
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
# A zone's abbreviation as the reader says it (the others are shown as the system names them).
ZONES = {"KST": N_("KST")}


def local_time(iso, lang="en", year=True, clock=True):
    """A stored UTC time in the server's local time zone, the zone named. A class's times are
    read in the room, not in UTC."""
    try:
        moment = datetime.fromisoformat(str(iso).replace("Z", "+00:00"))
    except ValueError:
        return str(iso)
    local = (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone()
    say = translations(lang).gettext
    zone = local.tzname() or "UTC"
    date = say(DATE[year]).format(day=local.day, month_abbr=f"{local:%b}", month=local.month, year=local.year,
                                  weekday=say(WEEKDAYS[local.weekday()]))
    if not clock:
        return date
    pattern = TIME if local.minute else TIME_ON_THE_HOUR
    return say(pattern).format(date=date, hour24=f"{local.hour:02}", hour12=local.hour % 12 or 12,
                               minute=local.minute, half=say(HALVES[local.hour >= 12]),
                               zone=say(ZONES[zone]) if zone in ZONES else zone)
