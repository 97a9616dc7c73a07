"""PostgreSQL for a cohort: learners as schemas, two machines at once, and bad URLs; learners on
SQLite as files. The rest of the suite runs on PostgreSQL too, through the `database` fixture."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

import pmcards
from pmcards import SchemaError, StoreError
from tests.conftest import NEEDS_POSTGRES, POSTGRES_ENV, raw_sql
from tests.simulation import START, simulate
from tests.test_cli import run
from tests.test_stats import TRUTH


@pytest.fixture
def server() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(NEEDS_POSTGRES)
    return url


@pytest.fixture
def learners(server: str) -> Iterator[list[str]]:
    """Fresh learner names, whose schemas are dropped afterwards."""
    names: list[str] = []
    yield names
    for name in names:
        raw_sql(server, f"DROP SCHEMA IF EXISTS {name} CASCADE")


def new_learner(learners: list[str]) -> str:
    learners.append(f"test_{uuid.uuid4().hex[:16]}")
    return learners[-1]


def schemas(server: str) -> set[str]:
    return {str(name) for (name,) in raw_sql(server, "SELECT nspname FROM pg_namespace")}


def test_each_learner_has_a_collection_of_their_own(server: str, learners: list[str], deck_dir: Path) -> None:
    ana, bob = new_learner(learners), new_learner(learners)
    with pmcards.open(server, learner=ana) as col:
        col.sync([deck_dir])
        col.answer(col.card("s-basic"), "good")
    with pmcards.open(server, learner=bob) as col:
        assert col.cards() == [] and col.review_logs() == []
        col.sync([deck_dir])
        assert col.review_logs() == [] and col.card("s-basic").is_new
    with pmcards.open(server, learner=ana) as col:
        assert len(col.review_logs()) == 1
    assert {ana, bob} <= schemas(server)
    ((comment,),) = raw_sql(server, f"SELECT obj_description('{ana}'::regnamespace, 'pg_namespace')")
    assert comment == "pmcards schema 2"


def test_the_cli_takes_a_learner_from_the_option_or_the_environment(
    server: str, learners: list[str], deck_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana = new_learner(learners)
    assert run("--db", server, "--learner", ana, "sync", str(deck_dir))[0] == 0
    monkeypatch.setenv("PMCARDS_LEARNER", ana)
    code, out, _ = run("--db", server, "cards", "--json")
    assert code == 0 and '"id": "s-basic"' in out


def test_a_collection_is_created_on_first_use_by_many_at_once(server: str, learners: list[str]) -> None:
    name = new_learner(learners)
    env = {**os.environ, "PMCARDS_DB": server, "PMCARDS_LEARNER": name}
    runs = [
        subprocess.Popen([sys.executable, "-m", "pmcards", "sync"], env=env, stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    errors = [process.communicate()[1] for process in runs]
    assert [process.returncode for process in runs] == [0, 0, 0, 0], errors
    with pmcards.open(server, learner=name) as col:
        assert len(col.cards()) == 556


def test_two_machines_reviewing_and_a_sync_lose_or_double_no_answer(
    server: str, learners: list[str], tmp_path: Path
) -> None:
    name = new_learner(learners)
    with pmcards.open(server, learner=name) as col:
        col.sync()
        col.set_setting("new_per_day", 500)
    script = tmp_path / "reviewer.py"
    script.write_text(
        "import sys, pmcards\n"
        "url, learner, count = sys.argv[1], sys.argv[2], int(sys.argv[3])\n"
        "with pmcards.open(url, learner=learner) as col:\n"
        "    for n in range(count):\n"
        "        card = col.next_card()\n"
        "        col.answer(card, 'again' if n % 5 == 0 else 'good')\n"
        "        if n % 7 == 0:\n"
        "            try:\n"
        "                col.undo()\n"
        "            except pmcards.PmcardsError:  # the other machine answered that card since\n"
        "                continue\n"
        "            col.answer(card, 'hard')\n"
        "print('done')\n"
    )
    env = {**os.environ, "PMCARDS_DB": server, "PMCARDS_LEARNER": name}
    reviewers = [
        subprocess.Popen([sys.executable, str(script), server, name, "60"], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    syncs = 0
    while any(process.poll() is None for process in reviewers):
        code, _, err = run("sync")
        assert code == 0, err
        syncs += 1
    assert [process.communicate()[0] for process in reviewers] == ["done\n", "done\n"]
    assert syncs > 0
    with pmcards.open(server, learner=name) as col:
        logs = col.review_logs()
        assert len(logs) == 120  # every answer kept once; each undone one replaced by its Hard
        assert col.check() == []
        assert sum(card.reps for card in col.cards()) == 120


def test_undo_takes_back_only_this_collection_s_answer(server: str, learners: list[str], deck_dir: Path) -> None:
    name = new_learner(learners)
    with pmcards.open(server, learner=name) as first, pmcards.open(server, learner=name) as second:
        first.sync([deck_dir])
        mine = first.answer(first.card("s-basic"), "good")
        theirs = second.answer(second.card("s-interview"), "easy")
        first.undo()
        assert [log.id for log in second.review_logs()] == [theirs.log_id] != [mine.log_id]
        assert second.undo() is not None and first.check() == []


def test_a_write_waits_for_another_machine_s_write(server: str, learners: list[str], deck_dir: Path) -> None:
    name = new_learner(learners)
    with pmcards.open(server, learner=name) as first, pmcards.open(server, learner=name) as second:
        first.sync([deck_dir])
        held = threading.Event()

        def hold_the_lock() -> None:
            with second._db.write():  # another machine in the middle of a write
                held.set()
                time.sleep(1)

        holder = threading.Thread(target=hold_the_lock)
        holder.start()
        held.wait()
        started = time.monotonic()
        first.answer(first.card("s-basic"), "good")
        holder.join()
        assert time.monotonic() - started >= 0.8
        assert len(first.review_logs()) == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda url: url.set(port=1), "cannot open postgresql://postgres:***@127.0.0.1:1/postgres (learner pmcards): "),
        (lambda url: url.set(password="wrong"), 'password authentication failed for user "postgres"'),
        (lambda url: url.set(database="no_such_db"), 'database "no_such_db" does not exist'),
    ],
)
def test_a_database_that_cannot_be_reached_is_one_line(server: str, change: object, message: str) -> None:
    url = change(make_url(server)).render_as_string(hide_password=False)  # type: ignore[operator]
    code, out, err = run("--db", url, "status")
    assert (code, out) == (1, "") and message in err and err.count("\n") == 1
    assert "wrong" not in err and "pmcards-test" not in err


def test_a_schema_of_another_program_is_refused_untouched(server: str, learners: list[str]) -> None:
    name = new_learner(learners)
    raw_sql(server, f"CREATE SCHEMA {name}")
    raw_sql(server, f"CREATE TABLE {name}.invoices (id integer)")
    with pytest.raises(SchemaError, match=f"schema '{name}' holds another program's tables, not pmcards'"):
        pmcards.open(server, learner=name)
    tables = raw_sql(server, f"SELECT tablename FROM pg_tables WHERE schemaname = '{name}'")
    assert tables == [("invoices",)]
    assert raw_sql(server, f"SELECT obj_description('{name}'::regnamespace, 'pg_namespace')") == [(None,)]


@pytest.mark.parametrize("name", ["Ana", "ana b", "1ana", "pg_ana", "a" * 64, "ana;drop"])
def test_a_learner_name_must_be_an_identifier(tmp_path: Path, name: str) -> None:
    with pytest.raises(StoreError, match=f"invalid learner name {name!r}"):
        pmcards.open(tmp_path / "x.db", learner=name)
    code, _, err = run("--db", str(tmp_path / "x.db"), "--learner", name, "status")
    assert code == 1 and err.startswith(f"error: invalid learner name {name!r}") and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_a_missing_driver_names_the_extra_to_install(tmp_path: Path) -> None:
    code = "import sys; sys.modules['psycopg'] = None; from pmcards.cli import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", code, "--db", "postgresql://me@localhost/cohort", "status"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stderr == "error: PostgreSQL needs its driver: pip install 'pmcards[postgres]'\n"


# -- learners on SQLite ------------------------------------------------------------------------------


def test_on_sqlite_a_learner_is_a_file_beside_the_database(tmp_path: Path, deck_dir: Path) -> None:
    with pmcards.open(tmp_path / "cohort.db", learner="ana") as col:
        col.sync([deck_dir])
    assert sorted(path.name for path in tmp_path.glob("cohort*")) == ["cohort-ana.db"]
    code, out, _ = run("--db", str(tmp_path / "cohort.db"), "--learner", "ana", "cards")
    assert code == 0 and "4 card(s)" in out
    with pytest.raises(StoreError, match="an in-memory database has no learners"):
        pmcards.open(":memory:", learner="ana")
    url = f"sqlite:///{tmp_path / 'cohort.db'}?learner=ana"  # named in the URL, as on a server
    code, out, _ = run("--db", url, "cards")
    assert code == 0 and "4 card(s)" in out
    assert sorted(path.name for path in tmp_path.glob("cohort*")) == ["cohort-ana.db"]
    with pytest.raises(StoreError, match="two learners given: 'bob', and 'ana' in the URL"):
        pmcards.open(url, learner="bob")


def test_the_default_database_of_a_learner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("PMCARDS_LEARNER", "ana")
    pmcards.open().close()
    assert sorted(path.name for path in (tmp_path / "xdg" / "pmcards").iterdir()) == ["pmcards-ana.db"]


def test_a_large_sync_brings_the_planner_s_statistics_up_to_date(
    server: str, learners: list[str], tmp_path: Path
) -> None:
    name = new_learner(learners)
    folder = tmp_path / "large"
    folder.mkdir()
    cards = "".join(f"\n## Basic\nid: q-{n}\nQ: Question {n}?\nA: Answer {n}.\n" for n in range(1_000))
    (folder / "large.md").write_text(f"# Large\n\nid: large\n{cards}")
    with pmcards.open(server, learner=name) as col:
        col.sync([folder])
    query = f"SELECT last_analyze FROM pg_stat_user_tables WHERE schemaname = '{name}' AND relname = 'cards'"
    assert raw_sql(server, query)[0][0] is not None


def test_stats_optimize_and_simulate_on_the_server(
    server: str, learners: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    name = new_learner(learners)
    monkeypatch.setenv("PMCARDS_LEARNER", name)
    simulate(server, 20, exam=False, truth=TRUTH)
    with pmcards.open(server, clock=lambda: START + timedelta(days=20)) as col:
        assert col.stats().cards.total == 556
        done = col.optimize(force=True)
        assert done.saved and col.settings().fsrs_parameters == done.fit.parameters
        assert col.check() == []
        assert len(col.simulate(days=10, retentions=(0.85, 0.9)).outcomes) == 2


def test_a_learner_may_be_named_in_the_url(server: str, learners: list[str], deck_dir: Path) -> None:
    name = new_learner(learners)
    url = make_url(server).update_query_dict({"learner": name}).render_as_string(hide_password=False)
    assert run("--db", url, "sync", str(deck_dir))[0] == 0
    with pmcards.open(server, learner=name) as col:
        assert len(col.cards()) == 4
    code, _, err = run("--db", url, "--learner", "someone_else", "status")
    assert code == 1 and f"two learners given: 'someone_else', and '{name}' in the URL" in err
