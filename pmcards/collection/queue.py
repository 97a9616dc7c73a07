"""The review queue: which card comes next, and how many are due, under the daily limits.

Order: learning and relearning cards whose step is due; then review cards due by the end of the
learner's day, earliest first; then new cards in deck order. Suspended, buried and retired cards
never appear. The daily new and review limits apply to all decks together; a deck's own override
caps that deck further. Both count what was answered since the learner's day began, read from
the day's counts (kept by answer and undo), so neither query grows with the day's answers.

The queue's queries are index seeks bounded by the limits, so the next card costs the same
however large the collection; the due counts (`status`) read every card that can be shown, once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Executable,
    Select,
    and_,
    bindparam,
    case,
    func,
    literal_column,
    or_,
    select,
    union_all,
)

from pmcards.collection import exam
from pmcards.collection.configuration import SettingsOf
from pmcards.collection.reading import CARD_COLUMNS, StoredCard, tag_patterns, tagged
from pmcards.errors import NotFoundError
from pmcards.schedule.day import Calendar
from pmcards.schedule.exam import Exam
from pmcards.schedule.state import CardState
from pmcards.store import Database
from pmcards.store.schema import cards, day_counts, decks

LEARN_AHEAD = timedelta(minutes=20)
"""When nothing else is left, a learning card due within this long is shown early (as in Anki)."""

_LEARNING = (CardState.LEARNING, CardState.RELEARNING)


@dataclass(frozen=True)
class DueCounts:
    """Cards due today in one deck (or in several, taken together) within the daily limits,
    its active cards, and when its next learning or review card is due."""

    deck_id: str
    title: str
    new: int
    learning: int
    review: int
    total: int
    next_due: datetime | None


@dataclass(frozen=True)
class Allowance:
    """What is left of today's limits: for each deck, and for all decks together."""

    new: dict[str, int]
    review: dict[str, int]
    all_new: int
    all_review: int


_DONE_TODAY = select(day_counts.c.deck_id, day_counts.c.new, day_counts.c.review).where(
    day_counts.c.day == bindparam("today")
)


_SHOWABLE = and_(
    cards.c.retired.is_(False),
    cards.c.suspended.is_(False),
    or_(cards.c.buried_until.is_(None), cards.c.buried_until <= bindparam("now")),
)
_IN_DECKS = cards.c.deck_id.in_(bindparam("decks", expanding=True))
_IN_REVIEWABLE = cards.c.deck_id.in_(bindparam("reviewable", expanding=True))
_LEARNING_STATES = cards.c.state.in_([literal_column(str(int(state))) for state in _LEARNING])
"""Learning or relearning, written into the SQL (a list parameter would be rendered anew each time)."""
_REVIEW_DUE = (cards.c.state == CardState.REVIEW) & (cards.c.due < bindparam("day_end"))
_NEW = cards.c.state == CardState.NEW


def _first_of(*conditions: ColumnElement[bool], order: Sequence[Any]) -> Select[Any]:
    return select(*CARD_COLUMNS).where(_SHOWABLE, *conditions).order_by(*order).limit(1)


@lru_cache(maxsize=8)
def _due_query(scoped: bool, reviews: str) -> Executable:
    """One statement for the first learning card due within the learn-ahead time and (unless
    `reviews` is "none") the first review card due today: in all decks or in `decks` (`scoped`),
    reviews in every deck ("all") or only in `reviewable` ("some")."""
    in_decks = [_IN_DECKS] if scoped else []
    parts = [_first_of(_LEARNING_STATES, cards.c.due <= bindparam("ahead"), *in_decks, order=[cards.c.due])]
    if reviews != "none":
        in_reviewable = [_IN_REVIEWABLE] if reviews == "some" else in_decks
        parts.append(_first_of(_REVIEW_DUE, *in_reviewable, order=[cards.c.due]))
    return parts[0] if len(parts) == 1 else union_all(*(part.subquery().select() for part in parts))


@lru_cache(maxsize=8)
def _first_new_query(untagged: int) -> Select[Any]:
    """The first new card of deck `deck`, without any of the `untagged` tags given (see `tagged`)."""
    without = [~tagged(untagged)] if untagged else []
    return _first_of(_NEW, cards.c.deck_id == bindparam("deck"), *without, order=[cards.c.position, cards.c.ord])


def _first_new(db: Database, deck_id: str, now: datetime, planned: Exam | None) -> StoredCard | None:
    """The first new card of a deck, leaving out those the active exam `planned` introduces at
    its own pace."""
    tags: tuple[str, ...] = ()
    if planned is not None and planned.covers_deck(deck_id):
        if not planned.tags:
            return None
        tags = planned.tags
    found = db.run(_first_new_query(len(tags)), {"now": now, "deck": deck_id, **tag_patterns(tags)}).first()
    return None if found is None else StoredCard(**found)


@lru_cache(maxsize=16)
def _extra_query(mode: str, scoped: bool, tags: int) -> Select[Any]:
    """Study beyond the day's queue: "ahead", the learning and review cards due before `before`,
    earliest first; "cram", the cards already seen and last reviewed before `before`, the longest
    unseen first."""
    scope = [*([_IN_DECKS] if scoped else []), *([tagged(tags)] if tags else [])]
    if mode == "ahead":
        return _first_of(cards.c.state != CardState.NEW, cards.c.due < bindparam("before"), *scope, order=[cards.c.due])
    return _first_of(
        cards.c.state != CardState.NEW,
        cards.c.last_review < bindparam("before"),
        *scope,
        order=[cards.c.last_review, cards.c.pk],
    )


def extra_card(
    db: Database, mode: str, deck_ids: Sequence[str] | None, tags: Sequence[str], now: datetime, before: datetime
) -> StoredCard | None:
    """The next card of extra study (`mode` "ahead" or "cram", see `_extra_query`) in `deck_ids`
    (None: every deck) with any of `tags` (none: all), whatever the day's limits."""
    parameters: dict[str, Any] = {"now": now, "before": before, **tag_patterns(tags)}
    if deck_ids is not None:
        parameters["decks"] = list(deck_ids)
    found = db.run(_extra_query(mode, deck_ids is not None, len(tags)), parameters).first()
    return None if found is None else StoredCard(**found)


_BY_DECK_AND_STATE = (
    select(
        cards.c.deck_id,
        cards.c.state,
        func.count(),
        func.sum(case((cards.c.due < bindparam("day_end"), 1), else_=0)),
        func.min(cards.c.due),
    )
    .where(_SHOWABLE)
    .group_by(cards.c.deck_id, cards.c.state)
)
"""For each deck and state, over the cards that can be shown: how many, how many due today, and
the earliest due time. One pass over the cards, whatever the number of decks."""
_ACTIVE_CARDS = select(decks.c.id, decks.c.cards).where(decks.c.retired.is_(False))


def due_counts(
    db: Database,
    in_play: Sequence[tuple[str, str]],
    left: Allowance,
    now: datetime,
    day_end: datetime,
    planned: exam.Share | None = None,
) -> tuple[list[DueCounts], DueCounts]:
    """For each (deck id, title): new, learning and review cards due today within the limits,
    its cards in use, and when its next learning or review card is due; then the same for all of
    them together (`combined`). With an exam `planned` (its share of today, for these decks),
    a deck's new cards are the plan's that come from it in the order as it stands now, then
    those out of the plan's scope within what the plan leaves of the limits (its cards count
    toward them). The plan's total is what the queue serves today; its split among decks may
    shift as cards are answered (see `exam.upcoming_per_deck`)."""
    counted: dict[tuple[str, int], tuple[int, int, datetime | None]] = {}
    for deck_id, state, cards_now, due_today, earliest in db.run(
        _BY_DECK_AND_STATE, {"now": now, "day_end": day_end}
    ).rows:
        counted[deck_id, state] = (cards_now, due_today or 0, earliest)
    in_use = dict(db.run(_ACTIVE_CARDS, {}).rows)
    coming: Counter[str] = Counter()
    in_scope: dict[str, int] = {}
    if planned is not None:
        coming.update(exam.upcoming_per_deck(db, planned))
        in_scope = exam.showable_new(db, planned.scope, now)
    planned_new = sum(coming.values())
    all_new_left = max(0, left.all_new - planned_new)
    counts = []
    for deck_id, title in in_play:
        new = counted.get((deck_id, CardState.NEW), (0, 0, None))[0] - in_scope.get(deck_id, 0)
        new_left = max(0, min(left.new[deck_id] - coming[deck_id], all_new_left))
        learning = [counted.get((deck_id, state), (0, 0, None)) for state in _LEARNING]
        review = counted.get((deck_id, CardState.REVIEW), (0, 0, None))
        upcoming = [learning[0][2], learning[1][2], _next_review(review[2], left.review[deck_id], day_end)]
        counts.append(
            DueCounts(
                deck_id,
                title,
                new=coming[deck_id] + min(new, new_left),
                learning=learning[0][1] + learning[1][1],
                review=min(review[1], left.review[deck_id]),
                total=in_use.get(deck_id, 0),
                next_due=min((moment for moment in upcoming if moment is not None), default=None),
            )
        )
    return counts, _combined(counts, left, planned_new, all_new_left)


def _next_review(due: datetime | None, allowance: int, day_end: datetime) -> datetime | None:
    """When the deck's next review card can be shown: tomorrow at the earliest once today's
    review allowance is spent."""
    return due if due is None or allowance > 0 else max(due, day_end)


def _combined(counts: Sequence[DueCounts], left: Allowance, planned_new: int, all_new_left: int) -> DueCounts:
    """The counts of several decks taken together: the plan's new cards, and the others within
    what is left of the limits for all decks."""
    upcoming = [c.next_due for c in counts if c.next_due is not None]
    return DueCounts(
        deck_id="",
        title="All decks",
        new=planned_new + min(sum(c.new for c in counts) - planned_new, all_new_left),
        learning=sum(c.learning for c in counts),
        review=min(sum(c.review for c in counts), left.all_review),
        total=sum(c.total for c in counts),
        next_due=min(upcoming) if upcoming else None,
    )


def deck_named(decks: Sequence[tuple[str, str]], name: str) -> tuple[str, str] | None:
    """The (id, title) among `decks` whose id or title (any case) is `name`."""
    lowered = name.lower()
    return next((deck for deck in decks if name == deck[0] or lowered == deck[1].lower()), None)


@dataclass
class _DayView:
    """What the queue reads besides the cards: the active decks (id, title) in order, the learner
    day, that day's counts of new cards and reviews per deck, and the decks found to have no new
    card left. It is kept between calls while the database has not changed elsewhere (the
    backend's data version says so)."""

    version: int | None
    day: date
    decks: list[tuple[str, str]]
    done: dict[str, list[int]]
    no_new: set[str] = field(default_factory=set)


_ACTIVE_DECKS = select(decks.c.id, decks.c.title).where(decks.c.retired.is_(False)).order_by(decks.c.position)


class Queue:
    """The queue of one collection: what is due, within the day's limits, and what comes next.

    While an exam is planned, the new cards in its scope come at the plan's pace (see
    `exam.new_card`) instead of under the daily new-card limit; they count toward that limit,
    so the other decks get what is left of it.

    Daily limits: reviewing every deck, a deck gets its own limit (its override, else the
    learner's) within what is left of the learner's limit for all decks together; reviewing one
    deck alone, it gets its own limit in full. New cards come from the decks in turn (the deck
    with the fewest new cards today first), or deck by deck with `new_card_order` "deck".
    """

    def __init__(self, db: Database, settings_of: Callable[[], SettingsOf], calendar: Callable[[], Calendar]) -> None:
        self._db = db
        self._settings_of = settings_of
        self._calendar = calendar
        self._view: _DayView | None = None

    def forget(self) -> None:
        """Read decks and counts again next time (after this collection synced or changed settings)."""
        self._view = None

    def counted(self, deck_id: str, day: date, new: int, review: int) -> None:
        """This collection answered (or took back an answer to) a card of `deck_id` on `day`."""
        view = self._view
        if view is not None and view.day == day:
            done = view.done.setdefault(deck_id, [0, 0])
            done[0] += new
            done[1] += review
            if new < 0:
                view.no_new.discard(deck_id)

    def _day_view(self, today: date) -> _DayView:
        """The day view (call inside a read transaction)."""
        version = self._db.data_version()
        view = self._view
        if view is None or version is None or view.version != version or view.day != today:
            rows = self._db.run(_DONE_TODAY, {"today": today}).rows
            done = {deck_id: [new, review] for deck_id, new, review in rows}
            active = [(deck_id, title) for deck_id, title in self._db.run(_ACTIVE_DECKS, {}).rows]
            view = self._view = _DayView(version, today, active, done)
        return view

    def in_play(self, deck: str | None, today: date) -> list[tuple[str, str]]:
        """The decks (id, title) a call is about: one, by id or title, or all; `NotFoundError` for
        an unknown deck."""
        every = self._day_view(today).decks
        if deck is None:
            return every
        found = deck_named(every, deck)
        if found is None:
            known = ", ".join(deck_id for deck_id, _ in every) or "none; run `pmcards sync`"
            raise NotFoundError(f"unknown deck '{deck}' (decks: {known})")
        return [found]

    def allowance(self, deck_ids: Sequence[str], today: date, *, alone: bool = False) -> Allowance:
        """The new and review allowance left on the learner day `today`; `alone` for one deck
        reviewed by itself, which is not held to what is left for all decks together."""
        done = self._day_view(today).done
        settings_of = self._settings_of()
        learner = settings_of("")
        all_new = max(0, learner.new_per_day - sum(new for new, _ in done.values()))
        all_review = max(0, learner.reviews_per_day - sum(review for _, review in done.values()))
        new: dict[str, int] = {}
        review: dict[str, int] = {}
        for deck_id in deck_ids:
            settings = settings_of(deck_id)
            new_done, reviews_done = done.get(deck_id, (0, 0))
            new[deck_id] = max(0, settings.new_per_day - new_done)
            review[deck_id] = max(0, settings.reviews_per_day - reviews_done)
            if not alone:
                new[deck_id], review[deck_id] = min(all_new, new[deck_id]), min(all_review, review[deck_id])
        if alone:
            all_new, all_review = sum(new.values()), sum(review.values())
        return Allowance(new, review, all_new, all_review)

    def next_card(
        self, deck_ids: Sequence[str], left: Allowance, now: datetime, day_end: datetime, *, every_deck: bool
    ) -> StoredCard | None:
        """The next card to show from `deck_ids`, or None when nothing is due (call inside a read
        transaction, after `allowance`). `every_deck` says that `deck_ids` are all the active
        decks, so no deck condition is needed."""
        db = self._db
        reviewable = [deck_id for deck_id in deck_ids if left.review[deck_id] > 0]
        reviews = "none" if not reviewable else "all" if len(reviewable) == len(deck_ids) else "some"
        parameters: dict[str, Any] = {"now": now, "ahead": now + LEARN_AHEAD, "day_end": day_end}
        if not every_deck:
            parameters["decks"] = list(deck_ids)
        if reviews == "some":
            parameters["reviewable"] = reviewable
        due = db.run(_due_query(not every_deck, reviews), parameters).records()
        learning = next((card for card in due if card["state"] != CardState.REVIEW), None)
        if learning is not None and learning["due"] <= now:
            return StoredCard(**learning)
        review = next((card for card in due if card["state"] == CardState.REVIEW), None)
        if review is not None:
            return StoredCard(**review)
        planned = self.planned(deck_ids, now, every_deck=every_deck)
        if planned is not None and (wanted := exam.next_planned(db, planned)) is not None:
            return wanted
        view = self._view
        for deck_id in self._new_card_decks(deck_ids, left):
            new = _first_new(db, deck_id, now, None if planned is None else planned.scope)
            if new is not None:
                return new
            if view is not None:
                view.no_new.add(deck_id)
        return None if learning is None else StoredCard(**learning)

    def planned(self, deck_ids: Sequence[str], now: datetime, *, every_deck: bool) -> exam.Share | None:
        """Today's share of the exam plan for `deck_ids` (all the active decks when `every_deck`),
        or None without an exam in force for them (call inside a read transaction). What
        `next_card` serves and what `due_counts` counts both come from it."""
        planned = self._settings_of()("").planned_exam
        if planned is None:
            return None
        return exam.share(self._db, planned, self._calendar(), now, None if every_deck else deck_ids)

    def _new_card_decks(self, deck_ids: Sequence[str], left: Allowance) -> list[str]:
        """The decks to take a new card from, in the order to try them."""
        view = self._view
        no_new = view.no_new if view is not None else set()
        decks_left = [deck_id for deck_id in deck_ids if left.new[deck_id] > 0 and deck_id not in no_new]
        if self._settings_of()("").new_card_order == "deck" or view is None:
            return decks_left
        place = {deck_id: index for index, deck_id in enumerate(deck_ids)}
        return sorted(decks_left, key=lambda deck_id: (view.done.get(deck_id, (0, 0))[0], place[deck_id]))
