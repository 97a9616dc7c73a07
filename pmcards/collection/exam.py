"""The exam plan of a collection: the cards in scope, how many are still unseen, today's share of
new cards (the one count that both the queue's next card and its due counts read), the load of
the final days, and the recall on the exam day if the learner stopped now."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, bindparam, func, select

from pmcards.collection.configuration import SettingsOf
from pmcards.collection.reading import CARD_COLUMNS, StoredCard, read_cards, tag_patterns, tagged
from pmcards.schedule import scheduler
from pmcards.schedule.day import Calendar
from pmcards.schedule.exam import Exam
from pmcards.schedule.state import CardState
from pmcards.store import Database
from pmcards.store.schema import cards, decks, review_logs


@dataclass(frozen=True)
class ExamPlan:
    """Where the preparation for an exam stands: the days left, the cards in scope and how many
    are unseen, the new cards a day it takes to see them all in time, `late`: how many of the
    unseen can no longer be seen `INTRODUCE_BEFORE` days before the exam (the date is too close;
    they all come today), and `predicted_recall`: the recall on the morning of the exam if the
    learner stopped studying now (FSRS retrievability of today's memory, projected to that
    morning and averaged over the cards in scope; an unseen card counts as 0). It is not a
    forecast of the plan: the reviews still to come raise it."""

    exam: Exam
    days_left: int
    cards: int
    unseen: int
    new_per_day: int
    predicted_recall: float
    late: int


def _scope(has_decks: bool, tags: int) -> list[Any]:
    """The cards in use of an exam's scope: of its decks (when it names some), with one of its
    `tags` tags (when it names some); the parameters are `_parameters`'."""
    conditions: list[Any] = [cards.c.retired.is_(False), cards.c.suspended.is_(False)]
    if has_decks:
        conditions.append(cards.c.deck_id.in_(bindparam("decks", expanding=True)))
    if tags:
        conditions.append(tagged(tags))
    return conditions


def _parameters(exam: Exam, **values: Any) -> dict[str, Any]:
    return {**values, **({"decks": list(exam.decks)} if exam.decks else {}), **tag_patterns(exam.tags)}


@lru_cache(maxsize=8)
def _unseen_query(has_decks: bool, tags: int) -> Select[Any]:
    return select(func.count()).where(*_scope(has_decks, tags), cards.c.state == CardState.NEW)


@lru_cache(maxsize=8)
def _introduced_query(has_decks: bool, tags: int) -> Select[Any]:
    return (
        select(func.count())
        .select_from(review_logs.join(cards, cards.c.pk == review_logs.c.card_pk))
        .where(
            *_scope(has_decks, tags),
            review_logs.c.reviewed_at >= bindparam("since"),
            review_logs.c.before_state == CardState.NEW,
            review_logs.c.rating > 0,
        )
    )


def _next_new(has_decks: bool, tags: int, *columns: Any) -> Select[Any]:
    """`columns` of the next `count` new cards in scope that are not buried past `released`, in
    the order the plan introduces them: of the note with the most unseen cards first (siblings
    are seen a day apart, so the longest chains start first and all end in time), then the decks
    in turn (each deck's first, then each one's second...)."""
    unseen = (
        select(cards.c.card_id, func.count().label("cards"))
        .where(*_scope(has_decks, tags), cards.c.state == CardState.NEW)
        .group_by(cards.c.card_id)
        .subquery("unseen")
    )
    return (
        select(*columns)
        .select_from(cards)
        .join(decks, decks.c.id == cards.c.deck_id)
        .join(unseen, unseen.c.card_id == cards.c.card_id)
        .where(*_scope(has_decks, tags), cards.c.state == CardState.NEW)
        .where((cards.c.buried_until.is_(None)) | (cards.c.buried_until <= bindparam("released")))
        .order_by(unseen.c.cards.desc(), cards.c.position, decks.c.position, cards.c.ord)
        .limit(bindparam("count"))
    )


@lru_cache(maxsize=8)
def _next_new_query(has_decks: bool, tags: int) -> Select[Any]:
    """The next new cards of the plan, in order (see `_next_new`)."""
    return _next_new(has_decks, tags, *CARD_COLUMNS)


@lru_cache(maxsize=8)
def _next_new_per_deck_query(has_decks: bool, tags: int) -> Select[Any]:
    """Per deck, how many of the next new cards of the plan (see `_next_new`) it holds: counted
    by the database over the same limited selection, without reading the cards."""
    chosen = _next_new(has_decks, tags, cards.c.deck_id).subquery("chosen")
    return select(chosen.c.deck_id, func.count()).group_by(chosen.c.deck_id)


@lru_cache(maxsize=8)
def _showable_new_query(has_decks: bool, tags: int) -> Select[Any]:
    """Per deck, the new cards in scope that can be shown at `now` (not buried)."""
    return (
        select(cards.c.deck_id, func.count())
        .where(*_scope(has_decks, tags), cards.c.state == CardState.NEW)
        .where((cards.c.buried_until.is_(None)) | (cards.c.buried_until <= bindparam("now")))
        .group_by(cards.c.deck_id)
    )


@lru_cache(maxsize=8)
def _count_query(has_decks: bool, tags: int) -> Select[Any]:
    return select(func.count()).where(*_scope(has_decks, tags))


@lru_cache(maxsize=8)
def _due_between_query(has_decks: bool, tags: int) -> Select[Any]:
    return select(cards.c.due).where(
        *_scope(has_decks, tags), cards.c.due >= bindparam("start"), cards.c.due < bindparam("end")
    )


def _shape(exam: Exam) -> tuple[bool, int]:
    return bool(exam.decks), len(exam.tags)


@dataclass(frozen=True)
class Share:
    """What the plan introduces today, of the decks asked about: `scope` (the exam, kept to those
    decks), how many of its cards in all (`pace`, reckoned on the cards unseen when the day
    began) and how many more (`left`), and until when a buried card is shown anyway
    (`released`: on the last day of introductions, a card its sibling buried comes too). `left`
    is what the queue serves today in all; which decks those cards come from is only the order
    as it stands (`upcoming_per_deck`), and answering a card can change it."""

    scope: Exam
    pace: int
    left: int
    released: datetime


def share(
    db: Database, exam: Exam, calendar: Calendar, now: datetime, deck_ids: Sequence[str] | None = None
) -> Share | None:
    """Today's share of the plan at `now`, for the decks `deck_ids` reviewed by themselves (None:
    the whole plan); None when the plan is over or covers none of those decks (call inside a
    read transaction). The pace is reckoned on the cards in scope of those decks, so a deck
    reviewed alone gets its own share, as it gets its own new-card limit without an exam."""
    today = calendar.date_of(now)
    if deck_ids is not None:
        exam = replace(exam, decks=tuple(deck_id for deck_id in deck_ids if exam.covers_deck(deck_id)))
        if not exam.decks:
            return None
    if not exam.active(today):
        return None
    start, end = calendar.bounds(now)
    unseen = db.run(_unseen_query(*_shape(exam)), _parameters(exam)).rows[0][0]
    introduced = db.run(_introduced_query(*_shape(exam)), _parameters(exam, since=start)).rows[0][0]
    pace = exam.new_per_day(unseen + introduced, today)
    left = max(0, pace - introduced) if unseen else 0
    return Share(exam, pace, left, now if today < exam.last_introduction() else end)


def _upcoming_parameters(planned: Share, most: int) -> dict[str, Any] | None:
    """The parameters of `_next_new`'s queries for today's share, up to `most` cards (None when
    the plan introduces no more today)."""
    count = min(most, planned.left)
    if count <= 0:
        return None
    return _parameters(planned.scope, released=planned.released, count=count)


def next_planned(db: Database, planned: Share) -> StoredCard | None:
    """The card the plan introduces next today (None when today's share is introduced, or no
    card of it can be shown): the one `Queue.next_card` serves."""
    parameters = _upcoming_parameters(planned, 1)
    if parameters is None:
        return None
    found = db.run(_next_new_query(*_shape(planned.scope)), parameters).build(StoredCard, plain=True)
    return found[0] if found else None


def upcoming_per_deck(db: Database, planned: Share) -> dict[str, int]:
    """Per deck, how many cards the plan would still introduce today, in its order as it stands,
    counted in the database: the total is today's remaining share; the split among decks may
    shift as cards are answered (the order ranks notes by their unseen cards, and answering a
    card buries its siblings)."""
    parameters = _upcoming_parameters(planned, planned.left)
    if parameters is None:
        return {}
    return dict(db.run(_next_new_per_deck_query(*_shape(planned.scope)), parameters).rows)


def showable_new(db: Database, exam: Exam, now: datetime) -> dict[str, int]:
    """Per deck, the new cards in the exam's scope that can be shown at `now`."""
    return dict(db.run(_showable_new_query(*_shape(exam)), _parameters(exam, now=now)).rows)


def scope_size(db: Database, exam: Exam) -> int:
    """How many cards in use (not suspended) the exam covers."""
    return int(db.run(_count_query(*_shape(exam)), _parameters(exam)).rows[0][0])


def final_days_load(db: Database, exam: Exam, calendar: Calendar) -> Counter[date]:
    """How many cards in scope are due on each of the exam's final days."""
    final = exam.final_days()
    start, end = calendar.start_of(final[0]), calendar.start_of(exam.day)
    rows = db.run(_due_between_query(*_shape(exam)), _parameters(exam, start=start, end=end)).rows
    return Counter(calendar.date_of(due) for (due,) in rows)


def plan(db: Database, exam: Exam, settings_of: SettingsOf, calendar: Calendar, now: datetime) -> ExamPlan:
    """The plan's state at `now` (call inside a read transaction)."""
    today = calendar.date_of(now)
    in_scope = [card for card in read_cards(db) if exam.covers(card.deck_id, card.tags) and not card.suspended]
    unseen = sum(card.state == CardState.NEW for card in in_scope)
    morning = calendar.start_of(exam.day)
    recalls = [scheduler.recall(card, settings_of(card.deck_id), morning) or 0.0 for card in in_scope]
    today_s = share(db, exam, calendar, now)
    return ExamPlan(
        exam=exam,
        days_left=max(0, (exam.day - today).days),
        cards=len(in_scope),
        unseen=unseen,
        new_per_day=0 if today_s is None else today_s.pace,
        predicted_recall=sum(recalls) / len(recalls) if recalls else 0.0,
        late=unseen if today_s is not None and today > exam.last_introduction() else 0,
    )
