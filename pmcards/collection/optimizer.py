"""Fitting FSRS to the collection's own review log (`pmcards optimize`): the log read into card
histories on the learner's days, then `pmcards.schedule.fitting` does the rest."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from sqlalchemy import Select, bindparam, select

from pmcards.schedule.day import Calendar
from pmcards.schedule.fitting import Answer, Fit, History, fit
from pmcards.schedule.scheduler import FORGOTTEN
from pmcards.schedule.settings import Settings
from pmcards.store import Database
from pmcards.store.schema import cards, review_logs

_EVERY: Select[tuple[int, int, object]] = select(
    review_logs.c.card_pk, review_logs.c.rating, review_logs.c.reviewed_at
).order_by(review_logs.c.card_pk, review_logs.c.id)
_DECK = _EVERY.join(cards, cards.c.pk == review_logs.c.card_pk).where(cards.c.deck_id == bindparam("deck"))


@dataclass(frozen=True)
class Optimization:
    """What `Collection.optimize` did: the deck whose log was fitted (None: every deck's), the
    fit and its scores, and whether the fitted parameters were saved (they were better, or forced)."""

    deck: str | None
    fit: Fit
    saved: bool


def histories(db: Database, calendar: Calendar, deck: str | None) -> list[History]:
    """Every card's answers (of one deck, or all), each history starting at the card's first
    answer or at its last reset by `forget` (a card started over is a new history)."""
    rows = db.run(_EVERY, {}).rows if deck is None else db.run(_DECK, {"deck": deck}).rows
    if not rows:
        return []
    days = calendar.days(calendar.date_of(min(row[2] for row in rows)), calendar.date_of(max(row[2] for row in rows)))
    found: list[History] = []
    for _, answers in groupby(rows, key=lambda row: row[0]):
        history: list[Answer] = []
        for _, rating, at in answers:
            if rating == FORGOTTEN:
                if history:
                    found.append(history)
                history = []
            else:
                history.append(Answer(at, days.number(at), rating))
        if history:
            found.append(history)
    return found


def fit_log(db: Database, calendar: Calendar, deck: str | None, settings: Settings) -> Fit:
    """Fit FSRS to the log of one deck (its id) or of all, against the parameters in `settings`."""
    what = "the review log" + (f" of deck '{deck}'" if deck is not None else "")
    return fit(
        histories(db, calendar, deck),
        settings.fsrs_parameters,
        relearning_steps=len(settings.relearning_step_times),
        what=what,
    )
