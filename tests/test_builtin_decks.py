"""The built-in decks: lint-clean, every article section and interview question covered, well-formed cards."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from pmcards import Card, Deck
from pmcards.format import cloze
from pmcards.format.deckfile import lint, load_decks
from pmcards.paths import builtin_decks

SECTIONS = Path(__file__).parent / "deck_sections"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
TAGS = {
    "role",
    "skills",
    "interview",
    "compensation",
    "career-path",
    "transition",
    "hiring-committee",
    "mistakes",
    "metrics",
    "evaluation",
    "ethics",
    "ml-pm",
    "companies",
    "negotiation",
    "list",
    "fundamentals",
}
ARTICLE_DECKS = {
    "000_f92b760b030ea97a.txt": "specialize-ai-or-general-pm",
    "001_e2d1975195704569.txt": "navigating-ai-pm-career",
    "002_64ed1013ce5a0a98.txt": "becoming-an-ai-pm",
    "003_504e6e397d0de4c7.txt": "ai-pm-career-path-2024",
    "004_bae358e78e330602.txt": "ai-pm-vs-ml-pm",
}
YES_NO_OPENINGS = re.compile(r"(is|are|do|does|did|can|could|should|would|will|has|have|was|were)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def decks() -> dict[str, Deck]:
    return {deck.id: deck for deck in load_decks([builtin_decks()])}


def all_cards(decks: dict[str, Deck]) -> list[tuple[Deck, Card]]:
    return [(deck, card) for deck in decks.values() for card in deck.cards]


def test_builtin_decks_lint_clean() -> None:
    assert [str(problem) for problem in lint([builtin_decks()])] == []


def test_one_deck_per_article_plus_the_interview_deck(decks: dict[str, Deck]) -> None:
    assert set(decks) == {*ARTICLE_DECKS.values(), "ai-pm-interview-questions", "ai-pm-fundamentals"}
    assert 150 <= len(all_cards(decks)) <= 600


@pytest.mark.parametrize("deck_id", sorted(ARTICLE_DECKS.values()))
def test_every_question_section_of_the_article_has_a_card(decks: dict[str, Deck], deck_id: str) -> None:
    headings = (SECTIONS / f"{deck_id}.txt").read_text(encoding="utf-8").splitlines()
    covered = {card.section for card in decks[deck_id].cards}
    assert headings and [heading for heading in headings if heading not in covered] == []


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source articles (shared/seeds) are not beside this checkout")
@pytest.mark.parametrize(("article", "deck_id"), sorted(ARTICLE_DECKS.items()))
def test_section_lists_match_the_articles(article: str, deck_id: str) -> None:
    text = (SEEDS / article).read_text(encoding="utf-8")
    article_lines = {line.strip().lstrip("#").strip() for line in text.splitlines()}
    headings = (SECTIONS / f"{deck_id}.txt").read_text(encoding="utf-8").splitlines()
    assert [heading for heading in headings if heading not in article_lines] == []


def test_every_interview_question_of_the_articles_has_its_own_interview_card(decks: dict[str, Deck]) -> None:
    interview = decks["ai-pm-interview-questions"]
    by_id = {card.id: card for card in interview.cards}
    rows = [
        line.split("\t") for line in (SECTIONS / "interview-questions.txt").read_text(encoding="utf-8").splitlines()
    ]
    assert len({card_id for card_id, _, _ in rows}) == len(rows)
    for card_id, article, _question in rows:
        card = by_id[card_id]
        assert card.kind == "interview"
        article_deck = decks.get(ARTICLE_DECKS[article])
        assert article_deck is not None and card.source == article_deck.source
    assert set(by_id) == {card_id for card_id, _, _ in rows}


def test_every_interview_card_has_key_points_traps_and_provenance(decks: dict[str, Deck]) -> None:
    for deck, card in all_cards(decks):
        if card.kind == "interview":
            points = [line for line in card.fields["key_points"].splitlines() if line.startswith("- ")]
            assert 3 <= len(points) <= 6, card.id
            assert card.fields["traps"].strip(), card.id
            assert card.source and card.section, card.id
        else:
            assert deck.id != "ai-pm-interview-questions", card.id


def test_every_card_has_provenance_and_shared_tags(decks: dict[str, Deck]) -> None:
    for deck, card in all_cards(decks):
        assert card.section, card.id
        assert card.source or deck.source, card.id
        assert set(card.tags) | set(deck.tags) <= TAGS, card.id
        assert card.tags or deck.tags, card.id


def test_no_two_cards_share_a_front(decks: dict[str, Deck]) -> None:
    fronts = Counter(" ".join(card.front.lower().split()) for _, card in all_cards(decks))
    assert [front for front, count in fronts.items() if count > 1] == []


def test_no_question_is_answered_by_yes_or_no(decks: dict[str, Deck]) -> None:
    questions = [card for _, card in all_cards(decks) if card.kind in ("basic", "interview")]
    assert [card.id for card in questions if YES_NO_OPENINGS.match(card.fields["question"])] == []


MAX_ANSWER_WORDS = 30
MAX_BLANK_WORDS = 4
NEAR_DUPLICATE = 88
"""Fronts this similar (rapidfuzz `ratio`, 0-100, on lower-cased fronts without punctuation or
cloze markers) are near-duplicates. Measured on the first release's decks: every pair at 88 or
above differed only by one swapped word ("AI PM" for "ML PM", "senior PM" for "PM"), which a
learner confuses; the closest distinct questions ("What fills an AI PM's morning?" / "...midday?")
scored 84 and below."""
STRUCTURES = ("CIRCLES", "STAR", "Metric tree", "Trade-off matrix", "Past-present-future")
"""The standard answer structures an interviewer expects: CIRCLES for product design, STAR for
behavioral questions, a metric tree with guardrails for metrics, a trade-off matrix for technical
and prioritisation choices, past-present-future for "why this role"."""


def _words(text: str) -> list[str]:
    return re.sub(r"^\s*(?:[-*]|\d+\.)\s", "", text, flags=re.MULTILINE).split()


def test_basic_answers_are_short_unless_tagged_as_a_list(decks: dict[str, Deck]) -> None:
    too_long = []
    for _, card in all_cards(decks):
        if card.kind != "basic":
            continue
        items = [line for line in card.fields["answer"].splitlines() if re.match(r"\s*(?:[-*]|\d+\.)\s", line)]
        if "list" in card.tags:
            assert 2 <= len(items) <= 6, card.id
            too_long += [card.id for item in items if len(_words(item)) > MAX_ANSWER_WORDS]
        elif len(_words(card.fields["answer"])) > MAX_ANSWER_WORDS:
            too_long.append(card.id)
    assert too_long == []


def test_cloze_blanks_hide_at_most_four_words(decks: dict[str, Deck]) -> None:
    long_blanks = [
        (card.id, deletion.answer)
        for _, card in all_cards(decks)
        if card.kind == "cloze"
        for deletion in cloze.scan(card.fields["text"])[0]
        if len(deletion.answer.split()) > MAX_BLANK_WORDS
    ]
    assert long_blanks == []


def _front_text(card: Card) -> str:
    text = cloze.substitute(card.front, lambda deletion: deletion.answer)
    return " ".join(re.sub(r"[^\w\s%$]", " ", text.lower()).split())


def test_no_two_fronts_are_near_duplicates(decks: dict[str, Deck]) -> None:
    cards = all_cards(decks)
    fronts = [_front_text(card) for _, card in cards]
    close = [
        (cards[a][1].id, cards[b][1].id, round(fuzz.ratio(fronts[a], fronts[b])))
        for a in range(len(cards))
        for b in range(a + 1, len(cards))
        if fuzz.ratio(fronts[a], fronts[b]) >= NEAR_DUPLICATE
    ]
    assert close == []


def test_interview_cards_name_their_structure_and_start_by_clarifying(decks: dict[str, Deck]) -> None:
    for _, card in all_cards(decks):
        if card.kind == "interview":
            assert card.fields["framework"].startswith(STRUCTURES), (card.id, card.fields["framework"])
            first_point = next(line for line in card.fields["key_points"].splitlines() if line.startswith("- "))
            assert first_point.startswith("- Clarify"), (card.id, first_point)


FIGURE = re.compile(r"\$\s?\d[\d,.]*\s?[kKmM]?|\d+(?:\.\d+)?\s?%")


def _normalised(text: str) -> str:
    dashes = str.maketrans({"–": "-", "—": "-", "‑": "-"})
    return re.sub(r"\s", "", text.translate(dashes)).lower()


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source articles (shared/seeds) are not beside this checkout")
@pytest.mark.parametrize(("article", "deck_id"), sorted(ARTICLE_DECKS.items()))
def test_every_money_and_percentage_figure_of_the_article_is_on_a_card(
    decks: dict[str, Deck], article: str, deck_id: str
) -> None:
    figures = {match.group(0) for match in FIGURE.finditer((SEEDS / article).read_text(encoding="utf-8"))}
    source = decks[deck_id].source
    interview = [card for card in decks["ai-pm-interview-questions"].cards if card.source == source]
    cards = _normalised(" ".join(" ".join(card.fields.values()) for card in [*decks[deck_id].cards, *interview]))
    assert figures and sorted(figure for figure in figures if _normalised(figure) not in cards) == []


def test_retired_card_ids_are_never_reused(decks: dict[str, Deck]) -> None:
    """A card taken out of a built-in deck keeps its id to itself: a learner's history is tied to it."""
    retired = {
        line.split()[0]
        for path in SECTIONS.glob("retired-*.txt")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert sorted(card.id for _, card in all_cards(decks) if card.id in retired) == []
