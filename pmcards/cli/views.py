"""What the commands print: cards, counts, plans and histories as JSON shapes for scripts (each
key documented in the README, stable across releases) and as text for people."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:  # the modules are heavy; `pmcards --help` does without them
    from pmcards.collection import Collection
    from pmcards.collection.exam import ExamPlan
    from pmcards.collection.history import ReviewLog
    from pmcards.collection.progress import Progress
    from pmcards.collection.queue import DueCounts
    from pmcards.collection.reading import StoredCard

STATE_NAMES = ("new", "learning", "review", "relearning")


def card_json(card: StoredCard, recall: float | None) -> dict[str, Any]:
    """One card as `pmcards cards --json` lists it."""
    return {
        "id": card.card_id,
        "card": card.ord,
        "deck": card.deck_id,
        "kind": card.kind,
        "state": STATE_NAMES[card.state],
        "due": card.due,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "recall": recall,
        "reps": card.reps,
        "lapses": card.lapses,
        "suspended": card.suspended,
        "leech": card.leech,
        "buried_until": card.buried_until,
        "tags": card.tags,
        "front": card.front(),
    }


def log_json(log: ReviewLog, ord: int) -> dict[str, Any]:
    """One answer of a card's history; rating 0 marks a reset to new (`pmcards forget`)."""
    interval = None if log.due is None else (log.due - log.reviewed_at).total_seconds() / 86400
    return {
        "card": ord,
        "reviewed_at": log.reviewed_at,
        "rating": log.rating,
        "state_before": STATE_NAMES[log.previous_state],
        "interval_days": interval,
        "duration_ms": log.duration_ms,
    }


def counts_json(counts: DueCounts) -> dict[str, Any]:
    return {
        "id": counts.deck_id or None,
        "title": counts.title,
        "new": counts.new,
        "learning": counts.learning,
        "review": counts.review,
        "total": counts.total,
        "next_due": counts.next_due,
    }


def exam_json(plan: ExamPlan | None) -> dict[str, Any] | None:
    if plan is None:
        return None
    return {
        "date": plan.exam.day.isoformat(),
        "decks": list(plan.exam.decks),
        "tags": list(plan.exam.tags),
        "days_left": plan.days_left,
        "cards": plan.cards,
        "unseen": plan.unseen,
        "new_per_day": plan.new_per_day,
        "predicted_recall": plan.predicted_recall,
        "late": plan.late,
    }


def progress_json(progress: Progress) -> dict[str, Any]:
    return {
        "streak_days": progress.streak_days,
        "answered_today": progress.answered_today,
        "retention": progress.retention,
    }


def local(moment: datetime | None, zone: ZoneInfo | None) -> str:
    """A time as the learner reads it: in their zone, to the minute; "-" for none."""
    return "-" if moment is None else moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def progress_line(progress: Progress) -> str:
    days = "day" if progress.streak_days == 1 else "days"
    return (
        f"Streak: {progress.streak_days} {days}   Answered today: {progress.answered_today}   "
        f"Retention of reviews (30 days): {percent(progress.retention)}"
    )


def exam_line(plan: ExamPlan) -> str:
    """The plan's line in `status` and `exam`, with a warning when the date is too close."""
    from pmcards.schedule.exam import INTRODUCE_BEFORE

    scope = ", ".join([*plan.exam.decks, *(f"#{tag}" for tag in plan.exam.tags)]) or "every deck"
    if plan.days_left == 0:
        return f"Exam {plan.exam.day.isoformat()} ({scope}): today or past; scheduling is FSRS's alone again"
    line = (
        f"Exam {plan.exam.day.isoformat()} ({scope}): {plan.days_left} days left, {plan.unseen} of {plan.cards} "
        f"cards not yet seen, {plan.new_per_day} new a day, "
        f"recall on the day if you stopped now {percent(plan.predicted_recall)}"
    )
    if plan.late:
        line += (
            f"\nwarning: the exam is too close to see every card {INTRODUCE_BEFORE} days before it: "
            f"the {plan.late} cards not yet seen all come today, and each can be reviewed only "
            f"a few times before the date"
        )
    return line


def interval_text(log: ReviewLog) -> str:
    from pmcards.schedule.settings import format_duration

    return "-" if log.due is None else format_duration(log.due - log.reviewed_at)


def deck_file(col: Collection, card: StoredCard) -> str:
    """Where a card is written: its deck file and line."""
    path = next((deck.path for deck in col.decks() if deck.id == card.deck_id), "")
    return f"{path}:{card.line}" if path else "-"
