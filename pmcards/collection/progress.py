"""A learner's progress: the daily streak, today's answers, and true retention over recent reviews."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import BigInteger, case, func, select, type_coerce

from pmcards.schedule.day import learner_date
from pmcards.schedule.state import CardState
from pmcards.store import Database
from pmcards.store.schema import EPOCH, review_logs

RETENTION_WINDOW = timedelta(days=30)
STREAK_WINDOW = timedelta(days=400)
_MINUTE_US = 60_000_000


@dataclass(frozen=True)
class Progress:
    """streak_days: learner days in a row, up to today (or yesterday), with at least one answer.
    answered_today: answers since the day began. retention: the share of review cards (not new or
    learning) answered other than Again in the last 30 days; None before the first such review."""

    streak_days: int
    answered_today: int
    retention: float | None


def _streak(days: set[date], today: date) -> int:
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def progress(db: Database, now: datetime, day_start: datetime, rollover_hour: int, zone: ZoneInfo | None) -> Progress:
    """The learner's progress at `now` (in the day that began at `day_start`), from the review log."""
    minute = type_coerce(review_logs.c.reviewed_at, BigInteger) // _MINUTE_US
    with db.read():
        answer = review_logs.c.rating > 0  # not a reset to new (`forget`)
        minutes = db.execute(select(minute).distinct().where(answer, review_logs.c.reviewed_at >= now - STREAK_WINDOW))
        days = {learner_date(EPOCH + timedelta(minutes=int(value)), rollover_hour, zone) for (value,) in minutes}
        answered_today = db.execute(
            select(func.count()).where(answer, review_logs.c.reviewed_at >= day_start)
        ).scalar_one()
        recalled, reviewed = db.execute(
            select(func.coalesce(func.sum(case((review_logs.c.rating > 1, 1), else_=0)), 0), func.count()).where(
                answer,
                review_logs.c.before_state == CardState.REVIEW,
                review_logs.c.reviewed_at >= now - RETENTION_WINDOW,
            )
        ).one()
    return Progress(
        streak_days=_streak(days, learner_date(now, rollover_hour, zone)),
        answered_today=answered_today,
        retention=recalled / reviewed if reviewed else None,
    )
