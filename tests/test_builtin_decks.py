"""The built-in decks: lint-clean, every article section and interview question covered, well-formed cards."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from pmcards import BasicCard, ClozeCard, Deck, InterviewCard
from pmcards.deckfile import lint, load_decks
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


def all_cards(decks: dict[str, Deck]) -> list[tuple[Deck, BasicCard | ClozeCard | InterviewCard]]:
    return [(deck, card) for deck in decks.values() for card in deck.cards]


def test_builtin_decks_lint_clean() -> None:
    assert [str(problem) for problem in lint([builtin_decks()])] == []


def test_one_deck_per_article_plus_the_interview_deck(decks: dict[str, Deck]) -> None:
    assert set(decks) == {*ARTICLE_DECKS.values(), "ai-pm-interview-questions"}
    assert 150 <= len(all_cards(decks)) <= 400


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
        assert isinstance(card, InterviewCard)
        article_deck = decks.get(ARTICLE_DECKS[article])
        assert article_deck is not None and card.source == article_deck.source
    assert set(by_id) == {card_id for card_id, _, _ in rows}


def test_every_interview_card_has_key_points_traps_and_provenance(decks: dict[str, Deck]) -> None:
    for deck, card in all_cards(decks):
        if isinstance(card, InterviewCard):
            points = [line for line in card.key_points.splitlines() if line.startswith("- ")]
            assert 3 <= len(points) <= 6, card.id
            assert card.traps.strip(), card.id
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
    questions = [card for _, card in all_cards(decks) if isinstance(card, (BasicCard, InterviewCard))]
    assert [card.id for card in questions if YES_NO_OPENINGS.match(card.question)] == []


def test_basic_answers_are_short(decks: dict[str, Deck]) -> None:
    for _, card in all_cards(decks):
        if isinstance(card, BasicCard):
            items = [line for line in card.answer.splitlines() if re.match(r"\s*(?:[-*]|\d+\.)\s", line)]
            assert len(items) <= 5, card.id
            assert len(card.answer) <= 600, card.id


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
    cards = _normalised(" ".join(" ".join(card.sides().values()) for card in [*decks[deck_id].cards, *interview]))
    assert figures and sorted(figure for figure in figures if _normalised(figure) not in cards) == []
