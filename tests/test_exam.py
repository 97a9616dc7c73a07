"""Exam mode: the plan's pace, the last reviews brought before the day, the predicted recall, and
a simulated learner preparing the built-in decks for an interview."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from fsrs import Rating

import pmcards
from pmcards import PmcardsError
from pmcards.collection import Collection
from pmcards.schedule.exam import INTRODUCE_BEFORE
from tests.conftest import NOON, basic_deck
from tests.simulation import START, simulate
from tests.test_scheduling import drain

EXAM_DAY = date(2026, 3, 12)  # ten days after NOON


def seen(col: Collection, deck: str) -> int:
    return sum(not card.is_new for card in col.cards(deck))


def test_a_simulated_learner_sees_every_card_in_time_and_recalls_more_than_with_plain_fsrs(tmp_path: Path) -> None:
    days = 30
    exam_day = (START + timedelta(days=days)).date()
    planned = simulate(tmp_path / "exam.db", days, exam=True)
    plain = simulate(tmp_path / "plain.db", days, exam=False)
    assert len(planned.first_seen) == planned.cards == 556
    assert max(planned.first_seen.values()) <= exam_day - timedelta(days=3)
    assert planned.recall_on_the_day >= 0.9  # the desired retention
    loads = [planned.answers[(START + timedelta(days=day)).date()] for day in range(days)]
    assert max(loads) <= 1.5 * sum(loads) / days
    assert planned.recall_on_the_day > plain.recall_on_the_day


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2026-02-30", "invalid exam date '2026-02-30': give a date such as 2026-12-15"),
        ("next week", "invalid exam date 'next week'"),
        ("2026-03-02", "exam date 2026-03-02 is not after today (2026-03-02)"),
        ("2025-12-01", "exam date 2025-12-01 is not after today"),
    ],
)
def test_an_exam_date_must_be_a_date_after_today(big: Collection, day: str, message: str) -> None:
    with pytest.raises(PmcardsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        big.set_exam(day)
    assert big.exam_plan() is None and big.settings().exam == ""


def test_an_exam_on_an_unknown_deck_is_refused(big: Collection) -> None:
    with pytest.raises(pmcards.NotFoundError, match="unknown deck 'gamma'"):
        big.set_exam(EXAM_DAY, decks=["gamma"])
    assert big.exam_plan() is None


def test_the_plan_counts_the_days_the_unseen_cards_and_their_pace(big: Collection) -> None:
    big.set_exam(EXAM_DAY, decks=["Alpha"])
    plan = big.exam_plan()
    assert plan is not None
    assert (plan.exam.decks, plan.days_left, plan.cards, plan.unseen) == (("alpha",), 10, 30, 30)
    assert plan.new_per_day == 7  # 30 cards over the 7 days to the last introduction, front-loaded
    assert plan.predicted_recall == 0.0  # nothing seen yet
    drain(big, NOON)
    plan = big.exam_plan()
    assert plan is not None and plan.unseen == 23 and 0 < plan.predicted_recall < 7 / 30


def test_cards_in_scope_come_at_the_plan_s_pace_and_the_others_get_what_is_left(big: Collection) -> None:
    big.set_setting("new_per_day", 10)
    big.set_exam(EXAM_DAY, decks=["alpha"])
    drain(big, NOON)
    assert (seen(big, "alpha"), seen(big, "beta")) == (7, 3)
    assert big.next_card("alpha", now=NOON) is None  # alone, the deck has had today's share too


def test_a_tag_scope_leaves_the_deck_s_other_cards_to_the_limit(tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    deck = basic_deck("alpha", 6).replace("id: alpha-1\n", "id: alpha-1\ntags: metrics\n")
    (folder / "a.md").write_text(deck.replace("id: alpha-2\n", "id: alpha-2\ntags: metrics\n"))
    with pmcards.open(tmp_path / "tags.db", clock=lambda: NOON) as col:
        col.set_setting("timezone", "UTC")
        col.set_setting("new_per_day", 2)
        col.sync([folder])
        col.set_exam(EXAM_DAY, tags=["metrics"])
        drain(col, NOON)
        assert sorted(card.card_id for card in col.cards() if not card.is_new) == ["alpha-1", "alpha-3"]


def test_a_review_due_after_the_exam_is_brought_into_the_days_before_it(big: Collection) -> None:
    big.set_setting("fuzz", False)
    first = big.answer(big.card("alpha-1"), "easy", now=NOON).schedule.due
    assert first is not None
    exam_day = date(2026, 3, 30)
    big.set_exam(exam_day)
    card = big.card("alpha-1")
    assert first + big.preview(card, now=first)[Rating.Easy] > datetime.combine(exam_day, time(), timezone.utc)
    due = big.answer(card, "easy", now=first).schedule.due
    assert due is not None
    assert exam_day - timedelta(days=7) <= due.date() < exam_day
    assert big.check() == []


def test_after_the_exam_day_scheduling_is_fsrs_s_alone(big: Collection) -> None:
    big.set_exam(EXAM_DAY, decks=["alpha"])
    big.set_setting("new_per_day", 2)
    big.set_setting("fuzz", False)
    on_the_day = NOON + timedelta(days=10)
    card = big.card("alpha-1")
    interval = big.preview(card, now=on_the_day)[Rating.Easy]
    result = big.answer(card, "easy", now=on_the_day)
    assert result.schedule.due is not None and result.schedule.due - on_the_day == interval
    assert len(drain(big, on_the_day)) > 0
    plan = big.exam_plan(now=on_the_day)
    assert plan is not None and (plan.days_left, plan.new_per_day) == (0, 0)
    assert seen(big, "alpha") + seen(big, "beta") == 2  # the daily limit of 2 again


def test_every_card_is_introduced_by_the_last_introduction_day(big: Collection) -> None:
    big.set_exam(EXAM_DAY)
    for day in range((EXAM_DAY - NOON.date()).days - INTRODUCE_BEFORE + 1):
        drain(big, NOON + timedelta(days=day))
    assert seen(big, "alpha") + seen(big, "beta") == 60


def test_clearing_the_exam(big: Collection) -> None:
    big.set_exam(EXAM_DAY)
    big.clear_exam()
    assert big.exam_plan() is None
    drain(big, NOON)
    assert seen(big, "alpha") + seen(big, "beta") == 20  # the daily limit again


def agreed(col: Collection, deck: str | None, now: datetime) -> list[tuple[int, int]]:
    """Answer Easy every card `next_card(deck)` serves at `now`; before each, check that the
    counts `status` and the review header show (new, review) are what it goes on to serve.
    Returns those counts, the first one first."""
    shown: list[tuple[int, int]] = []
    served: list[bool] = []  # whether each card served was new
    while True:
        total = col.due_total(deck, now=now)
        assert total.learning == 0
        shown.append((total.new, total.review))
        card = col.next_card(deck, now=now)
        if card is None:
            break
        served.append(card.is_new)
        col.answer(card, "easy", now=now)
    for index, counts in enumerate(shown):
        rest = served[index:]
        assert counts == (sum(rest), len(rest) - sum(rest)), f"after {index} answers"
    return shown


@pytest.mark.parametrize("scope", [(), ("alpha",)], ids=["every deck", "alpha"])
@pytest.mark.parametrize("deck", [None, "alpha", "beta"], ids=["all", "alpha alone", "beta alone"])
def test_the_counts_shown_are_what_review_serves_day_after_day(
    big: Collection, scope: tuple[str, ...], deck: str | None
) -> None:
    big.set_setting("new_per_day", 5)  # below the plan's pace, so the plan's cards overrun the limit
    big.set_exam(EXAM_DAY, decks=scope)
    tomorrow: tuple[int, int] | None = None
    for day in range((EXAM_DAY - NOON.date()).days):
        now = NOON + timedelta(days=day)
        shown = agreed(big, deck, now)
        if tomorrow is not None:
            assert shown[0] == tomorrow  # the session summary's "due tomorrow" was right
        due = big.due_total(deck, now=big.day_bounds(now=now)[1])
        tomorrow = (due.new, due.review)
    in_scope = [card for card in big.cards(deck) if not scope or card.deck_id in scope]
    assert not any(card.is_new for card in in_scope or big.cards(deck))  # beta alone: 5 a day see it all too
    assert big.check() == []


def test_a_deck_reviewed_alone_gets_its_own_share_of_the_plan_and_its_counts_say_so(big: Collection) -> None:
    big.set_setting("new_per_day", 20)
    big.set_exam(EXAM_DAY)
    drain(big, NOON, "easy", deck="alpha")  # alpha alone: its own share of the plan, 7 of its 30
    assert seen(big, "alpha") == 7
    assert big.due_total("alpha", now=NOON).new == 0 and big.next_card("alpha", now=NOON) is None
    # every deck: the plan's share of the 60 cards is 13, so 6 more, from beta first (the decks in turn)
    assert big.due_total(now=NOON).new == 6 == len(drain(big, NOON, "easy"))
    assert big.due_total(now=NOON).new == 0 and big.next_card(now=NOON) is None


def test_a_date_too_close_for_the_plan_is_kept_and_says_so(big: Collection) -> None:
    big.set_exam(NOON.date() + timedelta(days=INTRODUCE_BEFORE))  # the last day of introductions: in time
    plan = big.exam_plan()
    assert plan is not None and plan.late == 0 and plan.new_per_day == 60
    big.set_exam(NOON.date() + timedelta(days=2))
    plan = big.exam_plan()
    assert plan is not None and (plan.late, plan.unseen, plan.new_per_day) == (60, 60, 60)
    assert big.due_total(now=NOON).new == 60 == len(drain(big, NOON, "easy"))
    plan = big.exam_plan()
    assert plan is not None and plan.late == 0  # nothing left unseen


def test_an_exam_needs_cards_in_its_scope(big: Collection, tmp_path: Path) -> None:
    with pytest.raises(pmcards.NotFoundError, match="no card of alpha in use has the tag 'nosuchtag'"):
        big.set_exam(EXAM_DAY, decks=["alpha"], tags=["nosuchtag"])
    assert big.exam_plan() is None
    with pmcards.open(tmp_path / "empty.db") as empty, pytest.raises(PmcardsError, match="no card in use to prepare"):
        empty.set_exam(EXAM_DAY, now=NOON)
