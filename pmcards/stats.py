"""A learner's progress: the daily streak, today's answers, and true retention over recent reviews."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from pmcards.day import learner_date
from pmcards.models import REVIEW, from_db_time, to_db_time

RETENTION_WINDOW = timedelta(days=30)
STREAK_WINDOW = timedelta(days=400)


@dataclass(frozen=True)
class Progress:
    """streak_days: learner days in a row, up to today (or yesterday), with at least one answer.
    answered_today: answers since the day began. retention: the share of review cards (not new or
    learning) answered other than Again in the last 30 days; None before the first such review."""

    streak_days: int
    answered_today: int
    retention: float | None


def _minute(text: str) -> datetime:
    moment = from_db_time(f"{text}:00")
    assert moment is not None
    return moment


def _streak(days: set[date], today: date) -> int:
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def progress(
    db: sqlite3.Connection, now: datetime, day_start: datetime, rollover_hour: int, zone: ZoneInfo | None
) -> Progress:
    """The learner's progress at `now` (in the day that began at `day_start`), from the review log."""
    minutes = db.execute(
        "SELECT DISTINCT substr(reviewed_at, 1, 16) FROM review_logs WHERE reviewed_at >= ?",
        (to_db_time(now - STREAK_WINDOW),),
    )
    days = {learner_date(_minute(text), rollover_hour, zone) for (text,) in minutes}
    (answered_today,) = db.execute(
        "SELECT count(*) FROM review_logs WHERE reviewed_at >= ?", (to_db_time(day_start),)
    ).fetchone()
    recalled, reviewed = db.execute(
        "SELECT coalesce(sum(rating > 1), 0), count(*) FROM review_logs WHERE previous_state = ? AND reviewed_at >= ?",
        (REVIEW, to_db_time(now - RETENTION_WINDOW)),
    ).fetchone()
    return Progress(
        streak_days=_streak(days, learner_date(now, rollover_hour, zone)),
        answered_today=answered_today,
        retention=recalled / reviewed if reviewed else None,
    )
