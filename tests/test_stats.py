"""Statistics, FSRS fitted to the learner's log, the workload simulation and the HTML report:
figures on small logs with known answers, a synthetic learner with known FSRS parameters, the
commands and their bad input, and the page rendered in a real headless browser."""

from __future__ import annotations

import csv
import json
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS
from sqlalchemy import insert

import pmcards
from pmcards import PmcardsError
from pmcards.collection import Collection
from pmcards.paths import chosen_learner
from pmcards.schedule import fitting
from pmcards.schedule.state import CardState
from pmcards.store import open_database
from pmcards.store.schema import review_logs
from tests.conftest import NOON, FakeClock
from tests.simulation import START, simulate
from tests.test_cli import run

DAY = timedelta(days=1)
TRUTH = list(DEFAULT_PARAMETERS)
TRUTH[0:4] = [0.05, 0.25, 0.6, 2.0]  # a learner who forgets new cards much faster than FSRS expects
TRUTH[8], TRUTH[20] = 1.2, 0.45
STUDY_DAYS = 30


# -- statistics on a small log ------------------------------------------------------------------


def test_stats_figures_match_a_small_log_counted_by_hand(col: Collection, clock: FakeClock) -> None:
    basic, cloze1 = col.card("s-basic"), col.card("s-cloze", 1)
    col.answer(basic, "good", 10, now=NOON - DAY)
    col.answer(basic, "good", 5, now=NOON - DAY + timedelta(minutes=10))  # to review, a young card
    col.answer(cloze1, "again", 20, now=NOON - timedelta(hours=1))
    col.answer(cloze1, "good", 8, now=NOON - timedelta(minutes=50))  # still learning
    col.suspend("s-interview")
    col.forget("s-cloze", now=NOON - timedelta(minutes=40))  # a reset is not an answer; the cloze is new again
    found = col.stats(now=NOON)

    today = NOON.date()
    assert found.today_date == today
    assert (found.today.answers, found.today.cards, found.today.seconds, found.today.again) == (2, 1, 28.0, 1)
    assert found.today.again_rate == 0.5
    counts = found.cards
    assert (counts.new, counts.learning, counts.young, counts.mature, counts.suspended, counts.leech) == (
        2,
        0,
        1,
        0,
        1,
        0,
    )
    assert [(row.kind, row.again, row.hard, row.good, row.easy) for row in found.buttons] == [
        ("learning", 1, 0, 3, 0),
        ("young", 0, 0, 0, 0),
        ("mature", 0, 0, 0, 0),
    ]
    assert [(day.day, day.answers, day.seconds) for day in found.study_days[-2:]] == [
        (today - DAY, 2, 15.0),
        (today, 2, 28.0),
    ]
    assert len(found.study_days) == 30 and sum(day.answers for day in found.study_days) == 4
    assert len(found.calendar) == 365 and found.calendar[-1].day == today
    assert {day.day: day.count for day in found.calendar if day.count} == {today - DAY: 2, today: 2}
    basic_due = col.card("s-basic").due
    assert basic_due is not None
    assert len(found.forecast) == 30 and found.forecast[0].day == today
    assert {day.day: day.count for day in found.forecast if day.count} == {basic_due.date(): 1}  # UTC, after 4 am
    assert sum(bucket.count for bucket in found.stability) == 1
    assert sum(bucket.count for bucket in found.difficulty) == 1
    assert [bucket.count for bucket in found.recall][-1] == 1  # answered yesterday: recall 100%
    assert found.retention[0].total is None  # no review card was answered


def _log(database: str, pk: int, rows: list[tuple[timedelta, CardState, int, int]]) -> None:
    """Write answers straight into the log of card `pk` of the test's database: (how long before
    NOON, state before, rating, the interval before in days)."""
    db = open_database(database, learner=chosen_learner(None))
    with db.write() as connection:
        connection.execute(
            insert(review_logs),
            [
                {
                    "card_pk": pk,
                    "rating": rating,
                    "reviewed_at": NOON - ago,
                    "before_state": state,
                    "before_last_review": NOON - ago - timedelta(days=interval),
                    "before_due": NOON - ago,
                }
                for ago, state, rating, interval in rows
            ],
        )
    db.close()


def test_true_retention_of_a_log_with_a_known_answer(col: Collection, database: str) -> None:
    young, mature, review = 5, 30, CardState.REVIEW
    hour = timedelta(hours=1)
    _log(
        database,
        col.card("s-basic").pk,
        [
            *[(hour, review, 3, young)] * 3,  # today: young 3 of 4, mature 2 of 2
            (hour, review, 1, young),
            *[(hour, review, 4, mature)] * 2,
            (hour, review, 1, 21),  # 21 days is mature
            (DAY, review, 1, mature),  # yesterday: mature 0 of 1
            *[(5 * DAY, review, 2, young)] * 2,  # this week: young 5 of 6, mature 2 of 4
            (20 * DAY, review, 1, mature),  # this month: mature 2 of 5
            *[(200 * DAY, review, 3, mature)] * 4,  # this year: mature 6 of 9
            (400 * DAY, review, 3, young),  # over a year ago: not counted
            (hour, CardState.LEARNING, 1, 0),  # learning answers are not reviews
            (hour, CardState.NEW, 3, 0),
            (hour, review, 0, young),  # a reset by `forget`, not an answer
        ],
    )
    retention = {row.period: row for row in col.stats(now=NOON).retention}
    assert list(retention) == ["today", "yesterday", "week", "month", "year"]
    figures = {name: (row.young, row.mature, row.total) for name, row in retention.items()}
    assert figures == {
        "today": (3 / 4, 2 / 3, 5 / 7),
        "yesterday": (None, 0.0, 0.0),
        "week": (5 / 6, 2 / 4, 7 / 10),
        "month": (5 / 6, 2 / 5, 7 / 11),
        "year": (5 / 6, 6 / 9, 11 / 15),
    }
    assert [row.kind for row in col.stats(now=NOON).buttons] == ["learning", "young", "mature"]


def test_stats_of_one_deck_count_only_its_cards_and_days_follow_the_time_zone(tmp_path: Path, deck_dir: Path) -> None:
    other = deck_dir / "other.md"
    other.write_text("# Other\n\nid: other\n\n## Basic\n\nid: o-1\n\nQ: q\n\nA: a\n", encoding="utf-8")
    late = datetime(2026, 3, 2, 2, 30, tzinfo=timezone.utc)  # 03:30 in Paris: still March 1st there
    with pmcards.open(tmp_path / "zone.db", clock=lambda: late) as col:
        col.sync([deck_dir])
        col.set_setting("timezone", "Europe/Paris")
        col.answer(col.card("o-1"), "good", 3)
        col.answer(col.card("s-basic"), "again", 4)
        assert col.stats("other").today.answers == 1
        assert col.stats().today.answers == 2
        assert col.stats().today_date.isoformat() == "2026-03-01"
        col.set_setting("rollover_hour", 3)
        assert col.stats().today_date.isoformat() == "2026-03-02"
        with pytest.raises(PmcardsError, match="unknown period '2w'"):
            col.stats(period="2w")


# -- a synthetic learner with known parameters ---------------------------------------------------


@pytest.fixture(scope="module")
def learned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built-in decks studied for a month by a learner whose memory follows `TRUTH`."""
    db = tmp_path_factory.mktemp("learner") / "learner.db"
    simulate(db, STUDY_DAYS, exam=False, truth=TRUTH)
    return db


@pytest.fixture
def learner(learned: Path, tmp_path: Path) -> Iterator[Collection]:
    copy = tmp_path / "learner.db"
    shutil.copy(learned, copy)
    with pmcards.open(copy, clock=lambda: START + STUDY_DAYS * DAY) as col:
        yield col


def test_fitting_recovers_parameters_that_predict_the_later_reviews_better(learner: Collection) -> None:
    done = learner.optimize()
    fit = done.fit
    assert fit.reviews > fitting.MINIMUM_REVIEWS and fit.train + fit.test == fit.reviews
    assert fit.current_parameters == tuple(DEFAULT_PARAMETERS)
    assert fit.fitted.log_loss < fit.current.log_loss and fit.better and done.saved
    assert fit.fitted.rmse_bins < fit.current.rmse_bins
    # the learner's forgetting curve is steeper, and they gain less from a review, than FSRS' defaults
    assert fit.parameters[20] > DEFAULT_PARAMETERS[20] and fit.parameters[8] < DEFAULT_PARAMETERS[8]
    assert learner.settings().fsrs_parameters == fit.parameters
    assert learner.check() == []  # every memory state was recomputed with them
    card = next(card for card in learner.cards() if card.stability)
    assert learner.settings().scheduler.parameters == fit.parameters
    assert learner.recall(card) is not None
    again = learner.optimize()  # the saved parameters are now the ones to beat
    assert again.fit.current_parameters == fit.parameters


def test_training_takes_enough_steps_on_a_small_log() -> None:
    small = fitting._training(1_000)
    assert small.num_epochs * 2 >= fitting.TRAINING_STEPS  # two batches of 512 per pass
    assert fitting._training(200_000).num_epochs == fitting.MIN_EPOCHS


def test_the_csv_log_of_the_same_history_gives_the_same_fit(learner: Collection, tmp_path: Path) -> None:
    path = tmp_path / "revlog.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["card_id", "review_time", "review_rating", "review_state", "review_duration"])
        for log in learner.review_logs():
            millis = int(log.reviewed_at.timestamp() * 1000)
            writer.writerow([log.card_pk, millis, log.rating, int(log.previous_state), log.duration_ms])
    from_csv = pmcards.evaluate_log(path, rollover_hour=4, timezone="UTC")
    from_collection = learner.optimize()
    assert from_csv.reviews == from_collection.fit.reviews
    assert from_csv.current.log_loss == pytest.approx(from_collection.fit.current.log_loss, rel=1e-5)
    assert from_csv.current.rmse_bins == pytest.approx(from_collection.fit.current.rmse_bins, rel=1e-5)
    assert from_csv.summary().startswith("log loss: default ")
    code, out, err = run("--db", str(tmp_path / "other.db"), "optimize", "--log", str(path))
    assert code == 0, err
    assert out.splitlines()[-1] == from_csv.summary()
    assert out.splitlines()[-1].count("->") == 2 and "RMSE(bins): default" in out


def test_new_parameters_are_checked_and_recompute_memory_states(learner: Collection) -> None:
    before = {card.pk: card.stability for card in learner.cards()}
    learner.set_setting("fsrs_parameters", ", ".join(str(value) for value in TRUTH))
    assert learner.check() == []
    assert {card.pk: card.stability for card in learner.cards()} != before
    learner.unset_setting("fsrs_parameters")
    assert {card.pk: card.stability for card in learner.cards()} == pytest.approx(before)
    for value, message in [
        ("1, 2, 3", "must be 21 numbers (FSRS-6), not 3"),
        (", ".join(["0.5"] * 21), "parameter 4 is 0.5, outside FSRS' range 1.0-10.0"),
        (", ".join(["x"] * 21), "parameter 0 ('x') is not a number"),
    ]:
        with pytest.raises(pmcards.SettingError, match=r"setting 'fsrs_parameters': " + re.escape(message)):
            learner.set_setting("fsrs_parameters", value)


def test_a_corrupt_stored_parameter_list_names_the_setting(tmp_path: Path) -> None:
    db = tmp_path / "corrupt.db"
    pmcards.open(db).close()
    with sqlite3.connect(db) as raw:
        raw.execute("INSERT INTO settings VALUES ('', 'fsrs_parameters', '[1, 2]')")
    code, _, err = run("--db", str(db), "stats")
    assert code == 1 and "stored setting 'fsrs_parameters' is invalid" in err and err.count("\n") == 1


# -- the workload simulation ---------------------------------------------------------------------


def test_simulation_costs_more_for_a_higher_retention_and_marks_the_most_efficient(learner: Collection) -> None:
    work = learner.simulate(60, (0.75, 0.85, 0.95))
    assert [outcome.retention for outcome in work.outcomes] == [0.75, 0.85, 0.95]
    assert work.cards == 556 and work.days == 60 and work.first_day == (START + (STUDY_DAYS + 1) * DAY).date()
    minutes = [outcome.minutes_per_day for outcome in work.outcomes]
    remembered = [outcome.memorized for outcome in work.outcomes]
    assert minutes == sorted(minutes) and minutes[0] > 0
    assert remembered == sorted(remembered) and remembered[-1] <= 556
    best = work.best
    assert best is not None
    assert best.memorized_per_minute == max(outcome.memorized_per_minute or 0 for outcome in work.outcomes)
    assert learner.simulate(60, (0.75, 0.85, 0.95)) == work  # seeded: the same each time
    assert all(len(outcome.answers) == 60 for outcome in work.outcomes)


# -- the commands --------------------------------------------------------------------------------


def test_stats_command_prints_tables_when_not_in_a_terminal_and_json_for_scripts(learned: Path) -> None:
    code, out, err = run("--db", str(learned), "stats", "--period", "all")
    assert code == 0, err
    for title in ("Today", "Due in the next 30 days", "Reviews in the last year", "True retention", "Cards"):
        assert title in out
    assert "Month" in out and "■" not in out  # the calendar is a table of months here
    code, out, _ = run("--db", str(learned), "stats", "--json")
    shape = json.loads(out)
    assert list(shape) == [
        "deck", "period", "now", "today_date", "today", "forecast", "calendar", "retention", "cards",
        "stability", "difficulty", "recall", "buttons", "study_days",
    ]  # fmt: skip
    assert shape["cards"]["total"] == 556 and set(shape["today"]) == {
        "answers",
        "cards",
        "seconds",
        "again",
        "again_rate",
    }
    assert set(shape["retention"][0]) == {
        "period", "young_passed", "young_failed", "mature_passed", "mature_failed", "young", "mature", "total",
    }  # fmt: skip


def test_simulate_and_optimize_commands(learned: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(learned, db)
    code, out, err = run("--db", str(db), "simulate", "--days", "30", "--retention", "0.80..0.82", "--json")
    assert code == 0, err
    shape = json.loads(out)
    assert [outcome["retention"] for outcome in shape["outcomes"]] == [0.8, 0.81, 0.82]
    assert shape["best"]["retention"] in (0.8, 0.81, 0.82)
    code, out, _ = run("--db", str(db), "simulate", "--days", "30", "--retention", "0.8,0.9")
    assert code == 0 and "Minutes per day by desired retention" in out and "best" in out
    code, out, err = run("--db", str(db), "optimize")
    assert code == 0, err
    assert "reviews of all decks: fitted on the earliest" in out and "log loss: " in out
    code, out, _ = run("--db", str(db), "optimize", "--json")
    assert set(json.loads(out)) == {"deck", "fit", "saved"}
    assert run("--db", str(db), "check")[0] == 0


def _dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as raw:
        return list(raw.iterdump())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("optimize",), "the review log has 0 review(s) on a later day than the card's previous answer; fitting FSRS needs 400: 400 more are needed"),
        (("optimize", "--deck", "sample"), "the review log of deck 'sample' has 0 review(s)"),
        (("simulate", "--retention", "0.5..0.9"), "retention range 0.5..0.9 is not within 0.7-0.99"),
        (("simulate", "--retention", "0.8..0.995"), "retention range 0.8..0.995 is not within 0.7-0.99"),
        (("simulate", "--retention", "0.95..0.80"), "retention range 0.95..0.80 runs backwards: give the lower value first (0.80..0.95)"),
        (("simulate", "--retention", "0.95..0.5"), "retention range 0.95..0.5 runs backwards"),
        (("simulate", "--retention", "0.6"), "desired retention 0.6 is outside 0.7-0.99"),
        (("simulate", "--retention", "high"), "invalid retention 'high'"),
        (("stats", "--period", "2w"), "unknown period '2w' (periods: 1m, 3m, 1y, all)"),
        (("stats", "--html", "/no/such/folder/stats.html"), "cannot write /no/such/folder/stats.html: folder /no/such/folder does not exist"),
        (("stats", "--html", "notes.txt"), "cannot write notes.txt: the file name must end in .html"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_exit_1_and_changes_nothing(
    tmp_path: Path, deck_dir: Path, args: tuple[str, ...], message: str
) -> None:
    db = tmp_path / "bad.db"
    with pmcards.open(db) as col:
        col.sync([deck_dir])
        col.answer(col.card("s-basic"), "good")
    before = _dump(db)
    code, out, err = run("--db", str(db), *args)
    assert (code, out) == (1, "")
    assert err.startswith("error: ") and message in err and err.count("\n") == 1
    assert _dump(db) == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", ": the review log is empty"),
        ("card_id,review_time,review_rating,review_duration\n", "the review log has no answers"),
        ("card_id,review_time,review_rating\n1,1700000000000,3\n", ":1: missing column(s) review_duration"),
        ("id,time\n", ":1: missing column(s) card_id, review_time, review_rating, review_duration"),
        ("card_id,review_time,review_rating,review_duration\n1,1700000000000,3,100\n1,1700090000000,5,100\n", ":3: unknown review_rating '5' (1-4: Again, Hard, Good, Easy)"),
        ("card_id,review_time,review_rating,review_duration\n1,yesterday,3,100\n", ":2: cannot read review_time 'yesterday' (milliseconds since 1970-01-01 UTC)"),
        ("card_id,review_time,review_rating,review_duration\n1,1700000000000,3,-4\n", ":2: cannot read review_duration '-4'"),
        ("card_id,review_time,review_rating,review_duration,review_state\n1,1700000000000,3,100,7\n", ":2: unknown review_state '7'"),
        ("card_id,review_time,review_rating,review_duration\n1,1700000000000,3,\n1,1700090000000,3,\n", "has 1 review(s) on a later day than the card's previous answer; fitting FSRS needs 400: 399 more are needed"),
    ],
)  # fmt: skip
def test_bad_csv_logs_name_the_file_and_line(tmp_path: Path, deck_dir: Path, text: str, message: str) -> None:
    path = tmp_path / "revlog.csv"
    path.write_text(text, encoding="utf-8")
    db = tmp_path / "csv.db"
    with pmcards.open(db) as col:
        col.sync([deck_dir])
    before = _dump(db)
    code, out, err = run("--db", str(db), "optimize", "--log", str(path))
    assert (code, out) == (1, "") and err.count("\n") == 1
    assert err.startswith(f"error: {path}") and message in err
    assert _dump(db) == before
    with pytest.raises(PmcardsError, match="no such file"):
        pmcards.evaluate_log(tmp_path / "missing.csv")


def test_without_fsrs_rs_optimize_names_the_extra(learned: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "fsrs_rs_python", None)  # as if the extra were not installed
    code, out, err = run("--db", str(learned), "optimize")
    assert (code, out) == (1, "")
    assert (
        err
        == "error: fitting and simulating need the optional fsrs-rs-python package: pip install 'pmcards[optimize]'\n"
    )


# -- the HTML page in a real browser ------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("needs chromium (apt-get install chromium), which .ci/run installs")
    return found


def _browse(chromium: str, page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        f"--user-data-dir={profile}",
        *args,
        page.as_uri(),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


@pytest.mark.slow
def test_html_report_renders_its_charts_in_a_browser_on_a_phone(learned: Path, tmp_path: Path, chromium: str) -> None:
    page = tmp_path / "stats.html"
    code, out, err = run("--db", str(learned), "stats", "--html", str(page))
    assert (code, out) == (0, f"wrote {page}\n"), err
    text = page.read_text(encoding="utf-8")
    assert 'name="viewport"' in text and "http" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    dom = _browse(chromium, page, tmp_path / "profile", "--dump-dom").stdout
    assert dom.count('data-chart="bars"') == 7 and dom.count('data-chart="heatmap"') == 1
    assert dom.count('class="day level-') == 365 and dom.count("<table>") == 3
    assert dom.count('<rect class="bar') >= 30 + 6 + 15 + 9 + 20
    shot = tmp_path / "phone.png"
    _browse(chromium, page, tmp_path / "profile", "--window-size=390,844", f"--screenshot={shot}", "--hide-scrollbars")
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (390, 844)
    assert len(png) > 20_000  # charts and text drawn, not a blank page
