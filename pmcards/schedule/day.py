"""The learner's day: it starts at the rollover hour (4 am by default) in the learner's time zone."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo


def utc_now() -> datetime:
    """The current time, aware, in UTC (the default clock)."""
    return datetime.now(timezone.utc)


def _local_wall_time(day: date, hour: int, zone: ZoneInfo | None) -> datetime:
    naive = datetime.combine(day, time(hour))
    aware = naive.replace(tzinfo=zone) if zone is not None else naive.astimezone()
    return aware.astimezone(timezone.utc)


def learner_date(now: datetime, rollover_hour: int, zone: ZoneInfo | None) -> date:
    """The learner's calendar day at `now`: before the rollover hour it is still yesterday.

    Decided by comparing instants, so a rollover hour that a daylight-saving change skips or
    repeats still gives a day that contains `now`.
    """
    day = now.astimezone(zone).date()
    return day if now >= _local_wall_time(day, rollover_hour, zone) else day - timedelta(days=1)


def day_bounds(now: datetime, rollover_hour: int, zone: ZoneInfo | None) -> tuple[datetime, datetime]:
    """Start and end (UTC) of the learner's day containing `now`; daylight saving is honoured."""
    today = learner_date(now, rollover_hour, zone)
    return (
        _local_wall_time(today, rollover_hour, zone),
        _local_wall_time(today + timedelta(days=1), rollover_hour, zone),
    )
