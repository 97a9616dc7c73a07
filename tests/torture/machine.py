"""Scenario: a Hypothesis state machine over the whole API. Two review sessions (two collections on
one database) answer, race for the same card, undo, review ahead and cram, suspend, bury and
forget; a deck author edits and syncs; settings and the exam date change; the clock jumps
forward and back. After every step: `check() == []`, each card's reps equal its answers in the
log, the database's integrity check finds nothing, and both sessions see the same queue."""

from __future__ import annotations

import random
import shutil
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

import pmcards
from pmcards.collection import Collection
from pmcards.errors import NotFoundError, PmcardsError
from tests.torture.common import Figures, answers_since_reset, fresh_database, short_traceback
from tests.torture.decks import DeckFolder

SCENARIO = "state machine over the whole API"
START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)

SETTING_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "new_per_day": st.integers(0, 30),
    "reviews_per_day": st.integers(0, 300),
    "desired_retention": st.floats(0.7, 0.99),
    "learning_steps": st.sampled_from(["1m 10m", "", "30s", "1m 1h 1d"]),
    "relearning_steps": st.sampled_from(["10m", "", "5m 1h"]),
    "maximum_interval": st.sampled_from([1, 7, 365, 36500]),
    "fuzz": st.booleans(),
    "leech_threshold": st.sampled_from([1, 2, 8]),
    "bury_siblings": st.booleans(),
    "new_card_order": st.sampled_from(["interleaved", "deck"]),
    "rollover_hour": st.integers(0, 23),
    "timezone": st.sampled_from(["UTC", "Europe/Paris", "America/New_York", "Pacific/Kiritimati", "Pacific/Pago_Pago"]),
}
LEARNER_ONLY = ("new_card_order", "rollover_hour", "timezone")
JUMPS = st.sampled_from(
    [timedelta(minutes=m) for m in (1, 5, 11, 30)]
    + [timedelta(hours=h) for h in (1, 6, 20)]
    + [timedelta(days=d) for d in (1, 2, 5, 30)]
    + [-timedelta(minutes=5), -timedelta(hours=2), -timedelta(days=1), -timedelta(days=3)]
)
"""How the clock moves: forward from a minute to a month, and back by up to three days."""

runs = {"steps": 0, "examples": 0}
"""Steps (the scenario's tries) and examples run by every machine in this process."""


class Clock:
    """The sessions' clock, moved by the machine."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class CollectionMachine(RuleBasedStateMachine):
    """Two sessions on one database, a deck author and a clock."""

    def __init__(self) -> None:
        super().__init__()
        runs["examples"] += 1
        self.folder = Path(tempfile.mkdtemp(prefix="pmcards-machine-"))
        self.decks = DeckFolder.create(self.folder / "decks", decks=2, cards=6)
        self.clock = Clock(START)
        spec = fresh_database(self.folder)
        self.sessions: list[Collection] = [pmcards.open(spec, clock=self.clock) for _ in range(2)]
        self.sessions[0].set_setting("timezone", "UTC")
        self.sessions[0].sync([self.decks.folder])

    def teardown(self) -> None:
        for session in self.sessions:
            session.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- answering --------------------------------------------------------------------------------

    @rule(session=st.integers(0, 1), rating=st.integers(1, 4), duration=st.none() | st.floats(0, 120))
    def answer(self, session: int, rating: int, duration: float | None) -> None:
        col = self.sessions[session]
        card = col.next_card()
        if card is not None:
            col.answer(card, rating, duration)

    @rule(session=st.integers(0, 1), rating=st.integers(1, 4), cram=st.booleans(), days=st.integers(1, 30))
    def study_beyond_today(self, session: int, rating: int, cram: bool, days: int) -> None:
        col = self.sessions[session]
        card = col.next_card(cram=True) if cram else col.next_card(ahead=days)
        if card is not None:
            col.answer(card, rating)

    @rule(first=st.integers(1, 4), second=st.integers(1, 4))
    def both_answer_the_card_both_were_shown(self, first: int, second: int) -> None:
        """Both sessions show their next card; the first answers, then the second answers the
        card as it showed it. If it was the same card, the second answer is written against the
        card as the first left it: both are in the log, and replaying it agrees."""
        shown = [session.next_card() for session in self.sessions]
        if shown[0] is None or shown[1] is None:
            return
        logs = len(self.sessions[0].review_logs())
        self.sessions[0].answer(shown[0], first)
        self.sessions[1].answer(shown[1], second)
        assert len(self.sessions[0].review_logs()) == logs + 2

    @rule(session=st.integers(0, 1))
    def undo(self, session: int) -> None:
        try:
            self.sessions[session].undo()
        except PmcardsError as error:  # the other session answered that card since
            assert str(error).startswith("cannot undo"), error

    @rule(session=st.integers(0, 1), rating=st.integers(1, 4), chance=st.randoms(use_true_random=False))
    def answer_a_card_the_author_changed_meanwhile(self, session: int, rating: int, chance: random.Random) -> None:
        col = self.sessions[session]
        card = col.next_card()
        self.decks.edit(chance)
        self.sessions[1 - session].sync([self.decks.folder])
        if card is not None:
            try:
                col.answer(card, rating)
            except NotFoundError as error:  # the edit retired it
                assert "is retired" in str(error), error

    # -- the learner's flags ------------------------------------------------------------------------

    @rule(
        session=st.integers(0, 1),
        action=st.sampled_from(["suspend", "unsuspend", "bury", "unbury", "forget"]),
        which=st.integers(0, 1000),
    )
    def flag(self, session: int, action: str, which: int) -> None:
        col = self.sessions[session]
        cards = col.cards()
        if cards:
            getattr(col, action)(cards[which % len(cards)].card_id)

    # -- the author, settings and time -------------------------------------------------------------

    @rule(session=st.integers(0, 1), chance=st.randoms(use_true_random=False), edits=st.integers(1, 3))
    def edit_and_sync(self, session: int, chance: random.Random, edits: int) -> None:
        for _ in range(edits):
            self.decks.edit(chance)
        self.sessions[session].sync([self.decks.folder])

    @rule(session=st.integers(0, 1), data=st.data(), per_deck=st.booleans(), unset=st.booleans())
    def change_a_setting(self, session: int, data: st.DataObject, per_deck: bool, unset: bool) -> None:
        col = self.sessions[session]
        key = data.draw(st.sampled_from(sorted(SETTING_VALUES)))
        deck = (
            data.draw(st.sampled_from([deck.id for deck in col.decks()]))
            if per_deck and key not in LEARNER_ONLY
            else None
        )
        if unset:
            col.unset_setting(key, deck)
        else:
            col.set_setting(key, data.draw(SETTING_VALUES[key]), deck)

    @rule(session=st.integers(0, 1), days=st.none() | st.integers(1, 60))
    def plan_an_exam(self, session: int, days: int | None) -> None:
        col = self.sessions[session]
        if days is None:
            col.clear_exam()
        else:
            today: date = col.day_bounds()[0].date()
            col.set_exam(today + timedelta(days=days + 1))

    @rule(jump=JUMPS)
    def move_the_clock(self, jump: timedelta) -> None:
        self.clock.now += jump

    # -- what must always hold -----------------------------------------------------------------------

    @invariant()
    def the_log_is_the_truth(self) -> None:
        runs["steps"] += 1
        col = self.sessions[0]
        assert col.check() == []
        counted = answers_since_reset(col)
        assert {card.pk: card.reps for card in col.cards(include_retired=True)} == {
            card.pk: counted[card.pk] for card in col.cards(include_retired=True)
        }
        assert col.integrity_problems() == []

    @invariant()
    def both_sessions_see_the_same_queue(self) -> None:
        first, second = self.sessions
        assert first.due_total() == second.due_total()
        shown = [session.next_card() for session in self.sessions]
        assert [card and card.pk for card in shown[:1]] == [card and card.pk for card in shown[1:]]


def with_steps(error: BaseException) -> str:
    """A failure as the machine's steps that led to it (Hypothesis notes them) and its last frames."""
    return "\n".join([short_traceback(error), *getattr(error, "__notes__", [])])


def run(*, examples: int, steps: int) -> Figures:
    """Run the machine `examples` times, `steps` steps each (every step is a try)."""
    figures = Figures(SCENARIO)
    runs.update(steps=0, examples=0)
    try:
        run_state_machine_as_test(
            CollectionMachine,
            settings=settings(
                max_examples=examples,
                stateful_step_count=steps,
                deadline=None,
                database=None,
                phases=[Phase.explicit, Phase.generate],  # no shrinking: the steps are shown in full
                suppress_health_check=list(HealthCheck),
            ),
        )
    except AssertionError as error:
        figures.failures += 1
        figures.problem(with_steps(error))
    except Exception as error:
        figures.tracebacks += 1
        figures.problem(with_steps(error))
    figures.tries = runs["steps"]
    figures.details["runs of the machine"] = runs["examples"]
    return figures
