"""The deck-file format: parsing each card kind, every lint problem, the writer, and `pmcards ids`."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmcards import Card, Deck, DeckError
from pmcards.format import cloze
from pmcards.format.cards import ID_PATTERN, clean_text
from pmcards.format.deckfile import (
    add_missing_ids,
    lint,
    load_decks,
    parse_text,
    remove_code_indentation,
    write_deck,
)
from pmcards.format.kinds import KINDS
from tests.conftest import SAMPLE_DECK


def parse(text: str) -> tuple[Deck | None, list[str]]:
    result = parse_text(text, Path("deck.md"))
    return result.deck, [str(problem) for problem in result.problems]


def test_parses_every_card_kind_with_metadata_and_provenance() -> None:
    deck, problems = parse(SAMPLE_DECK)
    assert problems == []
    assert deck == Deck(
        id="sample",
        title="Sample Deck",
        description="A small deck for tests.",
        source="A Test Article",
        tags=("role",),
        cards=(
            Card(
                "s-basic",
                "basic",
                {"question": "What does an AI PM own?", "answer": "The **product outcome**, not the model."},
                tags=("skills",),
                section="What is it?",
            ),
            Card(
                "s-cloze",
                "cloze",
                {"text": "AI PMs earn {{c1::15-25%}} more at {{c2::FAANG}}.", "extra": "Per the test article."},
                section="Pay",
            ),
            Card(
                "s-interview",
                "interview",
                {
                    "question": "How would you measure an AI feature?",
                    "key_points": "- Start from the user outcome.\n- Pair a model metric with a product metric.",
                    "traps": "- Only naming accuracy.",
                    "framework": "Input, transformation, action, feedback",
                },
                section="Interview questions",
            ),
        ),
    )
    assert [card.line for card in deck.cards] == [8, 18, 27]
    assert deck.cards[1].ordinals() == (1, 2)


def test_multi_line_values_keep_their_markdown() -> None:
    deck, problems = parse("# D\n\nid: d\n\n## Basic\nid: a\nQ:\nWhich steps?\n\nA:\n1. One\n2. Two\n\n   indented\n")
    assert problems == []
    assert deck is not None
    assert deck.cards[0].fields["answer"] == "1. One\n2. Two\n\n   indented"


def test_card_kind_heading_is_case_insensitive_but_labels_are_not() -> None:
    deck, problems = parse("# D\nid: d\n## basic\nid: a\nq: lower\nQ: upper\nA: yes\n")
    assert problems == ["deck.md:5: unknown field 'q:' (Basic cards take id:, tags:, section:, source:, Q:, A:)"]
    assert deck is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# D\nid: d\n## Basic\nQ: q\nA: a\n", "deck.md:3: card has no id (run `pmcards ids` to add one)"),
        ("# D\nid: d\n## Basic\nid: a\nQ:\nA: a\n", "deck.md:5: 'Q:' is empty"),
        ("# D\nid: d\n## Basic\nid: a\nQ: q\nA:   \n", "deck.md:6: 'A:' is empty"),
        ("# D\nid: d\n## Basic\nid: a\nQ: q\n", "deck.md:3: Basic card has no 'A:' field"),
        ("# D\nid: d\n## Interview\nid: a\nQ: q\n", "deck.md:3: Interview card has no 'Key points:' field"),
        (
            "# D\nid: d\n## Cloze\nid: a\nText: no deletion here\n",
            "deck.md:5: cloze text has no deletion like {{c1::answer}}",
        ),
        (
            "# D\nid: d\n## Cloze\nid: a\nText: first line\nbroken {{c1:x}} here\n",
            "deck.md:6: broken cloze syntax near '{{c1:x}} here' (write {{c1::answer}} or {{c1::answer::hint}})",
        ),
        (
            "# D\nid: d\n## Cloze\nid: a\nText: {{c1::open but never closed\n",
            "deck.md:5: broken cloze syntax near '{{c1::open but never closed' "
            "(write {{c1::answer}} or {{c1::answer::hint}})",
        ),
        ("# D\nid: d\n## Cloze\nid: a\nText: {{c0::zero}}\n", "deck.md:5: cloze number c0: use c1 to c500"),
        ("# D\nid: d\n## Cloze\nid: a\nText: {{c1:: }}\n", "deck.md:5: empty cloze deletion '{{c1:: }}'"),
        (
            "# D\nid: d\n## Basic\nid: a\nAnswer: x\nQ: q\nA: a\n",
            "deck.md:5: unknown field 'Answer:' (Basic cards take id:, tags:, section:, source:, Q:, A:)",
        ),
        (
            "# D\nid: d\n## Basic\nid: a\ntags: ok, not ok\nQ: q\nA: a\n",
            "deck.md:5: tag 'not ok' has a space (write it as 'not-ok')",
        ),
        (
            "# D\nid: d\nauthor: me\n",
            "deck.md:3: unknown deck field 'author:' (a deck takes id:, description:, source:, url:, tags:)",
        ),
        (
            "# D\nid: d\nfree prose\n",
            "deck.md:3: unexpected text in the deck header (a description goes in 'description:')",
        ),
        (
            "# D\nid: d\n## Flashcard\nid: a\n",
            "deck.md:3: unknown card kind 'Flashcard' (use Basic, Reverse, Cloze or Interview)",
        ),
        (
            "# D\nid: d\n## Basic\nid: a\nTraps: x\nQ: q\nA: a\n",
            "deck.md:5: field 'Traps:' does not belong on Basic cards",
        ),
        ("# D\nid: d\n## Basic\nid: a\nQ: q\nQ: again\nA: a\n", "deck.md:6: field 'Q:' given twice in this card"),
        (
            "# D\nid: d\n## Basic\nid: has space\nQ: q\nA: a\n",
            "deck.md:4: invalid card id 'has space': use ASCII letters, digits, '.', '_' and '-' (at most 64, starting with a letter or digit)",
        ),
        (
            "# D\nid: d\n## Basic\nid: a\nsection: one\nmore text\nQ: q\nA: a\n",
            "deck.md:6: unexpected text after 'section:', which takes a single line",
        ),
        ("# D\n\n## Basic\nid: a\nQ: q\nA: a\n", "deck.md:1: deck has no 'id:' field"),
        ("Just some notes\n", "deck.md:1: not a deck file: it should start with a '# Title' line"),
        ("", "deck.md:1: not a deck file: it should start with a '# Title' line"),
        (
            "# D\nid: d\n## Basic\nid: a\nQ: q\nA: a\n## Basic\nid: a\nQ: r\nA: b\n",
            "deck.md:7: duplicate card id 'a' (first used at line 3)",
        ),
    ],
)
def test_each_problem_is_reported_with_its_line(text: str, expected: str) -> None:
    _, problems = parse(text)
    assert expected in problems


def test_all_problems_of_a_file_are_reported_in_one_run() -> None:
    text = "# D\nid: d\n## Basic\nQ: q\nA:\n## Cloze\nid: c\nText: nothing\n## Basic\nid: b\ntags: a b\nQ: q\nA: a\n"
    _, problems = parse(text)
    assert problems == [
        "deck.md:3: card has no id (run `pmcards ids` to add one)",
        "deck.md:5: 'A:' is empty",
        "deck.md:8: cloze text has no deletion like {{c1::answer}}",
        "deck.md:11: tag 'a b' has a space (write it as 'a-b')",
    ]


def test_problems_across_files_are_all_reported_and_nothing_is_loaded(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# A\nid: a\n## Basic\nid: same\nQ: q\nA: a\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("# B\nid: a\n\n## Basic\nid: same\nQ: q2\nA: a\n", encoding="utf-8")
    (tmp_path / "c.md").write_bytes(b"# C\nid: c\n## Basic\nid: x\nQ: caf\xe9\nA: a\n")
    (tmp_path / "README.md").write_text("This folder holds decks.\n", encoding="utf-8")
    problems = [str(p) for p in lint([tmp_path])]
    assert problems == [
        f"{tmp_path / 'b.md'}:2: deck id 'a' is already used by {tmp_path / 'a.md'}:2",
        f"{tmp_path / 'b.md'}:4: card id 'same' is already used by {tmp_path / 'a.md'}:3",
        f"{tmp_path / 'c.md'}:5: not UTF-8: invalid byte 0xe9 at offset 31",
    ]
    with pytest.raises(DeckError) as raised:
        load_decks([tmp_path])
    assert raised.value.file == tmp_path / "b.md"
    assert raised.value.line == 2
    assert len(raised.value.problems) == 3


def test_missing_paths_and_empty_folders_are_problems(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    problems = [str(p) for p in lint([tmp_path / "nope", tmp_path / "empty"])]
    assert problems == [
        f"{tmp_path / 'empty'}: no deck files (*.md) in this folder",
        f"{tmp_path / 'nope'}: no such file or folder",
    ]


def test_escaped_lines_round_trip() -> None:
    card = Card(
        "e", "basic", {"question": "Which line?", "answer": "A: is not a label here\n## nor a card\n\\Q: nor this"}
    )
    deck = Deck(id="d", title="D", cards=(card,))
    text = write_deck(deck)
    assert "\\A: is not a label here\n\\## nor a card\n\\\\Q: nor this" in text
    assert parse(text) == (deck, [])


def test_writer_output_is_the_documented_format() -> None:
    deck, _ = parse(SAMPLE_DECK)
    assert deck is not None
    assert write_deck(deck) == SAMPLE_DECK


def test_cloze_faces() -> None:
    text = "Pay is {{c1::15%::a share}} at {{c2::FAANG}}, {{c1::base}}."
    assert cloze.front(text, 1) == "Pay is [a share] at FAANG, [...]."
    assert cloze.back(text, 2) == "Pay is 15% at **FAANG**, base."


# -- hypothesis: any deck the writer can write parses back to itself -------------------------------

_chars = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r")
_line = st.one_of(
    st.text(_chars, max_size=30),
    st.sampled_from(["Q: q", "A: a", "## Basic", "\\id: x", "Key points:", "# title", "- item", "", "  code"]),
)
_value = st.lists(_line, min_size=1, max_size=5).map(lambda lines: clean_text("\n".join(lines))).filter(bool)
_one_line = st.text(_chars, max_size=30).map(str.strip).filter(lambda s: "\n" not in s)
_ids = st.from_regex(ID_PATTERN, fullmatch=True)
_tags = st.lists(
    st.text(
        st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"), blacklist_characters=",\x85"),
        min_size=1,
        max_size=10,
    ),
    max_size=3,
).map(tuple)
_brace_free = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="{}\r\n:"), max_size=15)


@st.composite
def _cards(draw: st.DrawFn, card_id: str) -> Card:
    kind = draw(st.sampled_from(sorted(KINDS)))
    fields = {
        spec.name: draw(_value) if spec.required else draw(st.one_of(st.just(""), _value))
        for spec in KINDS[kind].fields
    }
    if kind == "cloze":
        answer = draw(_brace_free.map(str.strip).filter(bool))
        text = clean_text(f"{draw(_brace_free)}{{{{c{draw(st.integers(1, 3))}::{answer}}}}}{draw(_brace_free)}")
        fields["text"] = text
    return Card(card_id, kind, fields, tags=draw(_tags), section=draw(_one_line), source=draw(_one_line))


@st.composite
def _decks(draw: st.DrawFn) -> Deck:
    card_ids = draw(st.lists(_ids, max_size=4, unique=True))
    return Deck(
        id=draw(_ids),
        title=draw(_one_line.filter(bool)),
        description=draw(_one_line),
        source=draw(_one_line),
        url=draw(_one_line),
        tags=draw(_tags),
        cards=tuple(draw(_cards(card_id)) for card_id in card_ids),
    )


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(_decks())
def test_parse_of_write_is_identity(deck: Deck) -> None:
    assert parse(write_deck(deck)) == (deck, [])


# -- pmcards ids -------------------------------------------------------------------------------------


def test_ids_are_added_atomically_and_nothing_else_changes(tmp_path: Path) -> None:
    original = "# D\r\nid: d\r\n\r\n## Basic\r\n\r\ntags: x\r\nQ: q\r\nA: a\r\n## Cloze\r\nText: {{c1::b}}"
    path = tmp_path / "d.md"
    path.write_bytes(original.encode())
    (tmp_path / "other.md").write_text("# O\nid: o\n## Basic\nid: keep\nQ: q\nA: a\n", encoding="utf-8")
    assert add_missing_ids([tmp_path]) == {path: 2}
    written = path.read_bytes().decode()
    lines = written.split("\r\n")
    assert lines[5].startswith("id: ") and lines[10].startswith("id: ")
    del lines[10], lines[5]
    assert "\r\n".join(lines) == original
    assert lint([tmp_path]) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert add_missing_ids([tmp_path]) == {}


def test_ids_refuses_missing_unreadable_and_non_deck_files_before_touching_any(tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text("# G\nid: g\n## Basic\nQ: q\nA: a\n")
    (tmp_path / "latin1.md").write_bytes(b"# L\nid: l\n## Basic\nQ: caf\xe9\nA: a\n")
    with pytest.raises(DeckError) as raised:
        add_missing_ids([tmp_path, tmp_path / "nope.md"])
    assert [str(p) for p in raised.value.problems] == [
        f"{tmp_path / 'latin1.md'}:4: not UTF-8: invalid byte 0xe9 at offset 25",
        f"{tmp_path / 'nope.md'}: no such file or folder",
    ]
    assert good.read_text() == "# G\nid: g\n## Basic\nQ: q\nA: a\n"


def test_ids_fills_in_an_empty_id_line_and_follows_symlinks(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("# D\nid: d\n\n## Basic\n\nid:\nQ: q\nA: a\n")
    link = tmp_path / "decks" / "link.md"
    link.parent.mkdir()
    link.symlink_to(real)
    assert [str(p) for p in lint([link])] == [f"{link}:6: 'id:' is empty (run `pmcards ids` to fill it in)"]
    assert add_missing_ids([link]) == {link: 1}
    assert link.is_symlink()
    lines = real.read_text().split("\n")
    assert lines[5].startswith("id: ") and len(lines[5]) > 5 and len(lines) == 9
    assert lint([link]) == []


def test_a_file_named_twice_is_read_once(deck_dir: Path) -> None:
    assert lint([deck_dir, deck_dir / "sample.md", str(deck_dir)]) == []
    assert len(load_decks(str(deck_dir))) == 1


def test_cloze_numbers_have_an_upper_bound() -> None:
    _, problems = parse("# D\nid: d\n## Cloze\nid: a\nText: {{c99999999999999999999::x}}\n")
    assert problems == ["deck.md:5: cloze number c99999999999999999999: use c1 to c500"]


def test_a_duplicate_id_is_reported_even_when_the_first_card_has_another_problem() -> None:
    _, problems = parse("# D\nid: d\n## Basic\nid: a\nQ: q\n## Basic\nid: a\nQ: r\nA: b\n")
    assert problems == [
        "deck.md:3: Basic card has no 'A:' field",
        "deck.md:6: duplicate card id 'a' (first used at line 3)",
    ]


def test_a_reverse_card_makes_two_cards_one_each_way() -> None:
    deck, problems = parse(
        "# D\nid: d\n## Reverse\nid: r\nFront: precision\nBack: share of flagged items that are right\n"
    )
    assert problems == []
    assert deck is not None
    card = deck.cards[0]
    assert card.ordinals() == (1, 2)
    assert (card.spec.front(card.fields, 1), card.spec.back(card.fields, 1)) == (
        "precision",
        "share of flagged items that are right",
    )
    assert card.spec.front(card.fields, 2) == "share of flagged items that are right"
    assert parse(write_deck(deck)) == (deck, [])
    _, problems = parse("# D\nid: d\n## Reverse\nid: r\nFront: x\n")
    assert problems == ["deck.md:3: Reverse card has no 'Back:' field"]


# -- one mistake, one problem ------------------------------------------------------------------------


def test_a_question_without_its_label_is_one_problem_naming_the_card_and_the_label() -> None:
    question = "What does the ML PM own?\nMore of the question,\nwith a list:\n\n- one\n- two\n" * 5
    text = f"# D\nid: d\n\n## Basic\n\nid: m-1\n\n{question}\nA: the model lifecycle\n\n## Basic\nid: m-2\nQ: q\nA: a\n"
    deck, problems = parse(text)
    assert problems == [
        "deck.md:8: Basic card 'm-1' has no 'Q:' field: the text under 'id:' here looks like its question; "
        "write 'Q: ' before it"
    ]
    assert deck is not None and [card.id for card in deck.cards] == ["m-2"]


def test_text_before_the_first_field_of_a_card_missing_its_text_is_one_problem() -> None:
    _, problems = parse("# D\nid: d\n## Cloze\nPay is {{c1::high}}.\nSo it is.\nid: c\n")
    assert problems == [
        "deck.md:4: Cloze card 'c' has no 'Text:' field: the text before its first field here looks like "
        "its text; write 'Text: ' before it"
    ]
    _, problems = parse("# D\nid: d\n## Basic\nid: b\nWhich of these does a PM own:\n- the roadmap\nA: a\n")
    assert problems == [
        "deck.md:5: Basic card 'b' has no 'Q:' field: the text under 'id:' here looks like its question; "
        "write 'Q: ' before it"
    ]


def test_stray_text_after_a_single_line_field_is_reported_once_with_its_extent() -> None:
    _, problems = parse("# D\nid: d\n## Basic\nid: a\nsection: one\nmore\n\nand more\nNote: x\nQ: q\nA: a\n")
    assert problems == [
        "deck.md:6: unexpected text after 'section:', which takes a single line (it runs to line 8)",
        "deck.md:9: unknown field 'Note:' (Basic cards take id:, tags:, section:, source:, Q:, A:)",
    ]
    _, problems = parse("# D\nid: d\n## Basic\nid: a\nWhy: x\nmore\nQ: q\nA: a\n")
    assert problems == ["deck.md:5: unknown field 'Why:' (Basic cards take id:, tags:, section:, source:, Q:, A:)"]


def test_every_misspelled_label_in_a_card_is_named_even_after_stray_text() -> None:
    known = "(Basic cards take id:, tags:, section:, source:, Q:, A:)"
    _, problems = parse("# D\nid: d\n\n## Basic\nid: a\nQestion: What?\nAnser: this\n")
    assert problems == [
        "deck.md:4: Basic card has no 'Q:' field",
        "deck.md:4: Basic card has no 'A:' field",
        f"deck.md:6: unknown field 'Qestion:' {known}",
        f"deck.md:7: unknown field 'Anser:' {known}",
    ]
    _, problems = parse("# D\nid: d\n## Basic\nid: a\nQ: q\nA: a\nsection: s\nsome text\n\nNote: x\nmore\n")
    assert problems == [
        "deck.md:8: unexpected text after 'section:', which takes a single line",
        f"deck.md:10: unknown field 'Note:' {known}",
    ]


def test_stray_text_ends_at_the_next_field_and_each_run_is_its_own_problem() -> None:
    text = "# D\nid: d\n## Basic\nid: a\nQ: q\nA: a\ntags: t\nstray\nmore stray\nsection: s\n\nlater\ntext\n"
    _, problems = parse(text)
    assert problems == [
        "deck.md:8: unexpected text after 'tags:', which takes a single line (it runs to line 9)",
        "deck.md:12: unexpected text after 'section:', which takes a single line (it runs to line 13)",
    ]


# -- indentation that Markdown shows as code ------------------------------------------------------


def test_a_tab_indented_list_is_a_warning_naming_its_line_and_the_deck_still_loads() -> None:
    text = "# D\nid: d\n## Interview\nid: i\nQ: q\n\nKey points:\n\t- Nutzerergebnis\n\t- Guardrail\n\nTraps:\n- fine\n"
    deck, problems = parse(text)
    assert problems == [
        "deck.md:8: warning: 'Key points:' text indented with a tab shows as code: remove the indentation"
    ]
    assert deck is not None and len(deck.cards) == 1


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (
            "A:\n    - one\n    - two\n",
            "deck.md:7: warning: 'A:' list indented by 4 spaces shows as code: remove the indentation",
        ),
        (
            "A: Steps:\n\n      1. one\n",
            "deck.md:8: warning: 'A:' list indented by 6 spaces shows as code: remove the indentation",
        ),
        (
            "A: x\n\n\tplain words\n",
            "deck.md:8: warning: 'A:' text indented with a tab shows as code: remove the indentation",
        ),
        ("A: deliberate code:\n\n    print('hi')\n", None),  # four spaces, no list: meant as code
        ("A:\n- one\n\tmore of one\n- two\n\n\tstill two\n", None),  # inside list items
        ("A:\n- one\n\t- nested\n", None),
        ("A:\n```\n\t- in a fence\n```\n", None),
        ("A: one paragraph\n\tcontinued\n", None),  # an indented line cannot interrupt a paragraph
    ],
)
def test_indentation_warns_only_where_markdown_shows_code_that_was_not_meant(answer: str, expected: str | None) -> None:
    _, problems = parse(f"# D\nid: d\n## Basic\nid: b\nQ: q\n{answer}")
    assert problems == ([expected] if expected else [])


def test_ids_leaves_indentation_alone_and_lint_fix_removes_it(tmp_path: Path) -> None:
    original = "# D\r\nid: d\r\n## Basic\r\nid: b\r\nQ: q\r\nA:\r\n\t- one\r\n\t\t- nested\r\n\r\n\tA: not a label\r\n"
    path = tmp_path / "d.md"
    path.write_bytes(original.encode())
    assert add_missing_ids([path]) == {}
    assert path.read_bytes().decode() == original
    assert remove_code_indentation([path]) == {path: 3}
    assert path.read_bytes().decode() == original.replace("\t- one\r\n\t\t", "- one\r\n\t").replace(
        "\tA: not", "\\A: not"
    )
    deck, problems = parse(path.read_text())
    assert problems == []
    assert deck is not None and deck.cards[0].fields["answer"] == "- one\n\t- nested\n\nA: not a label"
    assert remove_code_indentation([path]) == {}
