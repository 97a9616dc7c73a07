"""Anki export: the real Anki (the official `anki` package) imports what `export_anki` writes.

Reviews are dated in the past: Anki refuses a package whose ids (review times) lie in the future.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING
from unittest.mock import patch

import pytest
from anki.collection import Collection as AnkiCollection
from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import ImportResponse
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from typer.testing import CliRunner

if TYPE_CHECKING:  # (anki.cards cannot be imported before anki.collection)
    from anki.cards import Card as AnkiCard
    from anki.dbproxy import DBProxy
    from anki.models import NotetypeDict
    from anki.notes import Note as AnkiNote

import pmcards
from pmcards.cli import app
from pmcards.collection import Collection
from pmcards.collection.history import ReviewLog
from pmcards.errors import NotFoundError, PmcardsError
from pmcards.export import anki as anki_export
from pmcards.export.anki import anki_tags, export_anki, note_guid
from pmcards.paths import builtin_decks
from pmcards.schedule.day import learner_date
from pmcards.schedule.scheduler import scheduler_for
from tests.conftest import SAMPLE_DECK

SAMPLE = (
    SAMPLE_DECK.replace("tags: role\n", "url: https://example.com/article\ntags: role\n", 1)
    .replace("What does an AI PM own?", 'What does an AI PM own? <script>alert("x")</script>')
    .replace("not the model.", "not the <b>model</b>.")
    .replace(
        "AI PMs earn {{c1::15-25%}} more at {{c2::FAANG}}.",
        "AI PMs earn {{c1::15-25% *more*}} at\n{{c2::FAANG::a kind of company}}, **per** the survey.",
    )
)
"""The shared sample deck, with a URL, HTML to escape, and Markdown inside cloze deletions."""

GENERAL = """\
# AI PM vs General PM

id: general
source: Specialize or Generalize
url: javascript:alert(1)

## Basic

id: g-basic
tags: scope, Scope

Q: Which role owns the model roadmap?

A: The AI PM.
"""

_FULL_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
ALL_DECK_NAMES = {"PM Cards", "PM Cards::Sample Deck", "PM Cards::AI PM vs General PM"}
START = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(days=30)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def decks(tmp_path: Path) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "sample.md").write_text(SAMPLE, encoding="utf-8")
    (folder / "general.md").write_text(GENERAL, encoding="utf-8")
    return folder


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def col(database: str, decks: Path, clock: Clock) -> Iterator[Collection]:
    with pmcards.open(database, clock=clock) as collection:
        collection.sync([decks])
        yield collection


@pytest.fixture
def anki(tmp_path: Path) -> Iterator[AnkiCollection]:
    folder = tmp_path / "anki"
    folder.mkdir()
    collection = AnkiCollection(str(folder / "collection.anki2"))
    yield collection
    collection.close()


def import_package(anki: AnkiCollection, path: Path) -> ImportResponse.Log:
    options = ImportAnkiPackageOptions(with_scheduling=True)
    return anki.import_anki_package(ImportAnkiPackageRequest(package_path=str(path), options=options)).log


def notes_by_guid(anki: AnkiCollection) -> dict[str, AnkiNote]:
    return {note.guid: note for note in map(anki.get_note, anki.find_notes(""))}


def anki_db(anki: AnkiCollection) -> DBProxy:
    """The open collection's database."""
    assert anki.db is not None
    return anki.db


def note_type(note: AnkiNote) -> NotetypeDict:
    found = note.note_type()
    assert found is not None
    return found


def anki_card(anki: AnkiCollection, card_id: str, ord: int = 0) -> AnkiCard:
    nid = anki_db(anki).scalar("SELECT id FROM notes WHERE guid = ?", note_guid(card_id))
    cid = anki_db(anki).scalar("SELECT id FROM cards WHERE nid = ? AND ord = ?", nid, max(ord - 1, 0))
    return anki.get_card(cid)


def visible(html: str) -> str:
    """The text a learner sees in a rendered card side."""
    return re.sub(r"<[^>]*>", "", re.sub(r"<style>.*?</style>", "", html, flags=re.DOTALL)).strip()


def logs_of(col: Collection, card_id: str) -> list[ReviewLog]:
    return col.review_logs(col.card(card_id))


def deck_names(anki: AnkiCollection) -> set[str]:
    return {deck.name for deck in anki.decks.all_names_and_ids()} - {"Default"}


# -- what Anki sees ---------------------------------------------------------------------------


def test_fresh_import_has_every_note_card_deck_tag_and_note_type(
    col: Collection, anki: AnkiCollection, tmp_path: Path
) -> None:
    result = export_anki(col, tmp_path / "pm.apkg")
    assert (result.decks, result.notes, result.cards, result.reviews) == (2, 4, 5, 0)
    assert [path.name for path in tmp_path.iterdir() if "apkg" in path.name] == ["pm.apkg"]  # no temporary left

    log = import_package(anki, result.path)
    assert len(log.new) == 4
    assert anki.card_count() == 5  # the cloze note has c1 and c2
    assert deck_names(anki) == ALL_DECK_NAMES
    notes = notes_by_guid(anki)
    basic, cloze, interview, general = (notes[note_guid(i)] for i in ("s-basic", "s-cloze", "s-interview", "g-basic"))

    assert note_type(basic)["name"] == "PM Cards Basic"
    assert basic.keys() == ["Question", "Answer", "Source"]
    assert basic["Answer"] == "<p>The <strong>product outcome</strong>, not the &lt;b&gt;model&lt;/b&gt;.</p>"
    assert basic["Source"] == '<a href="https://example.com/article">A Test Article</a> · What is it?'
    assert sorted(basic.tags) == ["role", "skills"]

    assert note_type(cloze)["name"] == "PM Cards Cloze"
    assert note_type(cloze)["type"] == 1  # a real cloze note type
    assert cloze.keys() == ["Text", "Extra", "Source"]
    assert [card.ord for card in cloze.cards()] == [0, 1]

    assert note_type(interview)["name"] == "PM Cards Interview"
    assert interview.keys() == ["Question", "Key points", "Traps", "Framework", "Source"]
    assert interview["Key points"] == (
        "<ul>\n<li>Start from the user outcome.</li>\n<li>Pair a model metric with a product metric.</li>\n</ul>"
    )
    assert interview["Framework"] == "<p>Input, transformation, action, feedback</p>"

    assert general.tags == ["scope"]  # Anki ignores case in tags: one tag, not two
    assert general["Source"] == "Specialize or Generalize"  # a javascript: URL is never made a link
    assert anki.decks.name(general.cards()[0].did) == "PM Cards::AI PM vs General PM"
    assert all(card.type == 0 and card.queue == 0 for note in notes.values() for card in note.cards())


REVERSE_DECK = """\
# Terms

id: terms

## Reverse

id: t-precision
section: Metrics

Front: **Precision**

Back: The share of flagged items that are truly positive.
"""


def test_a_reverse_card_arrives_as_one_note_with_a_card_each_way(
    tmp_path: Path, anki: AnkiCollection, clock: Clock
) -> None:
    (tmp_path / "terms").mkdir()
    (tmp_path / "terms" / "terms.md").write_text(REVERSE_DECK, encoding="utf-8")
    with pmcards.open(tmp_path / "terms.db", clock=clock) as col:
        col.sync([tmp_path / "terms"])
        assert [(card.ord, card.front(), card.back()) for card in col.cards()] == [
            (1, "**Precision**", "The share of flagged items that are truly positive."),
            (2, "The share of flagged items that are truly positive.", "**Precision**"),
        ]
        forward = col.card("t-precision", 1)
        col.answer(forward, "good")
        result = export_anki(col, tmp_path / "terms.apkg", with_progress=True)
    assert (result.notes, result.cards, result.reviews) == (1, 2, 1)
    import_package(anki, result.path)
    (note,) = notes_by_guid(anki).values()
    assert note_type(note)["name"] == "PM Cards Reverse"
    first, second = anki_card(anki, "t-precision", 1), anki_card(anki, "t-precision", 2)
    assert visible(first.question()) == "Precision" and "truly positive" in visible(first.answer())
    assert visible(second.question()) == "The share of flagged items that are truly positive."
    assert (first.type, second.type) == (1, 0)  # the forward card is learning, the reverse one new


def test_cloze_deletions_survive_markdown_and_render_in_anki(
    col: Collection, anki: AnkiCollection, tmp_path: Path
) -> None:
    import_package(anki, export_anki(col, tmp_path / "pm.apkg").path)
    note = notes_by_guid(anki)[note_guid("s-cloze")]
    assert note["Text"] == (
        "<p>AI PMs earn {{c1::15-25% <em>more</em>}} at\n{{c2::FAANG::a kind of company}}, <strong>per</strong> the survey.</p>"
    )
    first, second = (visible(card.question()) for card in note.cards())
    assert first == "AI PMs earn [...] at\nFAANG, per the survey."
    assert second == "AI PMs earn 15-25% more at\n[a kind of company], per the survey."
    assert visible(note.cards()[1].answer()).startswith("AI PMs earn 15-25% more at\nFAANG, per the survey.")


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("It is {{c1::*really}} big* news", "<p>It is {{c1::*really}} big* news</p>"),
        ("Run {{c1::`ls}} then` it", "<p>Run {{c1::`ls}} then` it</p>"),
    ],
)
def test_markdown_never_splits_or_swallows_a_cloze_marker(text: str, html: str) -> None:
    assert anki_export._cloze_html(text) == html
    assert _FULL_MARKDOWN.render(text).strip() != html  # rendered whole, the marker would break


def test_answers_and_hints_of_deletions_are_markdown_too() -> None:
    html = anki_export._cloze_html("{{c1::**Bold** <i>}} and {{c2::a::b *c*}}")
    assert html == "<p>{{c1::<strong>Bold</strong> &lt;i&gt;}} and {{c2::a::b <em>c</em>}}</p>"


def test_html_in_a_card_arrives_escaped_and_never_runs(col: Collection, anki: AnkiCollection, tmp_path: Path) -> None:
    import_package(anki, export_anki(col, tmp_path / "pm.apkg").path)
    card = anki_card(anki, "s-basic")
    note = card.note()
    assert note["Question"] == "<p>What does an AI PM own? &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>"
    for html in (card.question(), card.answer()):
        assert "<script>alert" not in html and "<b>model" not in html
        assert "&lt;script&gt;" in html


# -- identity: re-imports update, never duplicate ---------------------------------------------


def test_reexport_after_an_edit_updates_notes_and_adds_new_ones_without_duplicates(
    col: Collection, anki: AnkiCollection, tmp_path: Path, decks: Path, clock: Clock
) -> None:
    first = export_anki(col, tmp_path / "first.apkg")
    import_package(anki, first.path)
    note_types = sorted((model["id"], model["name"]) for model in anki.models.all())

    edited = SAMPLE.replace("not the <b>model</b>", "not the model itself").replace(
        "Framework: Input", "Framework: Outcome, input"
    )
    (decks / "sample.md").write_text(edited + "\n## Basic\n\nid: s-new\n\nQ: A new question?\n\nA: A new answer.\n")
    col.sync([decks])
    clock.now += timedelta(hours=1)
    second = export_anki(col, tmp_path / "second.apkg")
    log = import_package(anki, second.path)

    assert [list(note.fields) for note in log.new] == [["A new question?", "A new answer.", "A Test Article"]]
    assert anki.note_count() == 5 and anki.card_count() == 6
    notes = notes_by_guid(anki)
    assert notes[note_guid("s-basic")]["Answer"] == "<p>The <strong>product outcome</strong>, not the model itself.</p>"
    assert notes[note_guid("s-interview")]["Framework"] == "<p>Outcome, input, transformation, action, feedback</p>"
    assert sorted((model["id"], model["name"]) for model in anki.models.all()) == note_types
    assert [name for _, name in note_types if name.startswith("PM Cards")] == [
        "PM Cards Basic",
        "PM Cards Cloze",
        "PM Cards Interview",
    ]
    assert deck_names(anki) == ALL_DECK_NAMES


def test_importing_the_same_export_twice_changes_nothing(col: Collection, anki: AnkiCollection, tmp_path: Path) -> None:
    path = export_anki(col, tmp_path / "pm.apkg").path
    import_package(anki, path)
    log = import_package(anki, path)
    assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 0, 4)
    assert anki.note_count() == 4 and anki.card_count() == 5


def test_guids_and_note_type_ids_never_change() -> None:
    assert note_guid("s-basic") == note_guid("s-basic") != note_guid("s-cloze")
    assert note_guid("s-basic") == "a3dab79f429dd5dacc27"  # derived from the card id alone: the same in every release
    assert {name: note_type.model_id for name, note_type in anki_export.NOTE_TYPES.items()} == {
        "basic": 1731500000001,
        "cloze": 1731500000002,
        "interview": 1731500000003,
        "reverse": 1731500000004,
    }


# -- progress ---------------------------------------------------------------------------------


def study(col: Collection) -> None:
    """Give the cards every kind of state: review, relearning, learning, suspended, new."""
    col.set_setting("bury_siblings", False)  # the two deletions of s-cloze are answered on the same days
    t = START
    for card_id, ord in (("s-basic", 0), ("s-cloze", 1), ("s-cloze", 2), ("g-basic", 0)):
        card = col.card(card_id, ord)
        col.answer(card, "good", 4.2, now=t)
        col.answer(card, "good", 3, now=t + timedelta(minutes=11))
        t += timedelta(minutes=30)
    col.answer(col.card("s-basic"), "good", 6, now=START + timedelta(days=4))
    col.answer(col.card("s-cloze", 1), "again", now=datetime.now(timezone.utc) - timedelta(minutes=1))
    col.answer(col.card("s-interview"), "again", now=datetime.now(timezone.utc) - timedelta(minutes=1))
    col.suspend(col.card("g-basic"))


@pytest.mark.parametrize("rollover", [4, 0, 23])
def test_with_progress_anki_gets_the_schedule_memory_state_and_revlog(
    rollover: int, col: Collection, anki: AnkiCollection, tmp_path: Path
) -> None:
    col.set_setting("rollover_hour", rollover)
    study(col)
    result = export_anki(col, tmp_path / "pm.apkg", with_progress=True)
    assert result.reviews == len(col.review_logs()) == 11
    import_package(anki, result.path)

    rollover, zone = col.settings().rollover_hour, col.settings().zone
    today = learner_date(datetime.now(timezone.utc), rollover, zone)
    for row in col.cards():
        card = anki_card(anki, row.card_id, row.ord)
        assert (int(card.type), card.reps, card.lapses) == (row.state, row.reps, row.lapses), row.card_id
        if row.state == 0:
            assert (card.queue, card.memory_state) == (0, None)
            continue
        assert card.memory_state is not None and row.due is not None and row.last_review is not None
        assert card.memory_state.stability == pytest.approx(row.stability, abs=1e-3)
        assert card.memory_state.difficulty == pytest.approx(row.difficulty, abs=1e-3)
        assert card.desired_retention == pytest.approx(0.9)
        assert card.decay == pytest.approx(scheduler_for(col.settings(row.deck_id)).parameters[20], abs=1e-3)
        assert card.last_review_time == int(row.last_review.timestamp())
        if row.state == 2:  # review: due in days, the interval fsrs gave
            assert card.queue == (-1 if row.suspended else 2)
            assert card.due - anki.sched.today == (learner_date(row.due, rollover, zone) - today).days
            assert card.ivl == round((row.due - row.last_review) / timedelta(days=1))
        else:  # learning or relearning: due to the second, steps left
            assert (card.queue, card.due) == (1, int(row.due.timestamp()))
            assert card.left == (2 if row.state == 1 else 1)

    basic = anki_card(anki, "s-basic")
    assert (basic.type, basic.queue) == (2, 2) and basic.ivl > 1
    assert anki_card(anki, "g-basic").queue == -1  # suspended in pmcards, suspended in Anki
    assert (anki_card(anki, "s-cloze", 1).type, anki_card(anki, "s-cloze", 2).type) == (3, 2)

    revlog = anki_db(anki).all("SELECT id, cid, ease, ivl, lastIvl, factor, time, type FROM revlog ORDER BY id")
    logs = sorted(col.review_logs(), key=lambda log: log.reviewed_at)
    assert len(revlog) == len(logs) == 11
    assert [row[2] for row in revlog] == [log.rating for log in logs]
    assert [row[6] for row in revlog] == [log.duration_ms or 0 for log in logs]
    assert sorted({row[0] for row in revlog}) == [row[0] for row in revlog]  # unique ids, by answer time
    basic_log = [row for row in revlog if row[1] == basic.id]
    first_ivl, second_ivl = (
        round(((log.due or log.reviewed_at) - log.reviewed_at) / timedelta(days=1))
        for log in logs_of(col, "s-basic")[1:]
    )
    assert second_ivl == basic.ivl
    assert [(row[3], row[4], row[7]) for row in basic_log] == [
        (-600, 0, 0),
        (first_ivl, -600, 0),
        (second_ivl, first_ivl, 1),
    ]
    assert all(100 <= row[5] <= 1100 for row in revlog)  # FSRS difficulty, as Anki stores it
    assert abs(basic_log[0][0] - int(START.timestamp() * 1000)) <= 3  # the answer time, kept unique


def test_without_progress_every_card_arrives_new(col: Collection, anki: AnkiCollection, tmp_path: Path) -> None:
    study(col)
    import_package(anki, export_anki(col, tmp_path / "pm.apkg").path)
    cards = [anki.get_card(cid) for cid in anki.find_cards("")]
    assert len(cards) == 5 and all(card.type == 0 and card.memory_state is None for card in cards)
    assert anki_db(anki).scalar("SELECT count() FROM revlog") == 0


def test_a_leech_keeps_anki_leech_tag_with_progress(col: Collection, anki: AnkiCollection, tmp_path: Path) -> None:
    col.set_setting("leech_threshold", 1)
    card = col.card("s-basic")
    col.answer(card, "good", now=START)
    col.answer(card, "good", now=START + timedelta(minutes=11))
    assert col.answer(card, "again", now=START + timedelta(days=3)).became_leech
    import_package(anki, export_anki(col, tmp_path / "pm.apkg", with_progress=True).path)
    leech = anki_card(anki, "s-basic")
    assert "leech" in leech.note().tags and leech.queue == -1


def test_a_cloze_without_its_first_deletion_keeps_the_progress_of_the_rest(
    col: Collection, anki: AnkiCollection, decks: Path, tmp_path: Path
) -> None:
    second = col.card("s-cloze", 2)
    col.answer(second, "good", now=START)
    (decks / "sample.md").write_text(SAMPLE.replace("{{c1::15-25% *more*}}", "15-25% *more*"), encoding="utf-8")
    col.sync([decks])
    result = export_anki(col, tmp_path / "pm.apkg", with_progress=True)
    assert (result.notes, result.cards, result.reviews) == (4, 4, 1)
    import_package(anki, result.path)
    note = notes_by_guid(anki)[note_guid("s-cloze")]
    assert note["Text"].startswith("<p>AI PMs earn 15-25% <em>more</em> at\n{{c2::FAANG")
    [card] = note.cards()
    assert (card.ord, card.type, card.reps) == (1, 1, 1)  # deletion 2, learning, as in pmcards


# -- choosing decks, bad paths, atomic writes -------------------------------------------------


def test_chosen_decks_by_id_or_title(col: Collection, anki: AnkiCollection, tmp_path: Path) -> None:
    result = export_anki(col, tmp_path / "one.apkg", ["AI PM vs General PM", "general"])
    assert (result.decks, result.notes) == (1, 1)
    import_package(anki, result.path)
    assert deck_names(anki) == {"PM Cards", "PM Cards::AI PM vs General PM"}


def test_unknown_deck_raises_and_writes_nothing(col: Collection, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="unknown deck 'nope'"):
        export_anki(col, tmp_path / "pm.apkg", ["sample", "nope"])
    assert list(tmp_path.glob("*.apkg*")) == [] and list(tmp_path.glob(".pm.apkg*")) == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing/pm.apkg", "folder .*missing does not exist"),
        ("pm.zip", "must end in .apkg"),
        ("folder.apkg", "it is a folder"),
    ],
)
def test_bad_output_paths_raise_pmcards_errors(col: Collection, tmp_path: Path, name: str, message: str) -> None:
    (tmp_path / "folder.apkg").mkdir()
    with pytest.raises(PmcardsError, match=message):
        export_anki(col, tmp_path / name)
    assert not (tmp_path / "missing").exists() and not (tmp_path / "pm.zip").exists()


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file(
    col: Collection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "pm.apkg"
    target.write_bytes(b"the earlier export")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", fail)
    with pytest.raises(PmcardsError, match=r"cannot write .*pm\.apkg: No space left on device"):
        export_anki(col, target)
    assert target.read_bytes() == b"the earlier export"
    assert [path.name for path in tmp_path.iterdir() if "apkg" in path.name] == ["pm.apkg"]


def test_no_decks_synced_is_a_clear_error(tmp_path: Path) -> None:
    with pmcards.open(tmp_path / "empty.db") as empty, pytest.raises(PmcardsError, match="run `pmcards sync` first"):
        export_anki(empty, tmp_path / "pm.apkg")


# -- text rules -------------------------------------------------------------------------------


def test_tags_follow_anki_rules() -> None:
    assert anki_tags(["two words", "Role", "role", "a\tb\x01c", " ", "x::y"]) == ["two_words", "Role", "a_bc", "x::y"]


_TAG = re.compile(r"</?([a-z0-9]+)")
_MARKDOWN_TAGS = {
    "p",
    "em",
    "strong",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "br",
    "blockquote",
    "a",
    "img",
    "del",
    "s",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}


@given(
    st.lists(
        st.sampled_from(list("ab 1.-#>*_`[]()<>&\"'\\~|=+/!\t\n\xa0é\x1f\x00"))
        | st.sampled_from(["<script>", "</b>", "<img src=x onerror=alert(1)>", "<!-- c -->", "<div>", "`<i>`"]),
        max_size=12,
    ).map("".join)
)
def test_markdown_never_lets_raw_html_through(text: str) -> None:
    """Whatever the text, the HTML holds only tags that Markdown itself makes."""
    assert {tag for tag in _TAG.findall(anki_export._markdown(text))} <= _MARKDOWN_TAGS


_WORDS = st.sampled_from(
    ["a", "Zé", "40%", "1.", "x-y", "a+b", "q=1", "#2", "> ", '"', "'", ":", "{", "}", "!", " ", "  "]
)
_MARKUP = st.sampled_from(list("*_`~<>|[]\\&\n\r\t\x00\x0b\x0c\x1f\xa0\u2028\ue000\ufeff"))
_MARKERS = st.sampled_from(["{{c1::", "{{c2::", "::", "}}"])


@given(
    st.lists(_WORDS | _MARKERS, max_size=14).map("".join)
    | st.lists(_WORDS | _MARKUP | _MARKERS, max_size=14).map("".join)
)
@example("\ufeff1. What?")  # cmark drops a leading byte-order mark
@example("\x00")
@example("x {{c1:: a}} {{c2::b::}}")  # spaces and empty hints that rendering a deletion trims
@settings(max_examples=400)
def test_plain_text_is_rendered_as_the_parsers_render_it(text: str) -> None:
    """The shortcut for text without Markdown (no parser call) changes nothing in the HTML."""
    with patch.object(anki_export, "_PLAIN_TEXT", re.compile("(?!)")):  # matches nothing: always parse
        parsed = anki_export._markdown(text), anki_export._cloze_html(text)
    assert (anki_export._markdown(text), anki_export._cloze_html(text)) == parsed


def test_the_builtin_decks_render_as_markdown_it_renders_them() -> None:
    for deck in pmcards.load_decks(builtin_decks()):
        for card in deck.cards:
            for text in card.fields.values():
                assert anki_export._markdown(text) == _FULL_MARKDOWN.render(text).strip()


# -- the command ------------------------------------------------------------------------------

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_cli_export_writes_a_package_anki_imports(
    database: str, col: Collection, anki: AnkiCollection, tmp_path: Path
) -> None:
    study(col)
    db, out = database, tmp_path / "pm.apkg"
    code, stdout, _ = run("--db", db, "export", "--deck", "sample", "-o", str(out), "--with-progress")
    assert (code, stdout) == (0, f"wrote {out}: 1 deck(s), 3 notes, 4 cards, 9 reviews\n")
    log = import_package(anki, out)
    assert len(log.new) == 3 and deck_names(anki) == {"PM Cards", "PM Cards::Sample Deck"}
    assert anki_db(anki).scalar("SELECT count() FROM revlog") == 9


def test_cli_export_defaults_to_every_deck_and_pmcards_apkg(
    database: str, col: Collection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, stdout, _ = run("--db", database, "export")
    assert (code, stdout) == (0, "wrote pmcards.apkg: 2 deck(s), 4 notes, 5 cards\n")
    assert zipfile.ZipFile(tmp_path / "pmcards.apkg").namelist() == ["collection.anki2", "media"]


def test_cli_export_syncs_first(
    database: str, col: Collection, decks: Path, anki: AnkiCollection, tmp_path: Path
) -> None:
    (decks / "general.md").write_text(GENERAL.replace("The AI PM.", "The AI PM, edited."), encoding="utf-8")
    out = tmp_path / "pm.apkg"
    assert run("--db", database, "export", "-o", str(out))[0] == 0
    import_package(anki, out)
    assert notes_by_guid(anki)[note_guid("g-basic")]["Answer"] == "<p>The AI PM, edited.</p>"


def test_cli_export_on_a_fresh_database_writes_the_builtin_decks(tmp_path: Path) -> None:
    out = tmp_path / "pm.apkg"
    code, stdout, _ = run("--db", str(tmp_path / "fresh.db"), "export", "-o", str(out))
    decks = pmcards.load_decks(builtin_decks())
    notes = [card for deck in decks for card in deck.cards]
    cards = sum(len(card.ordinals()) for card in notes)
    assert (code, stdout) == (0, f"wrote {out}: {len(decks)} deck(s), {len(notes)} notes, {cards} cards\n")


def test_cli_unknown_deck_is_one_line_and_writes_nothing(database: str, col: Collection, tmp_path: Path) -> None:
    out = tmp_path / "pm.apkg"
    code, stdout, stderr = run("--db", database, "export", "-d", "sample", "-d", "nope", "-o", str(out))
    assert code == 1 and stdout == ""
    assert stderr.startswith("error: unknown deck 'nope' (decks: general, sample)") and stderr.count("\n") == 1
    assert not out.exists()


def test_cli_output_in_a_missing_folder_is_one_line(database: str, col: Collection, tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "pm.apkg"
    code, _, stderr = run("--db", database, "export", "-o", str(out))
    assert (code, stderr) == (1, f"error: cannot write {out}: folder {out.parent} does not exist\n")
    assert not (tmp_path / "no").exists()


def test_resets_and_burials_arrive_as_anki_logs_them(col: Collection, anki: AnkiCollection, tmp_path: Path) -> None:
    now = col.now()
    col.answer(col.card("g-basic"), "good", now=now - timedelta(days=2))
    col.forget("g-basic", now=now - timedelta(days=1))
    col.answer(col.card("s-cloze", 1), "good", now=now)  # buries its sibling, c2, until tomorrow
    col.bury("s-interview", now=now)  # the learner's own bury
    assert col.card("s-cloze", 2).buried_until is not None and col.card("s-cloze", 1).buried_until is None
    import_package(anki, export_anki(col, tmp_path / "pm.apkg", with_progress=True).path)

    assert anki_card(anki, "s-cloze", 1).queue == 1  # learning
    assert anki_card(anki, "s-cloze", 2).queue == -2  # buried by its sibling's answer
    assert anki_card(anki, "s-interview").queue == -3  # buried by hand
    reset = anki_card(anki, "g-basic")
    assert (reset.type, reset.queue) == (0, 0)
    revlog = anki_db(anki).all(f"SELECT ease, ivl, type FROM revlog WHERE cid = {reset.id} ORDER BY id")
    assert revlog[0][2] == 0 and revlog[1] == [0, 0, 4]  # the reset: Anki's manual entry, no interval
