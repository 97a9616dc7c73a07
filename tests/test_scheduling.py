"""Answering, the queue and its daily limits, the learner's day, undo, leeches and `check`,
all on a real SQLite file with a simulated clock."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fsrs import Rating

import pmcards
from pmcards import NotFoundError, RatingError, SettingError, StoreError
from pmcards.collection import Collection
from pmcards.schedule.day import Calendar, learner_date
from pmcards.schedule.state import CardState
from pmcards.store import sqlite
from tests.conftest import NOON, basic_deck, raw_sql


def drain(col: Collection, now: datetime, rating: str = "good", limit: int = 200, deck: str | None = None) -> list[str]:
    """Answer every card due at `now` (in `deck`, or all) with `rating`; return the card ids in the order shown."""
    shown: list[str] = []
    while (card := col.next_card(deck, now=now)) is not None and len(shown) < limit:
        shown.append(card.card_id)
        col.answer(card, rating, now=now)
    return shown


# -- ratings and answers ---------------------------------------------------------------------------


@pytest.mark.parametrize("rating", [1, 2, 3, 4, "again", "HARD", "Good", " easy ", "3"])
def test_valid_ratings(col: Collection, rating: object) -> None:
    card = col.next_card()
    assert card is not None
    col.answer(card, rating)
    assert len(col.review_logs()) == 1


@pytest.mark.parametrize("rating", [0, 5, "good!", "", None, True, 2.5, "0"])
def test_invalid_ratings_change_nothing(col: Collection, rating: object) -> None:
    card = col.next_card()
    assert card is not None
    with pytest.raises(RatingError, match="use 1-4 or Again, Hard, Good, Easy"):
        col.answer(card, rating)
    assert col.review_logs() == []
    assert col.card(card).state == CardState.NEW


def test_answer_updates_memory_state_and_appends_a_log_row(col: Collection) -> None:
    card = col.next_card()
    assert card is not None
    result = col.answer(card, "good", duration=4.2)
    stored = col.card(card)
    log = col.review_logs(card)[0]
    assert (stored.state, stored.step, stored.reps, stored.last_review) == (1, 1, 1, NOON)
    assert stored.due == NOON + timedelta(minutes=10)
    assert stored.stability is not None and stored.difficulty is not None
    assert (log.rating, log.reviewed_at, log.duration_ms, log.previous_state) == (3, NOON, 4200, CardState.NEW)
    assert (log.state, log.stability, log.difficulty, log.due) == (1, stored.stability, stored.difficulty, stored.due)
    assert result.log_id == log.id and not result.became_leech
    assert result.schedule == stored.schedule


def test_unknown_card_and_deck_raise_not_found(col: Collection) -> None:
    with pytest.raises(NotFoundError, match="no card 999"):
        col.answer(999, "good")
    with pytest.raises(NotFoundError, match="no card 'nope'"):
        col.card("nope")
    with pytest.raises(NotFoundError, match="unknown deck 'Nope' \\(decks: sample\\)"):
        col.next_card("Nope")
    assert col.review_logs() == []


def test_preview_shows_the_interval_of_each_rating(col: Collection) -> None:
    card = col.next_card()
    assert card is not None
    intervals = {rating.name: interval for rating, interval in col.preview(card).items()}
    assert intervals["Again"] == timedelta(minutes=1)
    assert intervals["Good"] == timedelta(minutes=10)
    assert intervals["Easy"] >= timedelta(days=1)


# -- the queue -------------------------------------------------------------------------------------


def test_new_cards_come_from_each_deck_in_turn_up_to_the_daily_limit(big: Collection) -> None:
    big.set_setting("new_per_day", 5)
    assert big.due_total(now=NOON).new == 5
    assert drain(big, NOON, "easy") == ["alpha-1", "beta-1", "alpha-2", "beta-2", "alpha-3"]
    assert [(c.deck_id, c.new) for c in big.due_counts(now=NOON)] == [("alpha", 0), ("beta", 0)]


def test_new_cards_in_deck_order_when_chosen(big: Collection) -> None:
    big.set_setting("new_per_day", 3)
    big.set_setting("new_card_order", "deck")
    assert drain(big, NOON, "easy") == ["alpha-1", "alpha-2", "alpha-3"]
    with pytest.raises(SettingError, match="new_card_order"):
        big.set_setting("new_card_order", "random")
    with pytest.raises(SettingError, match="applies to the learner, not to one deck"):
        big.set_setting("new_card_order", "deck", deck="alpha")


def test_a_deck_override_caps_that_deck_within_the_limit_for_all(big: Collection) -> None:
    big.set_setting("new_per_day", 5)
    big.set_setting("new_per_day", 2, deck="alpha")
    assert [(c.deck_id, c.new) for c in big.due_counts(now=NOON)] == [("alpha", 2), ("beta", 5)]
    assert drain(big, NOON, "easy") == ["alpha-1", "beta-1", "alpha-2", "beta-2", "beta-3"]


def test_a_deck_limit_above_the_learner_s_applies_when_the_deck_is_reviewed_alone(big: Collection) -> None:
    big.set_setting("new_per_day", 2)
    big.set_setting("new_per_day", 6, deck="beta")
    assert big.due_total(now=NOON).new == 2  # all decks together: the learner's limit
    assert big.due_total("beta", now=NOON).new == 6  # beta alone: its own
    assert drain(big, NOON, "easy", deck="beta") == [f"beta-{n}" for n in range(1, 7)]
    assert drain(big, NOON, "easy") == []  # the 6 answers count against the limit for all decks too


def test_per_deck_override_of_the_new_card_limit(big: Collection) -> None:
    big.set_setting("new_per_day", 2)
    big.set_setting("new_per_day", 0, deck="beta")
    assert drain(big, NOON, "easy") == ["alpha-1", "alpha-2"]
    assert big.settings("beta").new_per_day == 0 and big.settings().new_per_day == 2


def test_learning_cards_come_first_then_reviews_then_new(big: Collection) -> None:
    big.set_setting("new_per_day", 3)
    first, second = big.card("alpha-1"), big.card("alpha-2")
    big.answer(first, "easy", now=NOON - timedelta(days=60))  # a review card, overdue by now
    big.answer(second, "again", now=NOON - timedelta(minutes=5))  # a learning card, due now
    order = [big.next_card(now=NOON)]
    assert order[0] is not None and order[0].card_id == second.card_id
    big.answer(order[0], "easy", now=NOON)
    review = big.next_card(now=NOON)
    assert review is not None and review.card_id == first.card_id
    big.answer(review, "good", now=NOON)
    new = big.next_card(now=NOON)  # alpha has had a new card today, beta none: beta's turn
    assert new is not None and new.state == CardState.NEW and new.card_id == "beta-1"


def test_reviews_are_capped_by_the_daily_limit(big: Collection) -> None:
    big.set_setting("new_per_day", 10)
    day_one = NOON - timedelta(days=30)
    drain(big, day_one, "easy")
    big.set_setting("reviews_per_day", 4)
    assert [(c.review, c.new) for c in big.due_counts(now=NOON)] == [(4, 10), (4, 10)]  # each deck within 4 for all
    total = big.due_total(now=NOON)
    assert (total.review, total.new, total.total) == (4, 10, 60)
    assert len(drain(big, NOON, "easy")) == 4 + 10


def test_suspended_buried_and_retired_cards_never_appear(big: Collection) -> None:
    big.set_setting("new_per_day", 30)
    big.suspend(big.card("alpha-1"))
    big.bury(big.card("alpha-2"), now=NOON)
    shown = drain(big, NOON, "easy")
    assert "alpha-1" not in shown and "alpha-2" not in shown
    tomorrow = big.day_bounds(now=NOON)[1] + timedelta(minutes=1)
    assert drain(big, tomorrow, "easy")[:1] == ["alpha-2"]
    big.unsuspend(big.card("alpha-1"))
    assert big.next_card(now=tomorrow).card_id == "alpha-1"  # type: ignore[union-attr]


def test_nothing_due_gives_none_and_counts_say_when(col: Collection) -> None:
    drain(col, NOON, "easy")
    assert col.next_card(now=NOON) is None
    (counts,) = col.due_counts(now=NOON)
    assert (counts.new, counts.learning, counts.review, counts.total) == (0, 0, 0, 4)
    assert counts.next_due is not None and counts.next_due > NOON + timedelta(days=1)


# -- the learner's day -----------------------------------------------------------------------------


def test_day_rolls_over_at_4am_local_time(big: Collection) -> None:
    big.set_setting("timezone", "Europe/Paris")
    big.set_setting("new_per_day", 1)
    paris = ZoneInfo("Europe/Paris")
    evening = datetime(2026, 6, 10, 22, 0, tzinfo=paris).astimezone(timezone.utc)
    assert drain(big, evening, "easy") == ["alpha-1"]
    before_rollover = datetime(2026, 6, 11, 3, 59, tzinfo=paris).astimezone(timezone.utc)
    assert big.next_card(now=before_rollover) is None
    after_rollover = datetime(2026, 6, 11, 4, 0, tzinfo=paris).astimezone(timezone.utc)
    assert big.next_card(now=after_rollover).card_id == "alpha-2"  # type: ignore[union-attr]
    big.set_setting("rollover_hour", 0)
    assert big.next_card(now=before_rollover).card_id == "alpha-2"  # type: ignore[union-attr]


def test_day_bounds_across_daylight_saving_changes() -> None:  # (a Calendar's)
    new_york = ZoneInfo("America/New_York")
    spring = datetime(2026, 3, 7, 12, 0, tzinfo=new_york)  # clocks go forward at 2 am on 8 March
    calendar = Calendar(4, new_york)
    start, end = calendar.bounds(spring)
    assert start == datetime(2026, 3, 7, 9, 0, tzinfo=timezone.utc)  # 4 am EST
    assert end == datetime(2026, 3, 8, 8, 0, tzinfo=timezone.utc)  # 4 am EDT
    assert end - start == timedelta(hours=23)
    autumn = datetime(2026, 10, 31, 12, 0, tzinfo=new_york)  # clocks go back at 2 am on 1 November
    start, end = calendar.bounds(autumn)
    assert end - start == timedelta(hours=25)
    assert calendar.bounds(datetime(2026, 11, 1, 3, 30, tzinfo=new_york))[0] == start
    assert Calendar(4, new_york).bounds(datetime(2026, 11, 1, 3, 30, tzinfo=new_york))[0] == start  # not remembered


def test_invalid_settings_are_refused_naming_the_setting(col: Collection) -> None:
    for key, value, message in [
        ("desired_retention", 0.5, "between 0.7 and 0.99"),
        ("desired_retention", 1.2, "between 0.7 and 0.99"),
        ("new_per_day", -1, "must not be negative"),
        ("reviews_per_day", "many", "invalid value 'many' for setting 'reviews_per_day'"),
        ("timezone", "Mars/Olympus", "unknown time zone 'Mars/Olympus'"),
        ("learning_steps", "1m soon", "'soon' is not a step"),
        ("rollover_hour", 24, "from 0 to 23"),
        ("colour", "blue", "unknown setting 'colour'"),
    ]:
        with pytest.raises(SettingError, match=message):
            col.set_setting(key, value)
    with pytest.raises(SettingError, match="applies to the learner, not to one deck"):
        col.set_setting("timezone", "UTC", deck="sample")
    assert col.overrides()[""]["timezone"] == "UTC" and "sample" not in col.overrides()


def test_corrupt_settings_row_is_reported_with_its_fix(col: Collection, database: str) -> None:
    raw_sql(database, "INSERT INTO settings VALUES ('', 'new_per_day', '\"lots\"')")
    with pytest.raises(
        SettingError, match=r"stored setting 'new_per_day' is invalid .* `pmcards config new_per_day --unset`"
    ):
        col.next_card()
    col.unset_setting("new_per_day")
    assert col.next_card() is not None


def test_steps_and_retention_reach_the_scheduler(col: Collection) -> None:
    col.set_setting("learning_steps", "2m, 1h")
    col.set_setting("desired_retention", "0.8")
    card = col.next_card()
    assert card is not None
    assert col.preview(card)[Rating.Again] == timedelta(minutes=2)
    assert col.settings().learning_steps == "2m 1h"


# -- undo, leeches ---------------------------------------------------------------------------------


def test_undo_goes_back_through_several_answers_exactly(big: Collection) -> None:
    snapshots = []
    moments = [NOON, NOON + timedelta(minutes=1), NOON + timedelta(minutes=2)]
    for moment, rating in zip(moments, ["good", "again", "easy"], strict=True):
        card = big.next_card(now=moment)
        assert card is not None
        snapshots.append((card.pk, big.card(card).schedule))
        big.answer(card, rating, now=moment)
    for pk, before in reversed(snapshots):
        restored = big.undo()
        assert restored is not None and restored.pk == pk
        assert big.card(pk).schedule == before
    assert big.review_logs() == []
    assert big.undo() is None


def test_leech_is_suspended_after_enough_lapses(col: Collection) -> None:
    col.set_setting("leech_threshold", 3)
    card = col.card("s-basic")
    moment = NOON
    results = []
    for _ in range(3):
        col.answer(card, "easy", now=moment)  # graduate to review
        moment += timedelta(days=30)
        results.append(col.answer(card, "again", now=moment))  # lapse
        moment += timedelta(minutes=15)
    stored = col.card(card)
    assert (stored.lapses, stored.leech, stored.suspended) == (3, True, True)
    assert [result.became_leech for result in results] == [False, False, True]
    assert "s-basic" not in [c.card_id for c in [col.next_card(now=moment)] if c]
    col.undo()
    assert (col.card(card).lapses, col.card(card).leech, col.card(card).suspended) == (2, False, False)


# -- the log is the truth --------------------------------------------------------------------------


def test_check_finds_a_tampered_card_and_repair_fixes_it(col: Collection, database: str) -> None:
    moment = NOON
    for rating in ["good", "good", "hard", "again", "good", "easy"]:
        card = col.next_card(now=moment) or col.card("s-basic")
        col.answer(card, rating, now=moment)
        moment += timedelta(days=2)
    assert col.check() == []
    raw_sql(database, "UPDATE cards SET stability = stability * 3, difficulty = 9.9 WHERE card_id = 's-basic'")
    (mismatch,) = col.check()
    assert mismatch.card.card_id == "s-basic"
    assert set(mismatch.differences) == {"stability", "difficulty"}
    assert len(col.check(repair=True)) == 1
    assert col.check() == []


# -- progress --------------------------------------------------------------------------------------


def test_progress_counts_the_streak_today_and_retention(big: Collection) -> None:
    big.set_setting("new_per_day", 30)
    assert big.progress(now=NOON) == pmcards.Progress(streak_days=0, answered_today=0, retention=None)
    cards = [big.card(f"alpha-{n}") for n in range(1, 5)]
    for days_ago in (3, 2, 1):  # weeks ago: long before the current streak
        for card in cards:
            big.answer(card, "easy", now=NOON - timedelta(days=days_ago * 7))
    for days_ago in (2, 1):
        big.answer(big.card("beta-1"), "good", now=NOON - timedelta(days=days_ago))
    big.answer(cards[0], "again", now=NOON)
    big.answer(cards[1], "good", now=NOON)
    progress = big.progress(now=NOON)
    assert progress.streak_days == 3
    assert progress.answered_today == 2
    assert progress.retention is not None and 0 < progress.retention < 1
    assert big.progress(now=NOON + timedelta(days=2)).streak_days == 0


# -- found in review: settings, replay, limits, daylight saving, leeches, locks --------------------


@pytest.mark.parametrize(
    ("given", "stored"), [("90s", "90s"), ("1.5h", "90m"), ("36h", "36h"), ("30d", "30d"), ("1m, 1d", "1m 1d")]
)
def test_steps_are_stored_exactly_and_read_back(col: Collection, given: str, stored: str) -> None:
    assert col.set_setting("learning_steps", given) == stored
    assert col.settings().learning_steps == stored
    assert col.next_card() is not None


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("new_per_day", 10**20),
        ("reviews_per_day", 100_001),
        ("maximum_interval", 40_000),
        ("learning_steps", "9999999999d"),
        ("learning_steps", "0.4s"),
    ],
)
def test_settings_have_upper_bounds(col: Collection, key: str, value: object) -> None:
    with pytest.raises(SettingError, match=f"setting '{key}'"):
        col.set_setting(key, value)


def test_check_after_a_change_of_learning_steps_finds_nothing(col: Collection) -> None:
    card = col.next_card(now=NOON)
    assert card is not None
    col.answer(card, "good", now=NOON)
    col.set_setting("learning_steps", "10m")
    assert col.check() == []


def test_next_due_waits_for_tomorrow_when_the_review_limit_is_spent(big: Collection) -> None:
    big.set_setting("new_per_day", 3)
    drain(big, NOON - timedelta(days=60), "easy")
    big.set_setting("reviews_per_day", 0)
    total = big.due_total(now=NOON)
    assert total.review == 0 and total.next_due == big.day_bounds(now=NOON)[1]


def test_day_bounds_hold_now_when_the_system_zone_skips_the_rollover_hour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        calendar = Calendar(2, None)
        for minutes in range(0, 24 * 60, 30):
            now = datetime(2024, 3, 10, 0, 0, tzinfo=timezone.utc) + timedelta(minutes=minutes)
            start, end = calendar.bounds(now)
            assert start <= now < end and calendar.date_of(now) == learner_date(now, 2, None), now
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_a_leech_is_flagged_again_every_half_threshold(col: Collection) -> None:
    col.set_setting("leech_threshold", 4)
    card, moment, fired = col.card("s-basic"), NOON, []
    for _ in range(8):
        col.answer(card, "easy", now=moment)
        moment += timedelta(days=60)
        fired.append(col.answer(card, "again", now=moment).became_leech)
        col.unsuspend(card)
        moment += timedelta(minutes=15)
    assert fired == [False, False, False, True, False, True, False, True]


def test_a_locked_database_gives_a_store_error_and_changes_nothing(
    db_path: Path, deck_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite, "BUSY_TIMEOUT_MS", 50)
    with pmcards.open(db_path) as col:
        col.sync([deck_dir])
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreError, match="database is locked"):
            col.answer(col.card("s-basic"), "good")
        with pytest.raises(StoreError, match="database is locked"):
            col.set_setting("new_per_day", 5)
        other.execute("ROLLBACK")
        other.close()
        assert col.review_logs() == [] and col.settings().new_per_day == 20


def test_a_duration_must_be_a_finite_number(col: Collection) -> None:
    with pytest.raises(pmcards.PmcardsError, match="invalid duration nan"):
        col.answer(col.card("s-basic"), "good", duration=float("nan"))
    assert col.review_logs() == []


# -- siblings and notes ------------------------------------------------------------------------------

CLOZES = "# Figures\n\nid: figures\n\n## Cloze\n\nid: f-1\n\nText: {{c1::A}} then {{c2::B}} then {{c3::C}}.\n"


@pytest.fixture
def figures(tmp_path: Path, database: str) -> Iterator[Collection]:
    folder = tmp_path / "figures"
    folder.mkdir()
    (folder / "figures.md").write_text(CLOZES + basic_deck("other", 2).split("\n", 3)[3])
    with pmcards.open(database, clock=lambda: NOON) as col:
        col.set_setting("timezone", "UTC")
        col.sync([folder])
        yield col


def test_the_other_deletions_of_a_cloze_wait_until_tomorrow(figures: Collection) -> None:
    today = [(card.card_id, card.ord) for card in map(figures.card, drain_cards(figures, NOON))]
    assert [pair for pair in today if pair[0] == "f-1"] == [("f-1", 1)]
    tomorrow = figures.day_bounds(now=NOON)[1] + timedelta(minutes=1)
    assert ("f-1", 2) in [(card.card_id, card.ord) for card in map(figures.card, drain_cards(figures, tomorrow))]
    assert figures.check() == []


def test_undo_takes_back_the_burial_of_the_siblings_too(figures: Collection) -> None:
    first = figures.next_card(now=NOON)
    assert first is not None and (first.card_id, first.ord) == ("f-1", 1)
    figures.answer(first, "good", now=NOON)
    assert all(card.buried_until is not None for card in figures.note_cards("f-1") if card.ord != 1)
    figures.undo()
    assert all(card.buried_until is None for card in figures.note_cards("f-1"))


def test_burying_siblings_can_be_turned_off(figures: Collection) -> None:
    figures.set_setting("bury_siblings", False)
    shown = [(card.card_id, card.ord) for card in map(figures.card, drain_cards(figures, NOON))]
    assert [pair for pair in shown if pair[0] == "f-1"] == [("f-1", 1), ("f-1", 2), ("f-1", 3)]


def test_suspend_and_bury_act_on_every_card_of_the_note(figures: Collection) -> None:
    changed = figures.suspend(figures.card("f-1", 2))
    assert [(card.ord, card.suspended) for card in changed] == [(1, True), (2, True), (3, True)]
    assert [(card.ord, card.suspended) for card in figures.unsuspend("f-1")] == [(1, False), (2, False), (3, False)]
    assert all(card.buried_until is not None for card in figures.bury("f-1", now=NOON))
    assert figures.next_card(now=NOON).card_id == "other-1"  # type: ignore[union-attr]


def drain_cards(col: Collection, now: datetime) -> list[int]:
    """Answer Good to every card due at `now`; return their pks in the order shown."""
    shown: list[int] = []
    while (card := col.next_card(now=now)) is not None and len(shown) < 50:
        shown.append(card.pk)
        col.answer(card, "good", now=now + timedelta(minutes=30 * len(shown)))
    return shown


def test_a_setting_that_moves_the_day_is_kept_only_with_its_recount(
    col: Collection, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmcards.store import day_counts

    def fail(*_: object) -> None:
        raise StoreError("disk full")

    monkeypatch.setattr(day_counts, "rebuild", fail)
    with pytest.raises(StoreError, match="disk full"):
        col.set_setting("timezone", "Europe/Paris")
    assert col.settings().timezone == "UTC"


def test_undo_keeps_a_suspension_made_after_the_answer(big: Collection) -> None:
    card = big.next_card(now=NOON)
    assert card is not None
    big.answer(card, "good", now=NOON)
    big.suspend(card)
    big.undo()
    after = big.card(card.pk)
    assert (after.state, after.suspended) == (CardState.NEW, True)


def test_undo_gives_the_new_card_back_to_the_deck_it_was_answered_in(big: Collection, tmp_path: Path) -> None:
    big.set_setting("new_per_day", 1)
    card = big.next_card(now=NOON)
    assert card is not None and card.deck_id == "alpha"
    big.answer(card, "good", now=NOON)
    assert big.due_total(now=NOON).new == 0
    big.undo()
    assert big.due_total(now=NOON).new == 1


def test_another_collection_s_change_is_seen_after_a_write_of_ours_failed(database: str, deck_dir: Path) -> None:
    with pmcards.open(database, clock=lambda: NOON) as first, pmcards.open(database, clock=lambda: NOON) as second:
        first.sync([deck_dir])
        assert first.settings().new_per_day == 20
        with pytest.raises(NotFoundError):
            first.answer(999_999, "good")  # fails inside its write transaction, which is rolled back
        second.set_setting("new_per_day", 7)
        assert first.settings().new_per_day == 7 and first.due_total().new == 4


def test_another_collection_s_settings_and_answers_are_seen_at_once(database: str, deck_dir: Path) -> None:
    with pmcards.open(database, clock=lambda: NOON) as first, pmcards.open(database, clock=lambda: NOON) as second:
        first.sync([deck_dir])
        assert second.settings().new_per_day == 20 and second.due_total().new == 4
        first.set_setting("new_per_day", 1)
        assert second.settings().new_per_day == 1 and second.due_total().new == 1
        first.answer(first.card("s-basic"), "good")
        assert second.due_total().new == 0
        second.set_setting("new_per_day", 2)
        assert first.due_total().new == 1
