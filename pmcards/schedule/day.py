"""The learner's day: it starts at the rollover hour (4 am by default) in the learner's time zone."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(9000, 1, 1, tzinfo=timezone.utc)
"""pmcards works with times from EARLIEST up to LATEST (the clock, `now`, an exam's date): a card
due after the longest interval (a hundred years) from any of them is still a date."""
DAY_US = 86_400_000_000
"""A day of 24 hours in microseconds, the unit times are stored in."""


def utc_now() -> datetime:
    """The current time, aware, in UTC (the default clock)."""
    return datetime.now(timezone.utc)


def _local_wall_time(day: date, hour: int, zone: ZoneInfo | None) -> datetime:
    naive = datetime.combine(day, time(hour))
    aware = naive.replace(tzinfo=zone) if zone is not None else naive.astimezone()
    return aware.astimezone(timezone.utc)


def _day_of(moment: datetime, zone: ZoneInfo | None, start_of: Callable[[date], datetime]) -> date:
    """The learner's day at `moment`, given when each day starts: its date in `zone`, or the day
    before while `moment` is before that date's rollover. Decided by comparing instants, so a
    rollover hour that a daylight-saving change skips or repeats still gives a day that contains
    `moment`."""
    day = moment.astimezone(zone).date()
    return day if moment >= start_of(day) else day - timedelta(days=1)


def learner_date(now: datetime, rollover_hour: int, zone: ZoneInfo | None) -> date:
    """The learner's calendar day at `now`: before the rollover hour it is still yesterday."""
    return _day_of(now, zone, lambda day: _local_wall_time(day, rollover_hour, zone))


class Calendar:
    """The learner's days under one rollover hour and time zone. It remembers when each day it
    worked out begins, and the last day asked for, since nearly every question in a session
    falls within it (and an export numbers the due dates of a few hundred days)."""

    def __init__(self, rollover_hour: int, zone: ZoneInfo | None) -> None:
        self.rollover_hour = rollover_hour
        self.zone = zone
        self._last: tuple[datetime, datetime, date] | None = None
        self._starts: dict[date, datetime] = {}

    def _day(self, moment: datetime) -> tuple[datetime, datetime, date]:
        last = self._last
        if last is None or not last[0] <= moment < last[1]:
            day = _day_of(moment, self.zone, self.start_of)
            last = self._last = (self.start_of(day), self.start_of(day + timedelta(days=1)), day)
        return last

    def date_of(self, moment: datetime) -> date:
        """The learner's day at `moment`."""
        return self._day(moment)[2]

    def start_of(self, day: date) -> datetime:
        """When the learner's day `day` begins (UTC)."""
        start = self._starts.get(day)
        if start is None:
            start = self._starts[day] = _local_wall_time(day, self.rollover_hour, self.zone)
        return start

    def bounds(self, moment: datetime) -> tuple[datetime, datetime]:
        """Start and end (UTC) of the learner's day containing `moment`; daylight saving is honoured."""
        start, end, _ = self._day(moment)
        return start, end

    def days(self, first: date, last: date) -> Days:
        """The learner days from `first` to `last` (inclusive), for numbering many moments at once."""
        return Days(first, [self.start_of(first + timedelta(days=offset)) for offset in range((last - first).days + 2)])


class Days:
    """A run of learner days: `starts` holds when each begins (UTC), and when the last one ends.
    Numbering a moment by its day is a binary search, which a log of 100,000 answers needs."""

    def __init__(self, first: date, starts: list[datetime]) -> None:
        self.first = first
        self.starts = starts

    def number(self, moment: datetime) -> int:
        """The day of `moment` counted from `first` (0); a moment before the run or after it
        gets -1 or the number of days."""
        return bisect_right(self.starts, moment) - 1

    def day(self, number: int) -> date:
        """The date of day `number`."""
        return self.first + timedelta(days=number)
