"""`pmcards extract`: fixture articles of each shape, exact cards, stable ids, noise, fuzzing, and the CLI."""

from __future__ import annotations

import errno
import os
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import pmcards
from pmcards import Card, Deck
from pmcards.cli import app
from pmcards.errors import ExtractError, PmcardsError
from pmcards.extraction import (
    STRUCTURES,
    answers,
    article,
    chat,
    claims,
    concepts,
    contrasts,
    discourse,
    extract_file,
    extract_files,
    extract_report,
    frameworks,
    header,
    html,
    mistakes,
    noise,
    points,
    prompts,
    questions,
    save_decks,
    summary,
    tables,
    text,
    thread,
)
from pmcards.extraction.claims import advice, figures, superlative
from pmcards.extraction.contrasts import contrast, preference
from pmcards.extraction.discourse import credential, is_deferral, rhetorical
from pmcards.extraction.noise import ABOUT_THE_ARTICLE, noise_reason
from pmcards.extraction.prompts import as_question
from pmcards.format.cards import ID_PATTERN
from pmcards.format.deckfile import TODO_ANSWER, lint, parse_text, write_deck

EXTRACTION_MODULES = (
    answers, article, claims, concepts, contrasts, discourse, frameworks, header, html, mistakes, noise, points,
    prompts, questions, summary, tables, text, chat,
)  # fmt: skip
ARTICLES = Path(__file__).parent / "fixtures" / "articles"
QUALITY = Path(__file__).parent / "fixtures" / "extract_quality"
runner = CliRunner()


def read(name: str) -> str:
    return (ARTICLES / name).read_text(encoding="utf-8")


def cards_of(deck: Deck) -> list[tuple[str, str, str]]:
    """Each card as (kind, section with line, front): what a test compares."""
    return [(card.kind, card.section, card.front) for card in deck.cards]


def card(deck: Deck, front: str) -> Card:
    return next(c for c in deck.cards if c.front == front)


def answer(deck: Deck, front: str) -> str:
    """The answer of the basic card with this front."""
    found = card(deck, front)
    assert found.kind == "basic"
    return found.fields["answer"]


def interview_card(deck: Deck, front: str) -> Card:
    found = card(deck, front)
    assert found.kind == "interview"
    return found


def assert_lint_clean(deck: Deck, warnings: int = 0) -> None:
    """The deck's file has no errors (only `warnings` draft cards still to answer) and reads back as the same deck."""
    parsed = parse_text(write_deck(deck), Path(f"{deck.id}.md"))
    assert [str(p) for p in parsed.problems if p.severity == "error"] == []
    assert [p.message for p in parsed.problems if p.severity == "warning"] == [
        "draft card: write the answer"
    ] * warnings
    assert parsed.deck == deck


# Fixture articles, one per shape of the genre (tests/fixtures/articles/, written for these tests)


def test_plain_text_with_question_lines() -> None:
    result = extract_report(read("plain_questions.txt"), "plain_questions.txt")
    deck = result.deck
    assert (deck.id, deck.title) == (
        "from-data-scientist-to-ml-pm-what-changes-and",
        "From Data Scientist to ML PM: What Changes and What Stays",
    )
    assert deck.source == deck.title
    owns = "What does an ML PM own that a data scientist does not?"
    switch = "How long does the switch usually take?"
    mistake = "Mistake to avoid: Presenting your best model as your best product result.\n\nWhat works better?"
    asked = "What did users do differently after launch?"
    assert deck.description.startswith("Data scientists who move into ML product management keep")
    assert cards_of(deck) == [  # the TL;DR describes the deck: it is no card
        (
            "cloze",
            "TL;DR (line 3)",
            "The job is not building models, but {{c1::deciding which models are worth building}}.",
        ),
        ("basic", f"{owns} (line 6)", owns),
        ("interview", f"{owns} (line 8)", asked),
        ("cloze", f"{owns} (line 9)", "The distinction is not skill, but {{c1::accountability}}."),
        ("basic", f"{switch} (line 10)", switch),
        ("cloze", f"{switch} (line 12)", "It costs them about {{c1::20%}} of their time for a quarter."),
        ("basic", "Mistakes to Avoid (line 14)", mistake),
        ("basic", "Do I need to stop coding? (line 19)", "Do I need to stop coding?"),
    ]
    assert answer(deck, owns) == (
        "An ML PM owns the decision to ship, pause or retire a model. The data scientist owns the quality of the "
        "model itself."
    )
    assert (
        answer(deck, switch) == "Most internal moves take 9–15 months, while external moves take closer to two years."
    )
    assert answer(deck, mistake) == (
        "Leading with the user behaviour the model changed and the revenue it protected.\n\n"
        "That framing shows you can connect a metric to a business decision.\n\n"
        "Why the mistake hurts: A hiring manager will read it as a research summary, not a product story."
    )
    # The story after the panel's question ("Nobody in the room could tell") is not an answer to it.
    assert interview_card(deck, asked).fields["key_points"] == TODO_ANSWER
    assert answer(deck, "Do I need to stop coding?").startswith("No. You will code less")
    assert [(s.line, s.reason) for s in result.skipped] == [(4, ABOUT_THE_ARTICLE), (21, "call to action")]
    assert card(deck, mistake).tags == ("mistakes",)
    assert_lint_clean(deck, warnings=1)


def test_markdown_with_headings_and_blockquoted_interview_questions() -> None:
    result = extract_report(read("markdown_interview.md"))
    deck = result.deck
    assert (deck.title, deck.url) == (
        "Interviewing for Applied AI PM Roles",
        "https://example.org/applied-ai-pm-interviews",
    )
    loop = "How is the applied AI PM loop structured?"
    decide = "How would you decide whether a support ticket should be answered by a model or a person?"
    walk = "Walk me through how you would launch a summarisation feature for legal documents."
    precision = "Your classifier's precision dropped from 92% to 85% overnight. What do you check first?"
    assert cards_of(deck) == [
        ("basic", f"{loop} (line 11)", loop),
        ("interview", "Product sense (line 19)", decide),
        ("interview", "Product sense (line 21)", walk),
        ("interview", "AI judgement (line 25)", precision),
        ("basic", "How should you prepare? (line 29)", "How should you prepare?"),  # "## How to prepare"
    ]
    assert answer(deck, "How should you prepare?").startswith("- Practise explaining precision and recall")
    assert interview_card(deck, precision).fields["key_points"] == (
        "- Start with the data pipeline, then compare the input distribution against last week, "
        "and only then look at the model."
    )
    # No answer follows these two prompts: their backs wait for one, nothing is borrowed from elsewhere.
    assert (
        interview_card(deck, decide).fields["key_points"]
        == interview_card(deck, walk).fields["key_points"]
        == TODO_ANSWER
    )
    assert result.unanswered == ((19, decide), (21, walk))
    assert [(s.line, s.reason) for s in result.skipped] == [(35, "related reading")]
    assert_lint_clean(deck, warnings=2)


def test_faq_question_lines_and_q_a_pairs() -> None:
    result = extract_report(read("faq_lines.txt"))
    deck = result.deck
    mba, salary = "Is an MBA required for AI PM roles?", "What salary can a first-time AI PM expect?"
    ux, portfolio = "Can I switch from UX research?", "How many projects should my portfolio have?"
    prompts = "Do AI PMs write prompts?"
    assert cards_of(deck) == [
        ("basic", f"{mba} (line 5)", mba),
        ("basic", f"{salary} (line 9)", salary),
        ("basic", f"{ux} (line 13)", ux),
        ("basic", f"{portfolio} (line 17)", portfolio),
        ("basic", f"{prompts} (line 21)", prompts),
    ]
    assert answer(deck, mba) == (
        "No. Hiring managers care more about shipped products than degrees. "
        "An MBA helps with the business case, not with the model tradeoffs."
    )
    assert answer(deck, salary).startswith("At large tech companies a first AI PM offer usually lands between $150K")
    assert answer(deck, portfolio) == TODO_ANSWER
    assert result.found["faq"] == 5 and result.found["questions"] == 0
    assert [(s.line, s.reason) for s in result.skipped] == [(19, "call to action")]
    assert card(deck, salary).tags == ("compensation",)
    assert_lint_clean(deck, warnings=1)


def test_numbered_question_bank_options_are_key_points_and_traps() -> None:
    result = extract_report(read("question_bank.md"))
    deck = result.deck
    measure = "How would you measure the success of an AI writing assistant?"
    no_llm = "When would you not use a large language model?"
    right = "How do you handle a model that is right 95% of the time?"
    assert cards_of(deck) == [
        ("interview", f"{measure} (line 7)", measure),
        ("interview", f"{no_llm} (line 13)", no_llm),
        ("interview", f"{right} (line 19)", right),
    ]
    bank = interview_card(deck, right)
    assert (
        bank.fields["key_points"]
        == "- Design for the 5%: show confidence, offer an undo and route the hardest cases to a person."
    )
    assert bank.fields["traps"] == "- Ship it and fix the errors later."
    assert interview_card(deck, no_llm).fields["traps"] == '- "Almost never, LLMs keep getting better."'
    assert (result.found["interview"], result.found["mistakes"], result.skipped) == (3, 0, ())
    assert_lint_clean(deck)


def test_table_rows_with_column_headings_as_context() -> None:
    result = extract_report(read("salary_table.md"))
    deck = result.deck

    def row(level: str) -> str:
        return f"Salary by level: what are the General PM and AI PM for Level “{level}”?"

    assert deck.description.startswith("AI PM base pay runs 10-20% above general PM base pay")
    assert cards_of(deck) == [
        ("basic", "Salary by level (line 13)", row("Associate PM")),
        ("basic", "Salary by level (line 14)", row("Senior PM")),
        ("basic", "Salary by level (line 15)", row("Principal PM")),
        (
            "cloze",
            "Negotiation notes (line 21)",
            "Most offers can move {{c1::5-10%}} on base, but far more on the initial grant.",
        ),
    ]
    assert answer(deck, row("Senior PM")) == "- General PM: $180K - $220K\n- AI PM: $200K - $245K"
    assert all(c.tags == ("compensation",) for c in deck.cards if c.front.startswith("Salary by level"))
    assert (result.found["tables"], result.tables) == (3, 1)
    assert [(s.line, s.reason) for s in result.skipped] == [(5, "navigation"), (17, ABOUT_THE_ARTICLE), (23, "footer")]
    assert deck.description == "AI PM base pay runs 10-20% above general PM base pay at every level"
    assert_lint_clean(deck)


def test_faq_whose_questions_end_in_disclosure_glyphs() -> None:
    result = extract_report(read("faq_glyphs.txt"), "faq_glyphs.txt")
    deck = result.deck
    assert deck.title == "Data PM Bootcamp: Questions We Hear Every Week"
    questions = [
        "What is the difference between a data PM and an AI PM?",
        "Can I apply without a computer science degree?",
        "How much time should I plan per week?",
        "Which tools do we use?",
        "Is there a certificate at the end?",
        "Do you help with job applications?",
    ]
    assert [c.front for c in deck.cards] == questions
    assert answer(deck, questions[2]) == "Plan for 5 to 7 hours a week across the 8 weeks of the course."
    assert answer(deck, questions[0]).startswith("A data PM owns pipelines")
    # Collapsed when the page was saved: the article gives no answer, and the call to action after the
    # last one is not an answer either.
    assert [answer(deck, question) for question in questions[4:]] == [TODO_ANSWER, TODO_ANSWER]
    assert {s.reason for s in result.skipped} == {"navigation", "call to action", "footer"}
    assert_lint_clean(deck, warnings=2)


def test_faq_in_details_and_summary_blocks() -> None:
    result = extract_report(read("faq_details.md"))
    deck = result.deck
    seat, margin, raise_ = (
        "Should AI features be priced per seat or per use?",
        "What is a fair margin for an AI feature?",
        "When should you raise prices?",
    )
    assert [c.front for c in deck.cards] == [
        seat,
        "How do you stop a free tier from burning the inference budget?",
        margin,
        raise_,
        "What does “cost to serve” mean?",
        "What does “usage cap” mean?",
    ]
    assert answer(deck, seat).startswith("Per use when the cost of serving a request is large")
    assert answer(deck, margin) == answer(deck, raise_) == TODO_ANSWER  # put off to a later post; empty
    assert answer(deck, "What does “usage cap” mean?").startswith("A limit on how many requests a plan includes")
    assert {s.reason for s in result.skipped} >= {"metadata", "link list", "call to action", "navigation"}
    assert_lint_clean(deck, warnings=2)


def test_question_bank_with_bold_numbered_questions() -> None:
    result = extract_report(read("question_bank_bold.md"))
    deck = result.deck
    cards = [interview_card(deck, c.front) for c in deck.cards]
    assert len(cards) == 12 and all(c.kind == "interview" for c in cards)
    first, second, third, fourth = cards[:4]
    assert first.fields["question"].startswith("A translation model's quality score went up")
    assert first.fields["key_points"] == (
        "- The score rewards fluent output, so the model got more fluent while getting more meanings wrong.\n"
        "- Pull a sample of the ticketed translations and grade them by hand before trusting the score again.\n"
        "- Why: interviewers want you to question an automatic metric when people disagree with it."
    )
    assert (
        first.fields["traps"]
        == "- The score is broken, so stop using it.\n- Tickets always rise after a launch, so wait a month."
    )
    assert second.fields["traps"] == "- Daily active users, because that is what the company reports."
    assert third.fields["key_points"] == TODO_ANSWER and third.fields["traps"] == ""
    assert fourth.fields["key_points"].endswith('count it per thousand chats, and agree the threshold before launch."')
    assert "Sample answer:" in fourth.fields["key_points"]
    # Each item keeps its own options, the tenth to twelfth too.
    assert [c.fields["key_points"].splitlines()[0] for c in cards[9:]] == [
        "- Compare against a holdout that lives through the same season.",
        "- Users accept more outputs as they are, which usually means quality rose, unless the interface made "
        "overriding harder.",
        "- Translate it into the user's experience: more of the items we flag are wrong, so people start ignoring "
        "the flags.",
    ]
    assert [c.fields["question"].split()[:3] for c in cards[9:]] == [
        ["How", "do", "you"],
        ["What", "does", "a"],
        ["How", "would", "you"],
    ]
    assert result.found["mistakes"] == result.found["figures"] == 0
    assert [reason for reason in {s.reason for s in result.skipped}] and {s.reason for s in result.skipped} == {
        "legend",
        "metadata",
        "empty section",
        "related reading",
    }
    assert_lint_clean(deck, warnings=1)


def test_every_mistake_shape() -> None:
    deck = extract_report(read("mistakes_shapes.md")).deck
    assert [(c.front, answer(deck, c.front)) for c in deck.cards] == [
        (
            "Mistake to avoid (Opening with the architecture): \"I'd put a vector database in front of a fine-tuned "
            'model."\n\nWhat works better?',
            "Open with the user and the moment they need help, then explain why a model is the right tool.\n\n"
            "Interviewers hear the architecture opening as a sign you will build before you understand.",
        ),
        (
            'Mistake to avoid (Ignoring the cost of being wrong): "The model will be right most of the time, so '
            'users will be fine."\n\nWhat works better?',
            '"A wrong answer here costs the user a missed payment, so every suggestion needs a confirm step."',
        ),
        (
            "Mistake to avoid (Promising full automation): Don't promise that the assistant will handle every case "
            "on its own.\n\nWhat works better?",
            "Do describe which cases go to a person and how the handover works.",
        ),
        (
            "Mistake to avoid (Forgetting the cold start): designing for the user with a year of history and "
            "forgetting the user who signed up today.\n\nWhy is it a mistake?",
            "Say what the product does before it knows anything about the user.",
        ),
        (
            "Mistake: Treating feedback as free. What should you do instead?",
            "Every thumbs-down button needs someone to read the feedback and a path for it back into the evaluation "
            "set. Name who owns that loop.",
        ),
        (
            "Mistake: Skipping the launch plan. What should you do instead?",
            "End with a staged rollout: employees first, then a small share of traffic, then everyone, each step "
            "gated on the guardrail.",
        ),
    ]
    assert all(c.tags[0] == "mistakes" for c in deck.cards[:4])


def test_front_matter_admonitions_terms_frameworks_and_contrasts() -> None:
    result = extract_report(read("field_guide.md"))
    deck = result.deck
    assert deck.title == "Shipping a Support Copilot: A Field Guide for PMs"
    assert deck.description.startswith("Start with the agent's worst hour")
    fronts = [c.front for c in deck.cards]
    assert fronts == [
        "What does “deflection” mean?",
        "What does “handle time” mean?",
        "What does “reopen rate” mean?",
        "What are the four stages of copilot autonomy?",
        "Pick {{c1::the ten ticket types}} that take agents the longest and start there.",
        "A copilot whose suggestions agents accept less than {{c1::40%}} of the time is slowing them down.",
        "Judge the copilot by {{c1::resolved tickets}}, not by model scores.",
        "In our pilot, agents using the copilot closed tickets {{c1::18%}} faster, and the reopen rate did not move.",
        "Design a copilot for insurance claims handlers.",
        "How would you know the copilot is making agents worse?",
        "What does “first contact resolution” mean?",
        "What does “escalation” mean?",
    ]
    assert answer(deck, "What does “deflection” mean?") == (
        "Deflection is the share of contacts that a customer resolves without ever reaching an agent."
    )
    assert (
        answer(deck, "What does “reopen rate” mean?")
        == "The share of closed tickets that the customer opens again within a week."
    )
    assert answer(deck, "What are the four stages of copilot autonomy?").splitlines() == [
        "- **Suggest**: the copilot drafts, the agent decides everything.",
        "- **Prefill**: the copilot fills the reply and the fields, the agent edits and sends.",
        "- **Act with review**: the copilot acts, a sample of its actions is reviewed every day.",
        "- **Act alone**: the copilot acts on a narrow class of tickets with no review.",
    ]
    assert interview_card(deck, "Design a copilot for insurance claims handlers.").fields[
        "key_points"
    ].splitlines() == [
        "- The handler's slowest step, and why it is slow.",
        "- Which stage of autonomy to start at, and what evidence moves it up.",
        "- The guardrail: claims paid wrongly per thousand.",
    ]
    assert (
        interview_card(deck, "How would you know the copilot is making agents worse?")
        .fields["key_points"]
        .startswith("- Watch the reopen rate")
    )
    assert answer(deck, "What does “escalation” mean?") == "Handing a ticket to a more senior agent or another team."
    assert (result.found["advice"], result.found["definitions"], result.found["frameworks"]) == (1, 5, 1)
    assert [(s.line, s.reason) for s in result.skipped] == [(70, "related reading")]
    assert_lint_clean(deck)


def test_html_saved_as_text() -> None:
    result = extract_report(read("saved_page.txt"))
    deck = result.deck
    assert deck.title == "Hiring Signals for AI PMs"
    assert [c.front for c in deck.cards] == [
        "Candidates who named a guardrail metric unprompted were hired {{c1::2x}} as often as those who did not.",
        "Only {{c1::12%}} of rejected candidates had asked a clarifying question in the design round.",
        "Signals by round: what is the Strongest signal for Round “Product sense”?",
        "Signals by round: what is the Strongest signal for Round “ML fluency”?",
        "Does a portfolio project help?",
        "How should I follow up after a loop?",
    ]
    assert answer(deck, "How should I follow up after a loop?") == TODO_ANSWER
    text = write_deck(deck)
    assert not any(word in text for word in ("tracking", "cookies", "display:flex", "Subscribe", "Log in", "<"))


SAVED_PAGE = """<!doctype html>
<html>
<head><title>Golden sets | Example</title></head>
<body>
<nav>
  <a href="/">Home</a> <a href="/blog">Blog</a>
</nav>
<p class="byline">By A. Tester · 5 min read</p>
<h2 id="golden">What is a golden set?</h2>
<p>
  A golden set is a fixed list of prompts with approved answers
  that every model version is scored against.
</p>
<h2>What is shadow mode?</h2>
<p>Running a new model beside the old one, while users only see the old one's answers.</p>
<pre>mode: shadow
traffic: 100%</pre>
<table>
<tr><th>Term</th><th>Meaning</th></tr>
<tr>
  <td>Recall</td><td>The share of true cases the model finds.</td></tr>
</table>
<h2>How big should a golden set be?</h2>
</body>
</html>
"""


def test_an_html_page_names_its_own_lines_in_cards_and_report() -> None:
    result = extract_report(SAVED_PAGE, "saved-page.html")
    page = SAVED_PAGE.splitlines()
    assert page[8] == '<h2 id="golden">What is a golden set?</h2>'  # line 9 of the file
    assert [(c.section, c.front) for c in result.deck.cards] == [
        ("What is a golden set? (line 9)", "What is a golden set?"),
        ("What is shadow mode? (line 14)", "What is shadow mode?"),
        ("What is shadow mode? (line 20)", "What does “recall” mean?"),
        ("How big should a golden set be? (line 23)", "How big should a golden set be?"),
    ]
    assert [(s.line, s.reason) for s in result.skipped] == [(8, "metadata"), (16, "code block")]
    assert result.unanswered == ((23, "How big should a golden set be?"),)
    assert "    line 8: metadata: By A. Tester · 5 min read" in result.report().splitlines()


def test_an_html_page_keeps_one_page_line_per_markdown_line() -> None:
    page = "<html><body>\r\n<pre>a\r\nb\u2028c\x0cd</pre>\r\n<p>x\u2028y</p>\r\n<h1>T</h1></body></html>"
    converted = html.html_to_markdown(page)
    assert list(zip(converted.markdown.splitlines(), converted.sources, strict=True)) == [
        ("```", 2), ("a", 2), ("b", 3), ("c", 3), ("d", 3), ("```", 3), ("", 4), ("x y", 4), ("", 4), ("# T", 5),
        ("", 5),
    ]  # fmt: skip


def test_a_one_line_html_page_keeps_its_cards_in_article_order() -> None:
    page = "".join(line.strip() for line in SAVED_PAGE.splitlines())
    deck = extract_report(page).deck
    assert [c.front for c in deck.cards] == [c.front for c in extract_report(SAVED_PAGE).deck.cards]
    assert {c.section.rpartition(" (")[2] for c in deck.cards} == {"line 1)"}


def test_transcript_turns() -> None:
    deck = extract_report(read("mock_transcript.txt")).deck
    assert deck.title == "Career Switch Radio, Episode 7: Mock Interview on Search Ranking"
    search = "How would you improve search ranking for a grocery delivery app?"
    assert [c.front for c in deck.cards] == [
        search,
        "What if the new ranking pushes expensive items to the top?",
        "What does “failure-first discovery” mean?",
        "What would you do if there is no search log at all?",
    ]
    # The candidate's clarifying questions and the host's reply to them are part of the exchange, not cards.
    assert interview_card(deck, search).fields["key_points"].splitlines() == [
        "- Then I would start with the failed searches: queries that end with no add to cart.",
        "- I would fix misspellings with a spelling model and map brand names to products.",
        "- Success is the share of searches that end in an add to cart, with a guardrail on order cancellations.",
    ]
    assert answer(deck, "What does “failure-first discovery” mean?") == (
        "Start from the searches that failed, not from the ones that worked."
    )
    assert (
        interview_card(deck, "What would you do if there is no search log at all?").fields["key_points"] == TODO_ANSWER
    )


def test_notes_without_any_structure() -> None:
    deck = extract_report(read("lowercase_notes.txt"), "lowercase_notes.txt").deck
    assert deck.title == "Lowercase notes"
    assert [c.front for c in deck.cards] == [
        "Does a side project help?",
        "What does “decision story” mean?",
        "What does “one-page eval” mean?",
        # "the host has hired AI PMs at two startups and reviewed around 400 applications": a credential, no card
        "on compensation she said her AI PM offers ran {{c1::5 to 10 percent}} above the equivalent core PM band.",
        "her first point was that she screens for {{c1::evidence of decisions}}, not for model names, because anyone "
        "can list tools.",
        "final point: the candidates she remembers were curious about {{c1::users}}, not about benchmarks.",
    ]
    assert interview_card(deck, "Does a side project help?").fields["key_points"] == (
        "- it only helps if it is finished and has an evaluation"
    )


def test_labelled_answers_frameworks_and_follow_ups() -> None:
    deck = extract_report(read("labelled_answers.md")).deck
    cards = [interview_card(deck, c.front) for c in deck.cards]
    assert [c.fields["question"] for c in cards] == [
        "How would you decide whether to build or buy a speech-to-text model?",
        "Your chatbot's satisfaction score dropped after a model upgrade. What do you do?",
        "How do you explain model uncertainty to a sales team?",
        "Which metric would you use for a spam filter?",
        "Tell me about a time you killed a feature.",  # an interview prompt heading without "?"
    ]
    build, drop, explain, spam, killed = cards
    # The sample answer is the back, not "What they're testing"; the follow-up questions are no cards.
    assert build.fields["key_points"].startswith("- \"I'd start from how central transcription is to our product.")
    assert "testing" not in build.fields["key_points"]
    assert drop.fields["framework"] == "segment, compare, hypothesise, test."
    assert drop.fields["key_points"].startswith("- First check whether the drop is real")
    assert explain.fields["key_points"].startswith("- Use a weather forecast analogy")
    assert spam.fields["key_points"] == TODO_ANSWER  # "We'll publish the answer to this one next week."
    assert killed.fields["key_points"].splitlines()[0] == (
        "- Situation: a recommendations widget with high clicks but no effect on orders."
    )
    assert_lint_clean(deck, warnings=1)


def test_questions_with_nested_points_and_key_takeaways() -> None:
    deck = extract_report(read("nested_answers.md")).deck
    assert [(c.front, interview_card(deck, c.front).fields["key_points"]) for c in deck.cards[:4]] == [
        (
            "How would you design an AI feature for a recipe app?",
            "- Start with the cook's moment of need: deciding what to make with what is in the fridge.\n"
            "- Propose ingredient-based suggestions before any generated recipes.\n"
            "- Guardrail: allergens are never suggested to users who flagged them.",
        ),
        (
            "How would you measure whether an AI tutor works?",
            "- Learning gain on a short quiz before and after, not time spent.\n- Retention after 30 days.",
        ),
        ("What would you cut from an AI roadmap with half the team?", TODO_ANSWER),
        ("How would you price an AI add-on?", TODO_ANSWER),
    ]
    assert deck.description.startswith("- Start every answer from a user moment")  # its key takeaways
    assert len(deck.cards) == 4


def test_setext_headings_metric_definitions_and_superlatives() -> None:
    deck = extract_report(read("setext_headings.md")).deck
    assert deck.title == "Evaluating Recommenders as a PM"
    assert [c.front for c in deck.cards] == [
        "What does “precision at k” mean?",
        "What does “coverage” mean?",
        "The metric that matters most is {{c1::the one the business pays for}}: orders, watch time or retention, "
        "not clicks.",
        "Should I trust offline gains?",
        "How long should a holdout run?",
    ]
    assert answer(deck, "What does “coverage” mean?") == (
        "Coverage is the share of the catalogue that gets recommended at least once in a period."
    )


def test_numbered_headings_tips_and_named_lists() -> None:
    deck = extract_report(read("numbered_rounds.md")).deck
    fronts = [c.front for c in deck.cards]
    assert fronts[0] == "Explain: Round 1: Recruiter screen"
    assert answer(deck, fronts[0]) == (
        "A 30-minute call about your background and why you want the role. Have a two-minute story ready."
    )
    assert sum(front.startswith("Explain: Round") for front in fronts) == 5
    assert "Ask {{c1::your recruiter}} which rounds are first." in fronts  # a "**Pro tip:**" call-out
    assert answer(deck, "What are the red flags interviewers mention most?").splitlines() == [
        "- Talking about the model before the user.",
        "- No plan for what happens when the model is wrong.",
        "- Stories without numbers.",
    ]


def test_social_post_with_keycap_numbered_points() -> None:
    deck = extract_report(read("linkedin_post.txt"), "linkedin_post.txt").deck
    assert [(c.front, answer(deck, c.front)) for c in deck.cards if c.kind == "basic"] == [
        ("Explain: They lead with outcomes, not tools.", '"Cut review time by 40%" beats "Used GPT-4 and LangChain".'),
        ("Explain: They show one hard decision.", "Which model, which threshold, which tradeoff, and why."),
        (
            "Explain: They name the guardrail.",
            "Every strong AI PM bullet says what they protected, not only what they grew.",
        ),
    ]
    assert deck.cards[-1].front == "The biggest mistake? {{c1::Listing every AI course you've taken}}."


def test_plain_text_guide_with_a_counted_list_and_a_table_of_questions() -> None:
    guide = extract_report(read("plain_guide.txt")).deck
    assert answer(guide, "What are the three signals hiring managers look for?").splitlines()[0] == (
        "- Ownership: you talk about outcomes you were accountable for."
    )
    table = extract_report(read("question_table.md")).deck
    assert interview_card(table, "Tell me about a launch you paused.").fields["key_points"] == (
        "- What they listen for: The signal that made you pause, and who you told"
    )
    thread = extract_report(read("forum_thread.md")).deck
    assert [c.front for c in thread.cards] == [
        'We ask one open design question, like "Design an AI feature for a fitness app", and we care about three '
        "things: {{c1::a specific user}}, {{c2::a clear failure plan}}, and {{c3::how you would evaluate it}}."
    ]


def test_variants_of_each_shape() -> None:
    deck = extract_report(read("shape_variants.md")).deck
    fronts = [c.front for c in deck.cards]
    assert fronts[:5] == [
        "Is an AI PM just a PM with a new title?",  # a "+" glyph on a heading
        "Do AI PMs need to code?",  # a bold question with a "▾"
        "What does “ground truth” mean?",  # "- **Term** — definition"
        "What does “drift” mean?",
        "What does “embedding” mean?",  # "- Term — definition" under a glossary heading
    ]
    first = interview_card(deck, "What should you check first when a metric drops overnight?")
    assert first.fields["traps"] == "- Whether the model needs retraining."
    assert first.fields["key_points"].endswith(
        "- Why: most overnight drops are data or release problems, not model problems."
    )
    assert interview_card(deck, "Who should own the evaluation set?").fields["traps"] == "- The data labelling vendor."
    assert fronts[-2:] == [
        "Mistake to avoid: promise a launch date before the evaluation exists.\n\nWhat works better?",
        'Mistake to avoid: "We\'ll use AI to personalise everything."\n\nWhat works better?',
    ]

    transcript = extract_report(read("role_transcript.txt")).deck
    storage = "How much storage does a photo app with 10 million users need per year?"
    assert [c.front for c in transcript.cards] == [storage, "What would you do to cut that cost?"]
    assert (
        interview_card(transcript, storage).fields["key_points"].endswith("or about 15 PB a year before replication.")
    )

    page = extract_report(read("faq_page.html.txt")).deck
    assert [c.front for c in page.cards] == [
        "What is an eval?",
        "How often should evals run?",
        "What does “golden set” mean?",  # <dt>/<dd>
        "What does “regression” mean?",
    ]


def test_articles_without_a_title_are_named_after_their_file_and_ids_stay_unique(tmp_path: Path) -> None:
    a, b = ARTICLES / "untitled_a.md", ARTICLES / "untitled_b.md"
    decks = [result.deck for result in extract_files([a, b])]
    assert [(d.title, d.id) for d in decks] == [("Untitled a", "untitled-a"), ("Untitled b", "untitled-b")]
    copy = tmp_path / "untitled_a.md"
    copy.write_bytes(a.read_bytes())
    twice = [result.deck for result in extract_files([a, copy])]
    assert [d.id for d in twice] == ["untitled-a", "untitled-a-2"]
    assert not {c.id for c in twice[0].cards} & {c.id for c in twice[1].cards}
    assert extract_report("TL;DR\nShip suggestions before actions, not actions first.\n").deck.title == (
        "Untitled article"
    )
    assert extract_file(a, title="Measure the Job").deck.id == "measure-the-job"
    with pytest.raises(ExtractError, match="a title names one deck"):
        extract_files([a, b], title="Both")


def test_report_lists_each_structure_what_needs_an_answer_and_what_was_skipped() -> None:
    report = extract_report(read("faq_lines.txt"), "faq.txt").report().splitlines()
    assert report[0] == "faq.txt: deck 'breaking-into-ai-product-management-frequently', 5 cards"
    assert report[1:3] == [
        "  question sections:         0",
        "  FAQ items:                 5",
    ]
    assert report[-5:] == [
        "  call-out advice:           0",
        "  to finish (TODO):          1",
        "    line 17: How many projects should my portfolio have?",
        "  skipped:                   1",
        "    line 19: call to action: Subscribe to our newsletter for the full portfolio checklist",
    ]
    assert len(report) == 1 + len(STRUCTURES) + 4


def test_meetup_notes_with_outline_labels_do_and_dont_lists_and_audience_questions() -> None:
    deck = extract_report(read("meetup_notes.md"), "meetup_notes.md").deck
    assert (
        [(c.kind, c.front) for c in deck.cards]
        == [
            ("cloze", "Teams that review {{c1::30}} failures a week catch drift about a month earlier."),
            (
                "cloze",
                "Failure modes to name: {{c1::Hallucinated facts}}, {{c2::Stale answers}} and {{c3::Unsafe advice}}.",
            ),
            ("basic", "Mistake to avoid: Don't write the prompt first and the rubric after.\n\nWhat works better?"),
            (
                "basic",
                "Mistake to avoid: Don't build the eval set from examples the team invented.\n\nWhat works better?",
            ),
            ("interview", "How often should the eval set change?"),
            ("interview", "Who signs off a launch?"),
        ]
    )  # no "What does “Context” cover?" (nor Opening, hot takes, Do, Don't, Q&A, Takeaways / todo); no figures of the event
    assert answer(deck, deck.cards[2].front) == "Write the rubric before the prompt."
    assert answer(deck, deck.cards[3].front) == "Sample the eval set from real traffic."
    assert interview_card(deck, "How often should the eval set change?").fields["key_points"] == (
        "- add every production failure the week you find it\n- retire examples only when the product drops the feature"
    )
    assert_lint_clean(deck)


def test_a_cheat_sheet_of_containers_glossary_tables_and_arrow_mistakes() -> None:
    deck = extract_report(read("cheat_sheet.md"), "cheat_sheet.md").deck
    assert (
        [(c.front, c.fields.get("answer", "")) for c in deck.cards]
        == [
            (
                "What does “RAG” mean?",
                "Answering from documents fetched at query time\n\nExample: A bot quoting the current policy",
            ),
            (
                "What does “drift” mean?",
                "The change between training data and live data\n\nExample: Summer slang in a winter model",
            ),
            (
                "What does “CSAT” mean?",
                "The share of users who rate an answer as satisfying",
            ),  # a table without outer pipes
            ("Reviewers label about {{c1::60}} examples an hour.", ""),
            ("A reply that starts after {{c1::3 seconds}} loses users.", ""),
            (
                "Mistake to avoid: never promise a model with no errors\n\nWhy is it a mistake?",
                "Every error then looks like a broken promise",
            ),
            (
                "Mistake to avoid: Skipping the baseline\n\nWhy is it a mistake?",
                "You cannot tell whether the model helped",
            ),
            (
                "Mistake to avoid: Quoting one average\n\nWhy is it a mistake?",  # its reason on the next line, after an arrow
                "Averages hide the segment where the model fails",
            ),
            (
                "Explain: Build a weekly eval habit",
                "- Read twenty failures every Friday.\n- Share one of them at the team meeting.",
            ),
            ("How would you cut the cost of a support bot by half?", ""),
        ]
    )  # the containers ("Terms worth knowing", "Numbers to quote", "Mistakes to avoid") and the templates give no card
    assert (
        interview_card(deck, "How would you cut the cost of a support bot by half?").fields["key_points"] == TODO_ANSWER
    )
    assert_lint_clean(deck, warnings=1)


def test_a_plain_text_newsletter_keeps_its_content_not_its_furniture() -> None:
    result = extract_report(read("newsletter_issue.txt"), "newsletter_issue.txt")
    assert [c.front for c in result.deck.cards] == [
        "Teams that route uncertain answers to people cut complaints by {{c1::30%}}."
    ]  # not the issue's own delay ("So this issue is late by 2 days"), the poll of the readers or the address
    reasons = {skipped.reason for skipped in result.skipped}
    assert "signature" in reasons


def test_a_talk_transcript_whose_audience_asks_and_whose_speaker_polls_the_room() -> None:
    deck = extract_report(read("talk_transcript.txt"), "talk_transcript.txt").deck
    assert [(c.front, c.fields["key_points"]) for c in deck.cards] == [
        (
            "The model is 95% accurate. Is it ready?",  # asked of every candidate, with the answer she wants
            '- I want to hear "ready for whom, and what does the other 5% cost?"',
        ),
        (
            "Do you hire PMs without ML experience?",
            "- Yes, if they can read an eval report and say what it leaves out.",
        ),
        (
            "What do you ask in the final round?",
            "- A launch decision with incomplete data.\n- I watch whether they name what would change their mind.",
        ),  # the poll that follows ("Raise your hand if ...?") answers nothing
    ]


# Smaller shapes, one structure at a time


def test_inline_bad_good_pair_and_unpaired_bad() -> None:
    text = (
        "Title: Launch Mistakes\n"
        "Mistakes to Avoid\n"
        "- BAD: Quoting model accuracy alone. GOOD: “Cut support tickets by 12%.” The fix ties the model to a result.\n"
        "- BAD: Skipping the rollback plan\n"
        "Teams that cannot roll back ship slower the next time.\n"
        "- BAD: Promising a date before the eval exists\n"
    )
    result = extract_report(text)
    assert [(c.section, c.front, c.fields["answer"]) for c in result.deck.cards if c.kind == "basic"] == [
        (
            "Mistakes to Avoid (line 3)",
            "Mistake to avoid: Quoting model accuracy alone.\n\nWhat works better?",
            "“Cut support tickets by 12%.”\n\nThe fix ties the model to a result.",
        ),
        (
            "Mistakes to Avoid (line 4)",
            "Mistake to avoid: Skipping the rollback plan\n\nWhy is it a mistake?",
            "Teams that cannot roll back ship slower the next time.",
        ),
    ]
    assert [(s.line, s.reason) for s in result.skipped] == [(6, "mistake without an explanation")]


def test_interview_questions_asked_or_reported_in_prose() -> None:
    text = (
        "Title: Panel Stories\n"
        "Stories From Panels\n"
        "The interviewer asked: “Who decides when the model is good enough?” Two candidates froze. "
        "The strongest answer named the PM and the metric.\n"
        "Another candidate never explained how they would roll back a bad model. Keep a kill switch and an owner "
        "who can use it at night.\n"
        "In interviews they asked what happens next, and nobody knew.\n"
        "A strong AI PM asks: “What would a wrong answer cost the user?” not “Which optimizer do we use?”\n"
    )
    questions = [c for c in extract_report(text).deck.cards if c.kind == "interview"]
    assert [(c.section, c.fields["question"], c.fields["key_points"]) for c in questions] == [
        (
            "Stories From Panels (line 3)",
            "Who decides when the model is good enough?",
            "- Two candidates froze.\n- The strongest answer named the PM and the metric.",
        ),
        (
            "Stories From Panels (line 4)",
            "How would you roll back a bad model?",
            "- Keep a kill switch and an owner who can use it at night.",
        ),
        ("Stories From Panels (line 6)", "What would a wrong answer cost the user?", TODO_ANSWER),
    ]


def test_lists_under_a_bold_label() -> None:
    text = (
        "# The AI PM Role\n\n## What AI PMs do\n\n**Day-to-day responsibilities:**\n"
        "- Define AI-powered features and their requirements\n- Set success metrics for AI features\n\n"
        "**How it differs from regular PM:**\n- Outputs are probabilistic, not deterministic\n"
        "- Evaluation is harder to specify up front\n\n"
        "You must be able to ask: “What does a wrong answer cost the user?”\n"
    )
    deck = extract_report(text).deck
    assert [(c.front, answer(deck, c.front).splitlines()[0]) for c in deck.cards] == [
        ("What does “Day-to-day responsibilities” cover?", "- Define AI-powered features and their requirements"),
        ("How it differs from regular PM?", "- Outputs are probabilistic, not deterministic"),
    ]  # the question the candidate should ask is no interview question


def test_lists_of_questions_without_answers_wait_for_them() -> None:
    text = (
        "# Homework\n\nTry these before next week; we will go through model answers then.\n\n"
        "1. How would you price an AI writing tool?\n"
        "2. A bank wants an AI assistant for its call centre. Where would you start, and why?\n"
        "3. What would make you pause a launch that users love?\n"
    )
    deck = extract_report(text).deck
    assert [(c.front, interview_card(deck, c.front).fields["key_points"]) for c in deck.cards] == [
        ("How would you price an AI writing tool?", TODO_ANSWER),
        ("A bank wants an AI assistant for its call centre. Where would you start, and why?", TODO_ANSWER),
        ("What would make you pause a launch that users love?", TODO_ANSWER),
    ]


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("AI PMs earn 15–25% more at FAANG.", ["15–25%"]),
        ("Offers range $155 k–$185 k with 0.03%–0.07% equity.", ["$155 k–$185 k", "0.03%–0.07%"]),
        ("A 300ms delay costs 3x more over 6–8 weeks.", ["300ms", "3x", "6–8 weeks"]),
        ("4 of 7 candidates and 1 in 8 users failed.", ["4 of 7", "1 in 8"]),
        ("In a Q3 2023 debrief at Level 5, GPT-3.5 and F1 were discussed.", []),
        ("He said “we cut churn by 40%” last year.", []),
        ("A 12‑month milestone and a $2M decision.", ["12‑month", "$2M"]),
        ("Fill a third of the set with hard cases.", ["a third"]),
        ("Welcome to week 3 of the sprint, episode 12 of the show.", []),
    ],
)
def test_figures(sentence: str, found: list[str]) -> None:
    assert [sentence[start:end] for start, end in figures(sentence)] == found


@pytest.mark.parametrize(
    ("sentence", "hidden"),
    [
        ("Not execution, but tradeoff navigation.", "tradeoff navigation"),
        ("The real advantage isn’t salary — it’s access.", "access"),
        ("That’s not leadership—it’s delegation.", "delegation"),
        ("We hired her not because she knew ML, but because she shipped.", "because she shipped"),
        ("The AI is rarely the product, it is one step in a workflow.", "one step in a workflow"),
        ("It is not only fast but also cheap.", None),
        ("You don’t need to train models.", None),
        ("The PM owns the problem and the experience, not the model.", "the problem and the experience"),
        ("Write the brief for the engineer who builds it, not for the executive.", "the engineer who builds it"),
        ("Interviewers want judgment, not jargon.", "judgment"),
        ("Yes-or-no criteria, not 1-to-10 scales: graders agree on them.", "Yes-or-no criteria"),
        ("Ask “what problem?”, not “which model?”.", "“what problem?”"),
        ("Reviewers care about your reasoning, not your slide design.", "reasoning"),
        ("We shipped it on time, not that anyone noticed.", None),
        ("Users care whether the task finished, not how many words were right.", "whether the task finished"),
        ("She screens for people who made a call, not people who know the most ML.", "people who made a call"),
    ],
)
def test_contrasts(sentence: str, hidden: str | None) -> None:
    span = contrast(sentence)
    assert (sentence[span[0] : span[1]] if span else None) == hidden


@pytest.mark.parametrize(
    ("sentence", "hidden"),
    [
        ("Good AI product work is about decisions — not technology.", "decisions"),
        ("You still measure outcomes rather than output.", "outcomes"),
        ("Work with scientists as a peer rather than as a customer.", "a peer"),
        ("If asked for a number, give a researched range rather than a single figure.", "a researched range"),
        ("An AI roadmap is a list of bets rather than a list of features.", "a list of bets"),
        ("It moves within days instead of weeks.", "days"),
        ("Rather than guess, measure.", None),
        ("The jump is less about technical depth and more about owning a tradeoff.", "owning a tradeoff"),
        ("Go through it step by step.", None),
    ],
)
def test_preferences_rather_than_and_instead_of(sentence: str, hidden: str | None) -> None:
    span = contrast(sentence) or preference(sentence)
    assert (sentence[span[0] : span[1]] if span else None) == hidden


def test_a_contrast_over_two_short_sentences() -> None:
    text = (
        "# Ladder\n\n## Group PM\n\nThe hardest part isn't managing people. It's choosing which bets to stop "
        "funding.\n\n## Later\n\nWe are not there yet. It is a long road, so plan for it.\n"
    )
    assert [c.front for c in extract_report(text).deck.cards] == [
        "The hardest part isn't managing people. It's {{c1::choosing which bets to stop funding}}."
    ]


def test_a_figure_comes_before_a_rather_than_contrast() -> None:
    deck = extract_report(
        "# Evals\n\n## Size\n\n150 to 300 examples is enough, chosen on purpose rather than at random.\n"
    ).deck
    assert [c.front for c in deck.cards] == [
        "{{c1::150 to 300}} examples is enough, chosen on purpose rather than at random."
    ]


def test_a_labelled_answer_structure_is_one_framework_card() -> None:
    text = (
        "# Stop Rambling\n\n## The structure\n\n"
        "Here is the five-step answer I teach. Each step is a question you answer out loud:\n\n"
        "1. **Users:** Who exactly is this for?\n2. **Moment:** When does the problem bite?\n"
        "3. **Model:** What must the model predict, and how good is good enough?\n"
        "4. **Failure:** What happens to the user when the model is wrong?\n"
        "5. **Measure:** Which number says it worked?\n\n"
        "## When it fails\n\nWalk through the four Ds:\n\n"
        "- **Detect** — how you will notice the model is wrong.\n- **Defuse** — what limits the damage.\n"
        "- **Disclose** — what you tell the user, and when.\n- **Develop** — how the failure feeds the next data.\n"
    )
    deck = extract_report(text).deck
    assert [c.front for c in deck.cards] == [
        "What are the steps of the five-step answer?",  # not a question card per step
        "What are the four Ds?",  # no "What does “detect” mean?"
    ]
    assert answer(deck, "What are the steps of the five-step answer?").splitlines()[2] == (
        "- **Model:** What must the model predict, and how good is good enough?"
    )
    post_mortem = (
        "The shape I teach is the 3 Rs of a model post-mortem:\n\n1. Reproduce: can you make it fail again?\n"
        "2. Root cause: was it the data, the model, or the product?\n3. Repair: what is the smallest fix?\n"
    )
    assert [c.front for c in extract_report(post_mortem).deck.cards] == ["What are the 3 Rs of a model post-mortem?"]


def test_a_one_word_label_defines_nothing_outside_a_glossary() -> None:
    steps = "# Launch notes\n\n## Before launch\n\n**Model:** pick the simplest one that could work, then test it.\n"
    with pytest.raises(ExtractError):  # an instruction under a one-word label: no definition, nothing else to card
        extract_report(steps)
    defined = "# Launch notes\n\n## Before launch\n\n**Drift:** the slow change in production data over time.\n"
    assert [c.front for c in extract_report(defined).deck.cards] == ["What does “drift” mean?"]
    glossary = "# Glossary\n\n- **Detect** — how a team notices that a model is wrong.\n"
    assert [c.front for c in extract_report(glossary).deck.cards] == ["What does “detect” mean?"]


def test_numbered_questions_of_a_plain_text_post_with_their_answers() -> None:
    text = (
        "The 3 questions I hear in every AI PM screen 👇\n\n"
        '1. "Why do you want to be an AI PM rather than a regular PM?"\n\n'
        "Talk about a user problem you could only solve with a model.\n\n"
        '2. "A model gets 95% accuracy. Is that good?"\n\n'
        "It depends on the base rate.\n\nAsk about precision and recall for the class you care about.\n\n"
        '3. "What would you cut if the launch slipped by a month?"\n\n'
        "→ Scope, never the eval.\n→ Ship to fewer users before you ship a worse model.\n\n"
        "The candidates who got offers treated the model as a means, not the product.\n"
    )
    deck = extract_report(text).deck
    keys = {c.front: c.fields["key_points"] for c in deck.cards if c.kind == "interview"}
    assert keys == {
        "Why do you want to be an AI PM rather than a regular PM?": (
            "- Talk about a user problem you could only solve with a model."
        ),
        "A model gets 95% accuracy. Is that good?": (  # an answer over two short paragraphs
            "- It depends on the base rate.\n- Ask about precision and recall for the class you care about."
        ),
        "What would you cut if the launch slipped by a month?": (  # arrow lines are its points; the end is not
            "- Scope, never the eval.\n- Ship to fewer users before you ship a worse model."
        ),
    }
    thread = (
        "Screen questions, a thread.\n\n"
        '2/ The opener is almost always: "What\'s an AI product you use every day?"\n\n'
        "Pick something you really use.\n\n"
        '3/ Then: "How is managing an ML product different?"\n\n'
        "The output is probabilistic.\n"
    )
    assert [c.front for c in extract_report(thread).deck.cards] == [
        "What's an AI product you use every day?",
        "How is managing an ML product different?",
    ]


def test_an_advice_heading_keeps_its_bold_labelled_lists() -> None:
    text = (
        "# Guide\n\n### How to Prepare\n\n**Build a Portfolio:**\n- Write specs for AI features\n"
        "- Create eval frameworks\n\n**Practice Cases:**\n- Design AI features from scratch\n"
        "- Navigate AI tradeoffs\n"
    )
    deck = extract_report(text).deck
    assert [(c.front, answer(deck, c.front).splitlines()[0]) for c in deck.cards] == [
        ("How should you prepare?", "- Build a Portfolio"),  # its subsections outline the answer
        ("What does “Build a Portfolio” cover?", "- Write specs for AI features"),
        ("What does “Practice Cases” cover?", "- Design AI features from scratch"),
    ]


def test_parallel_points_under_a_claim_are_one_cloze() -> None:
    text = (
        "# The Bridge Role\n\n## Loops\n\n"
        "Bridge PMs do more than write specs. They own the whole loop:\n\n"
        "- own the evaluation set\n- own the failure budget\n- own the launch decision\n\n"
        "## Habits\n\n"
        "Closing the gap is your job. In practice that means three habits. You own the examples. You own the "
        "threshold. You own the fallback.\n"
    )
    assert [c.front for c in extract_report(text).deck.cards] == [
        "Bridge PMs do more than write specs. They own the whole loop: own the {{c1::evaluation set}}, "
        "own the {{c2::failure budget}}, own the {{c3::launch decision}}.",
        "In practice that means three habits. You own {{c1::the examples}}. You own {{c2::the threshold}}. "
        "You own {{c3::the fallback}}.",
    ]


def test_concepts_named_in_prose() -> None:
    text = (
        "# Notes\n\n## The shift\n\n"
        "The biggest shift is what I call the confidence gap: the distance between how sure the model sounds "
        "and how often it is right.\n\n"
        "Every hand-off costs something. Think of it as the translation tax: the weeks lost re-explaining a "
        "model metric as a user outcome.\n"
    )
    deck = extract_report(text).deck
    assert [(c.front, answer(deck, c.front)) for c in deck.cards] == [
        (
            "What does “confidence gap” mean?",
            "The distance between how sure the model sounds and how often it is right.",
        ),
        ("What does “translation tax” mean?", "The weeks lost re-explaining a model metric as a user outcome."),
    ]
    quoted = (
        "# Notes\n\n## Seniors\n\nWhat recruiters call the “AI-adjacent” problem shows up here: plenty of "
        "candidates worked next to a model team, few owned a launch decision.\n"
    )
    deck = extract_report(quoted).deck
    assert answer(deck, "What does “AI-adjacent problem” mean?") == (
        "Plenty of candidates worked next to a model team, few owned a launch decision."
    )


def test_behavioural_prompts_in_a_prose_career_guide() -> None:
    text = (
        "# Your First Loop\n\n## The recruiter screen\n\n"
        'It opens with some version of "why do you want to move into AI product management?" Most switchers '
        "answer with excitement. A stronger answer names a problem you watched users struggle with.\n\n"
        "## The hiring manager\n\n"
        'Hiring managers start with "walk me through your background."\n\n'
        "Pick the three moments that explain why you are here, then stop.\n\n"
        "## What to ask at the end\n\n"
        "Ask what the team's last model launch taught them.\n\n"
        "## How to use this guide\n\nRead one section a day.\n\n"
        "## The panel\n\n"
        'I asked "can you walk me through it?" and used the answer later.\n'
    )
    deck = extract_report(text).deck
    keys = {c.front: c.fields.get("key_points") or c.fields.get("answer") for c in deck.cards}
    assert keys == {
        "Why do you want to move into AI product management?": (
            "- Most switchers answer with excitement.\n"
            "- A stronger answer names a problem you watched users struggle with."
        ),
        "Walk me through your background.": "- Pick the three moments that explain why you are here, then stop.",
        "What should you ask at the end?": "Ask what the team's last model launch taught them.",
    }  # the candidate's own question to the interviewer is no card


@pytest.mark.parametrize(
    ("sentence", "hidden"),
    [
        ("The round that rejected most people was the metrics round, because candidates froze.", "the metrics round"),
        ("The biggest mistake is skipping the data question.", "skipping the data question"),
        (
            "The hardest round for most candidates was the open-ended design exercise with no data.",
            "the open-ended design exercise with no data",
        ),
        ("The main reason is that nobody owns it.", None),
        ("Most teams skip it.", None),
    ],
)
def test_superlatives(sentence: str, hidden: str | None) -> None:
    span = superlative(sentence)
    assert (sentence[span[0] : span[1]] if span else None) == hidden


@pytest.mark.parametrize(
    ("sentence", "hidden"),
    [
        ("Write the rubric before you write the prompt.", "the rubric"),
        ("Pick the ten ticket types that take longest and start there.", "the ten ticket types"),
        ("Leaderboards tell you little.", None),
        ("Teams forget this step.", None),
    ],
)
def test_call_out_advice(sentence: str, hidden: str | None) -> None:
    span = advice(sentence)
    assert (sentence[span[0] : span[1]] if span else None) == hidden


@pytest.mark.parametrize(
    ("clause", "question"),
    [
        ("what you would do in your first ninety days", "What would you do in your first ninety days?"),
        ("how I would know the model was good enough", "How would you know the model was good enough?"),
        ("how he would evaluate the model before launch", "How would you evaluate the model before launch?"),
        (
            "how to answer the follow-up, what would you do if the data is gone",
            "What would you do if the data is gone?",
        ),
        ("whether a certificate in machine learning helps", "Does a certificate in machine learning help?"),
        ("how you prioritise a backlog", "How do you prioritise a backlog?"),
        ("how I'd know a summarisation feature was good", "How would you know a summarisation feature was good?"),
    ],
)
def test_reported_questions_read_as_direct_ones(clause: str, question: str) -> None:
    assert as_question(clause) == question


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Ready to build a real interview prep system?", "call to action"),
        ("Get the full PM Interview Prep System →", "call to action"),
        ("Subscribe to our newsletter for weekly tips!", "call to action"),
        ("The book is also available on Amazon Kindle.", "advertisement"),
        ("Work through a structured system (the PM Interview Playbook covers it).", "advertisement"),
        ("[Ten metrics every AI PM should know](https://example.org/metrics)", "link list"),
        ("Home > Blog > Careers", "navigation"),
        ("© 2025 Example Inc. All rights reserved.", "footer"),
        ("By Ana Ruiz · Updated May 2, 2025 · 7 min read", "metadata"),
        ("Source: candidate report · Difficulty: Hard · Round: Metrics", "metadata"),
        ("*March 3, 2025 · 5 min read · Filed under: Careers*", "metadata"),
        ("Transcript. Recorded May 2025. Runtime 31 minutes.", "metadata"),
        ("2.3K Followers", "metadata"),
        ("**Last edited:** 9 May 2025 by Priya N. (comments on)", "metadata"),
        ("**Shared with:** the hiring panel (can view), Omar Khalid (owner)", "metadata"),
        ("I'm running a 4-week eval sprint from June 2. Link in bio.", "call to action"),
        ("Status quo bias makes teams keep a weak model too long.", ""),
        ("Listen", "navigation"),
        ("Home | Courses | Blog | Log in | Start free trial", "navigation"),
        ("In this guide: [Loop](#loop) · [Pay](#pay) · [FAQ](#faq)", "navigation"),
        ("Photo by Someone on Unsplash", "image credit"),
        ("✅ marks a strong point. ❌ marks a trap.", "legend"),
        ("If this helped, give it a clap and follow me for more.", "call to action"),
        ("Want me to review your answers? I run mock interviews every week.", "call to action"),
        ("A word from our sponsor: Notely keeps notes tidy. Try it free.", "advertisement"),
        ("Get experience with AI features in your current role.", ""),
        ("General PMs who understood ads and subscriptions survived.", ""),
        ("Start by building deep AI understanding through courses and hands-on use.", ""),
        ("By default, launches are gradual.", ""),
        ("Speed, quality and cost: pick two.", ""),
    ],
)
def test_non_content_is_recognised(text: str, reason: str) -> None:
    assert noise_reason(text) == reason


@pytest.mark.parametrize(
    ("sentence", "deferred"),
    [
        ("Answer coming soon.", True),
        ("We will cover behavioral stories in part two of this series.", True),
        ("We are preparing a separate guide on negotiation.", True),
        ("That is a great question and we will take it on in the next episode.", True),
        ("The PM is writing the requirements this week.", False),
        ("Most loops take three weeks.", False),
        # a time or place to come, with the author's promise or the question set aside
        ("I'm going to give this its own write-up in a couple of weeks.", True),
        ("I'm doing a live teardown of three pricing pages next Thursday, link in the comments.", True),
        ("*Answering this one live at next month's meetup — bring your plans.*", True),
        ("(I'll try to answer this in a follow-up once I've asked a few more teams.)", True),
        ("Good one, parking it until the next office hours.", True),
        # a place of its own, or coming back to it, without a time
        ("This one needs more than a post.", True),
        ("*That's a whole post on its own, and I want a lawyer to read it first.*", True),
        ("Let me come back to this one after I check what I'm allowed to share.", True),
        # no answer yet
        ("No answer here yet.", True),
        ("— no idea yet, honestly.", True),
        ("I don't have a good answer to that yet.", True),
        ("We don't have reliable numbers yet; the survey is still open.", True),
        ("still working on this one; the coach said to bring a draft to the mock.", True),
        # kept elsewhere
        ("The mapping changes too often for a public post; I keep a current table for subscribers.", True),
        # given elsewhere, or left to the reader
        ("(discussed in class - write your own version and bring it next week)", True),
        ("Left as an exercise: the pricing model.", True),
        # whoever should answer does not know
        ("honestly no idea, never worked on pricing.", True),
        ("Not sure tbh, that depends on variance.", True),
        ("One question from my last loop I still can't answer:", True),
        ("I do not have a satisfying answer here.", True),
        ("If anyone knows a good way to frame this, tell me.", True),
        # left to someone else, or left undecided
        ("Ha, good try. I'd rather pass that one to the recruiting team.", True),
        ("Fair question; it is still being decided by the leadership team.", True),
        ("Parked: the question stays unresolved until the legal review.", True),
        ("The panel could not agree, so it goes back to the next meeting.", True),
        ("→ no consensus.", True),
        ("I listed five metrics, which reads as no decision at all.", False),
        ("Leave the model to the researchers and own the eval set.", False),
        ("The role is open to remote candidates in Europe.", False),
        ("Keep the door open to a smaller model.", False),
        # the author gives none
        ("We don't publish a model answer for this one.", True),
        ("I won't give a sample answer here: bring your own.", True),
        ("There is no single right answer, but start from the user.", False),
        ("Don't give an answer before you have asked about the user.", False),
        # answers that only mention the future, or another person's plans
        ("I'll be blunt: mostly no.", False),
        ("Next autumn, if you're still a student, look for APM programs.", False),
        ("Later, once you have real users, add online A/B tests.", False),
        ("Keep the eval set separate, and we will retrain monthly.", False),
        ("Most teams don't have an eval yet, so start there.", False),
        ("Write a separate post-mortem for each incident.", False),
        ("The interviewer will come back to this later in the loop.", False),
        ("Say you are not sure and reason out loud.", False),
        ("Candidates who don't know the metric should ask for it.", False),
    ],
)
def test_answers_put_off_to_later(sentence: str, deferred: bool) -> None:
    assert is_deferral(sentence) is deferred


def test_a_discussion_that_ends_undecided_and_a_reported_question_give_no_answer() -> None:
    text = (
        "# Pricing guild notes\n\n## Undecided\n\n"
        "**Should the free tier include the AI assistant?**\n\n"
        "Priya: yes, it is how people find it. Leon: no, every free request costs us money. → no consensus.\n\n"
        "## Certificates\n\n"
        "Readers often ask whether a $900 prompt-engineering certificate is worth it. I have no data either way.\n"
    )
    deck = extract_report(text).deck
    assert [(c.front, answer(deck, c.front)) for c in deck.cards] == [
        ("Should the free tier include the AI assistant?", TODO_ANSWER)
    ]  # the discussion is no answer; the reported question is no figure to learn


def test_an_emails_headers_are_its_title_and_metadata_not_cards() -> None:
    text = (
        "From: Ines Moreau <ines@letters.example.com>\nSubject: Office hours #9: Should I take the ML PM offer?\n"
        "Date: Mon, 3 Mar 2025 08:00:00 +0100\n\nHi all,\n\n"
        "What should decide between two offers?\n\nThe team's eval habits, not the title on the offer letter.\n"
    )
    deck = extract_report(text).deck
    assert deck.title == "Office hours #9: Should I take the ML PM offer?"
    assert [c.front for c in deck.cards] == ["What should decide between two offers?"]


def test_a_sentence_leaning_on_the_one_before_and_a_date_give_no_cloze() -> None:
    text = (
        "# Notes on the support bot\n\n## The pilot\n\n"
        "Agents ignored the suggestions for 2 weeks. So the fix was about trust, not accuracy. "
        "Not the model, not the prompt. That's 30 × 12 = 360 tickets a month.\n\n"
        "**Noor Haddad** · 14 Mar, 10:02 — Shared the draft with the team.\n\n"
        "Adoption is about trust, not accuracy.\n"
    )
    assert [c.front for c in extract_report(text).deck.cards] == [
        "Agents ignored the suggestions for {{c1::2 weeks}}.",
        "Adoption is about {{c1::trust}}, not accuracy.",
    ]


def test_a_reported_question_of_three_words_is_too_short_to_stand_alone() -> None:
    text = (
        "# Fallbacks\n\n## Why they matter\n\n"
        "Every AI feature needs a fallback, and interviewers will ask what yours is.\n\n"
        "Interviewers often ask how you would roll back a bad model. Keep the last good version warm.\n"
    )
    assert [c.front for c in extract_report(text).deck.cards] == ["How would you roll back a bad model?"]


def test_a_call_for_questions_a_bio_link_promo_and_a_reply_give_no_card() -> None:
    text = (
        "# Talk: shipping evals\n\n## Slide 9 — Error budgets\n\nA launch may spend at most 2% of answers on known bad cases.\n\n"
        '## Slide 10 — Questions?\n\n> Q: "Does the budget change after launch?" Yes, it drops to 1% once the fallback ships.\n\n'
        "## Slide 11 — Thanks\n\nI run a 6-week eval clinic from May 3. 20 places, weekly reviews. Link in bio.\n"
    )
    assert [c.front for c in extract_report(text).deck.cards] == [
        "A launch may spend at most {{c1::2%}} of answers on known bad cases."
    ]  # no "Slide 10 — Questions?" card, no cloze of the reply alone, no figure of the promotion


def test_a_superlative_about_a_list_elsewhere_is_no_card() -> None:
    text = (
        "# Lessons\n\n## What I tracked\n\nThe most useful metric on that list is reply rate.\n\n"
        "The biggest mistake in a metrics round is naming ten metrics.\n"
    )
    assert [c.front for c in extract_report(text).deck.cards] == [
        "The biggest mistake in a metrics round is {{c1::naming ten metrics}}."
    ]


def test_figures_come_only_from_finished_statements() -> None:
    """A slide bullet, a caption or a chat line with a number is no fact to learn; a sentence is."""
    text = (
        "# Notes\n\n## Support bot\n\n"
        "- Before the fix: 38 tickets a day\n- After two sprints: 11\n\n"
        "Last reply 6 days ago\n\n"
        "About 70% of wrong answers came from a stale passage.\n"
    )
    deck = extract_report(text).deck
    assert [c.front for c in deck.cards] == ["About {{c1::70%}} of wrong answers came from a stale passage."]
    speech = (
        "# Episode 12\n\n## Transcript\n\nso for autocomplete people notice past about 300 milliseconds and then"
        " they just keep typing and for chat what matters is how fast the first words show up on the screen for them\n"
    )
    assert [c.front for c in extract_report(speech).deck.cards] == [
        "so for autocomplete people notice past about {{c1::300 milliseconds}} and then they just keep typing and for"
        " chat what matters is how fast the first words show up on the screen for them"
    ]  # captioned speech has no full stops: a long run of it is no fragment


def test_a_question_table_answer_column_left_empty_or_tbd_is_a_todo() -> None:
    """The round and what a question tests are not its answer: without a strong answer the row is a TODO."""
    text = (
        "# Prompts\n\n## Bank\n\n| Question | Round | Strong answer |\n| --- | --- | --- |\n"
        "| How would you launch a triage bot? | Product | Start with a small cohort and a human review path |\n"
        "| How would you price it? | Strategy | *TBD: to fill in after the workshop* |\n"
        "| Who would you onboard first? | Strategy |  |\n"
    )
    deck = extract_report(text).deck
    points = {c.front: c.fields["key_points"] for c in deck.cards}
    assert points == {
        "How would you launch a triage bot?": "- Round: Product\n- Strong answer: Start with a small cohort and a human"
        " review path",
        "How would you price it?": TODO_ANSWER,
        "Who would you onboard first?": TODO_ANSWER,
    }


def test_a_table_of_figures_only_gives_no_row_cards() -> None:
    """Three columns of numbers are a worked example's data; a table with words in its cells is carded."""
    data = "| Threshold | Automated | Precision | Cost |\n| --- | --- | --- | --- |\n| 0.9 | 3,000 | 98% | $720 |\n"
    words = "| Threshold | Automated | Precision | Verdict |\n| --- | --- | --- | --- |\n| 0.9 | 3,000 | 98% | too cautious |\n"
    intro = "# Thresholds\n\n## Worked example\n\nWe priced each threshold.\n\n"
    with pytest.raises(ExtractError):
        extract_report(intro + data)
    assert len(extract_report(intro + words).deck.cards) == 1


def test_an_answer_put_off_in_any_shape_stays_a_todo() -> None:
    text = (
        "# Reader Questions\n\n"
        "## How do you set a launch bar for a generative feature?\n\n"
        "Ooh, good one. I'm going to give this its own write-up next week.\n\n"
        "## Which is harder to hire for, AI PMs or ML engineers?\n\n"
        "Honestly? I don't have a good answer to that yet.\n\n"
        "## What would you do in your first 30 days?\n\n"
        "- *Answering this one live at next month's meetup.*\n\n"
        "## How should I negotiate equity?\n\n"
        "**Answer:** saving that one for a separate post.\n\n"
        "## Can a new grad land an AI PM role?\n\n"
        "Rarely. Next autumn, look for APM programs that rotate through an ML team.\n\n"
        "## Open questions\n\n"
        "- How should an AI PM split time between evaluation and discovery? (I'll answer this in a follow-up.)\n"
        "- Do AI PMs need their own career ladder? — no idea yet, honestly.\n"
    )
    deck = extract_report(text).deck
    backs = {c.front: c.fields.get("answer") or c.fields.get("key_points") for c in deck.cards}
    assert backs == {
        "How do you set a launch bar for a generative feature?": TODO_ANSWER,
        "Which is harder to hire for, AI PMs or ML engineers?": TODO_ANSWER,
        "What would you do in your first 30 days?": TODO_ANSWER,
        "How should I negotiate equity?": TODO_ANSWER,
        "Can a new grad land an AI PM role?": "Rarely. Next autumn, look for APM programs that rotate through an ML team.",
        "How should an AI PM split time between evaluation and discovery?": TODO_ANSWER,
        "Do AI PMs need their own career ladder?": TODO_ANSWER,
    }
    assert_lint_clean(deck, warnings=6)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("See the pattern?", True),
        ("What's yours?", True),
        ("Why does this matter?", True),
        ("Sound familiar?", True),
        ("Make sense?", True),
        ("What would you add to this list?", True),
        ("Why AI?", False),  # short, but it names its topic
        ("What is it?", False),  # asks about the topic in hand (a heading's)
        ("What's your biggest weakness?", False),
        ("What about take-home design exercises?", False),
    ],
)
def test_rhetorical_questions(question: str, expected: bool) -> None:
    assert rhetorical(question) is expected


def test_rhetorical_questions_and_prompts_to_readers_are_no_cards() -> None:
    text = (
        "Three things every AI PM loop checks.\n\n"
        "How would you know your model is good enough to ship?\n\n"
        "A golden set, a rubric agreed before anyone looks at outputs, and a launch bar written down.\n\n"
        "See the pattern?\n\n"
        "Every answer is a decision, not a model.\n\n"
        "What's the question you always dread?\n\n"
        "Drop it below and I'll answer the best ones.\n"
    )
    deck = extract_report(text).deck
    assert [c.front for c in deck.cards] == [
        "How would you know your model is good enough to ship?",
        "Every answer is {{c1::a decision}}, not a model.",
    ]
    ending = (
        "# Loops\n\n## After the loop\n\nSend a thank-you note within 24 hours.\n\n"
        "What about you — which round scares you most?\n\n---\n\n*[Subscribe](https://example.com) for more.*\n"
    )  # a question to the readers, with nothing but page furniture after it
    assert [c.front for c in extract_report(ending).deck.cards] == ["Send a thank-you note within {{c1::24 hours}}."]


def test_a_run_of_questions_keeps_its_last_one_before_a_call_to_action() -> None:
    text = (
        "Bootcamp questions\n\nIs there a certificate at the end?\n\nDo you help with job applications?\n\n"
        "Still unsure? Book a call with an advisor.\n"
    )
    deck = extract_report(text).deck
    assert [c.front for c in deck.cards] == ["Is there a certificate at the end?", "Do you help with job applications?"]


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("I've sat on 60+ AI PM interview loops in the last two years.", []),
        ("From the 212 candidates I coached last year, the ones who got offers had a structure.", []),
        ("I've screened 1,500+ résumés and run about 400 phone screens.", []),
        ("Of the 200 candidates I interviewed, 70% could not explain precision.", ["70%"]),
        ("the speaker ran hiring for three years and saw roughly 900 applications for 11 PM roles", ["11"]),
        ("I applied to 61 companies and received 3 offers.", ["61", "3"]),  # the author's own story
        ("I interviewed for 14 AI PM roles in 2024.", ["14"]),
    ],
)
def test_figures_of_the_authors_credentials_are_no_facts(sentence: str, kept: list[str]) -> None:
    assert [sentence[a:b] for a, b in figures(sentence) if not credential(sentence, (a, b))] == kept


def test_credentials_and_the_count_of_the_posts_own_list_give_no_cloze() -> None:
    text = (
        "I've run more than 350 mock interviews for AI PM roles.\n\n"
        "The same 3 questions come up again and again. Here they are.\n\n"
        "1. How would you measure a summariser?\n\nEdits before sharing, and made-up facts as the guardrail.\n\n"
        "2. How would you price an LLM feature?\n\nPer seat until usage varies tenfold between customers.\n\n"
        "3. When would you not use a model?\n\nWhen a rule gets 95% of cases right.\n"
    )
    deck = extract_report(text).deck
    assert [c.front for c in deck.cards] == [
        "How would you measure a summariser?",
        "How would you price an LLM feature?",
        "When would you not use a model?",
    ]
    assert interview_card(deck, "When would you not use a model?").fields["key_points"] == (
        "- When a rule gets 95% of cases right."
    )


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Title: From the Title Line\nWhat is it?\nIt is a thing that costs $5K.\n", "From the Title Line"),
        ("---\ntitle: 'Front Matter'\n---\n# Heading Title\nWhat is it?\nA thing.\n", "Front Matter"),
        ("Intro text first, 5% of it.\n\n# The Heading Title\n\nWhat is it?\nA thing.\n", "The Heading Title"),
        ("Home | Blog | Log in\n\n# After the Navigation\n\nWhat is it?\nA thing.\n", "After the Navigation"),
        ("TL;DR\nShip suggestions before actions, not actions first.\n", "Untitled article"),
        ("## TL;DR\n\nShip suggestions before actions, not actions first.\n", "Untitled article"),
        (
            "<html><head><title>Page Title | Site</title></head><body><h2>What is it?</h2><p>A thing.</p></body></html>",
            "Page Title",
        ),
        (
            "Most candidates who switch into AI product roles take about 9 months to do it, and most regret "
            "nothing about the move.\n",
            "Untitled article",
        ),
    ],
)
def test_title_sources(text: str, title: str) -> None:
    assert pmcards.extract(text).title == title


def test_a_title_given_replaces_the_articles_own() -> None:
    deck = pmcards.extract(read("faq_lines.txt"), title="AI PM FAQ")
    assert (deck.title, deck.id, deck.source) == ("AI PM FAQ", "ai-pm-faq", "AI PM FAQ")


@pytest.mark.parametrize(
    ("title", "container"),
    [
        ("Vocabulary to know cold", True),
        ("Numbers worth knowing", True),
        ("Frameworks I use", True),
        ("Last-minute reminders", True),
        ("Key terms", True),
        ("AI terms to know", True),
        ("Build eval habits", False),  # an instruction
        ("Metrics matter more than models", False),  # a claim
        ("Evaluation is the new product sense", False),
        ("Opening with the architecture", False),
    ],
)
def test_headings_that_only_name_a_collection(title: str, container: bool) -> None:
    assert discourse.names_collection(title) is container


def test_a_container_heading_is_no_card_its_items_are() -> None:
    text = (
        "# Prep\n\n## 1. Numbers worth knowing\n\n- Labelling costs about $0.10 per example.\n"
        "- Users leave after 3 seconds.\n\n## 2. Ship small, learn fast\n\n- Start with one team.\n- Widen weekly.\n"
    )
    assert [c.front for c in extract_report(text).deck.cards] == [
        "Labelling costs about {{c1::$0.10}} per example.",  # figures, no longer kept off by the heading's card
        "Users leave after {{c1::3 seconds}}.",
        "Explain: Ship small, learn fast",  # a claim over its list is still a point
    ]


def test_a_topic_heading_over_only_a_list_and_an_outline_heading_are_no_points() -> None:
    # "Latency & quality" over its entries is a category: its entries are the cards. "Background" frames
    # the notes. A point needs a heading that explains something ("Evals come first") or instructs.
    text = (
        "# Field notes\n\n## 1. Background\n\nWe wrote these after a quarter of shipping a triage model.\n\n"
        "## 2. Latency & quality\n\n- **Time to first token**: how long until the first word shows.\n"
        "- **Win rate**: how often raters prefer the new answer.\n\n"
        "## 3. Evals come first\n\nWrite the eval set before the prompt. It is the spec the model must meet.\n\n"
        "## 4. Worked example: a triage bot\n\nA clinic routes messages to nurses with a small classifier.\n"
    )
    fronts = [c.front for c in extract_report(text).deck.cards]
    assert "Explain: Latency & quality" not in fronts
    assert "Explain: Worked example: a triage bot" not in fronts
    assert "Explain: Background" not in fronts
    assert "Explain: Evals come first" in fronts


@pytest.mark.parametrize(
    ("label", "outline", "framing"),
    [
        ("Context", True, True),
        ("Her background", True, True),
        ("Opening", True, False),
        ("Q&A", True, False),
        ("Takeaways / todo", True, False),
        ("Metrics hot takes", True, False),
        ("Do", True, False),
        ("Don't", True, False),
        ("Action items", True, False),
        ("Day-to-day responsibilities", False, False),
        ("Hiring bar", False, False),
    ],
)
def test_outline_labels_of_notes(label: str, outline: bool, framing: bool) -> None:
    assert (discourse.outline_label(label), discourse.framing_label(label)) == (outline, framing)


def test_a_bold_label_over_notes_is_no_card_one_over_a_topics_parts_is() -> None:
    text = (
        "# Notes\n\n**Hiring bar**\n\n- She screens for judgement under uncertainty, and she says so in the first call.\n"
        "- The best signal is a candidate who asks how the labels were made.\n\n"
        "**Signals she trusts**\n\n- Shipped features\n- Written post-mortems\n"
    )
    assert [c.front for c in extract_report(text).deck.cards] == [
        "Signals she trusts: {{c1::Shipped features}} and {{c2::Written post-mortems}}."
    ]  # and "a candidate who asks how ..." is the candidate's question, not one put to the candidate


def test_do_and_dont_lists_pair_each_mistake_with_what_to_do() -> None:
    text = (
        "# Loop advice\n\n## Dos and don'ts\n\nDo:\n- Quote numbers from your own launches\n- Name the guardrail\n"
        "- Ask how they evaluate today\n\nDon't:\n- don't pretend every metric matters\n"
        "- don't quote numbers you cannot explain\n- don't open with the tech stack\n"
    )
    deck = extract_report(text).deck
    assert [(c.front.split("\n")[0], answer(deck, c.front)) for c in deck.cards] == [
        ("Mistake to avoid: don't pretend every metric matters", "Name the guardrail"),  # by its place: no shared word
        (
            "Mistake to avoid: don't quote numbers you cannot explain",
            "Quote numbers from your own launches",
        ),  # by words
        ("Mistake to avoid: don't open with the tech stack", "Ask how they evaluate today"),
    ]
    uneven = "# Advice\n\n**Do**\n\n- Write the rubric first.\n- Sample real traffic.\n\n**Don't**\n\n- Don't guess.\n"
    deck = extract_report(uneven).deck
    assert answer(deck, deck.cards[0].front) == "- Write the rubric first.\n- Sample real traffic."  # the whole list
    with pytest.raises(ExtractError):  # a "Do" list alone is no knowledge list ("What does “Do” cover?")
        extract_report("# Advice\n\n**Do**\n\n- Write the rubric first.\n- Sample real traffic.\n")


ZERO_HALLUCINATIONS = "Don't promise zero hallucinations. Do describe how you detect and contain them."
HALLUCINATIONS_CARD = (
    "Mistake to avoid: Don't promise zero hallucinations.\n\nWhat works better?",
    "Do describe how you detect and contain them.",
)
ACCURACY_ALONE_CARD = (
    "Mistake to avoid: Don't quote accuracy alone.\n\nWhat works better?",
    "Do pair it with a product metric.",
)
IMBALANCED_CARD = (
    "Mistake to avoid: quoting accuracy on an imbalanced data set.\n\nWhy is it a mistake?",
    TODO_ANSWER,
)


def test_a_list_of_named_mistakes_and_dont_do_items_gives_a_card_per_item() -> None:
    text = (
        "# Pitching AI features\n\n## Common mistakes\n\n"
        f"- Common mistake: quoting accuracy on an imbalanced data set.\n- {ZERO_HALLUCINATIONS}\n"
    )
    result = extract_report(text, "a1.md")
    assert [(c.section, c.front, answer(result.deck, c.front)) for c in result.deck.cards] == [
        ("Common mistakes (line 5)", *IMBALANCED_CARD),  # no reason given: the coach writes it
        ("Common mistakes (line 6)", *HALLUCINATIONS_CARD),
    ]
    assert result.found["mistakes"] == 2
    assert result.unanswered == (
        (5, "Mistake to avoid: quoting accuracy on an imbalanced data set. Why is it a mistake?"),
    )
    assert_lint_clean(result.deck, warnings=1)


def test_dont_and_do_in_one_paragraph_or_on_two_lines_are_one_mistake_each() -> None:
    text = f"{ZERO_HALLUCINATIONS}\n\nDon't quote accuracy alone.\nDo pair it with a product metric.\n"
    result = extract_report(text, "d1.md")
    assert [(c.section, c.front, answer(result.deck, c.front)) for c in result.deck.cards] == [
        ("Introduction (line 1)", *HALLUCINATIONS_CARD),
        ("Introduction (line 3)", *ACCURACY_ALONE_CARD),
    ]
    assert result.skipped == ()
    # The same pairs as items, as lines without blank lines between them, or as one paragraph each.
    for layout in (f"- {ZERO_HALLUCINATIONS}\n- ", f"{ZERO_HALLUCINATIONS}\n", f"{ZERO_HALLUCINATIONS}\n\n"):
        deck = extract_report(layout + "Don't quote accuracy alone. Do pair it with a product metric.\n").deck
        assert [(c.front, answer(deck, c.front)) for c in deck.cards] == [HALLUCINATIONS_CARD, ACCURACY_ALONE_CARD]


def test_a_named_mistake_is_never_answered_by_the_next_mistake() -> None:
    text = (
        "# Pitching AI features\n\n## Common mistakes\n\n"
        f"Common mistake: quoting accuracy on an imbalanced data set.\n\n{ZERO_HALLUCINATIONS}\n"
    )
    result = extract_report(text, "a3.md")
    assert [(c.section, c.front, answer(result.deck, c.front)) for c in result.deck.cards] == [
        ("Common mistakes (line 5)", *IMBALANCED_CARD),
        ("Common mistakes (line 7)", *HALLUCINATIONS_CARD),
    ]
    explained = text.replace(ZERO_HALLUCINATIONS, "With 2% fraud, a model that never flags fraud is 98% accurate.")
    deck = extract_report(explained).deck  # a paragraph that is no mistake of its own still explains it
    assert answer(deck, IMBALANCED_CARD[0]) == "With 2% fraud, a model that never flags fraud is 98% accurate."


def test_a_mistake_that_gives_no_card_is_reported_as_skipped_unless_another_card_uses_it() -> None:
    text = (
        "# Pitching\n\n## Common mistakes\n\nDon't oversell the model.\n\nBAD: Our model never makes mistakes.\n\n"
        + (f"{ZERO_HALLUCINATIONS}\n")
    )
    result = extract_report(text)
    assert [c.front for c in result.deck.cards] == [HALLUCINATIONS_CARD[0]]
    assert [(s.line, s.reason, s.text) for s in result.skipped] == [
        (5, "mistake without an explanation", "Don't oversell the model"),
        (7, "mistake without an explanation", "Our model never makes mistakes"),
    ]
    answered = (
        "# Loop\n\n## Why do you want to be an AI PM?\n\nDon't talk about hype. Talk about a problem you solved.\n"
    )
    assert extract_report(answered).skipped == ()  # the "Don't" paragraph answers the question


def test_a_mistake_is_explained_by_the_reason_after_its_own_arrow() -> None:
    text = (
        "# Notes\n\nThe mistakes I see most:\n\n- Leading with the model → the panel hears a solution looking for a problem\n"
        "- Ignoring cost\n→ a feature that costs more than it earns gets switched off\n\n"
        "Other notes\n\n- never promise zero errors → you will own every error in public\n"
        "- Latency → users notice anything over a second\n"
    )
    deck = extract_report(text).deck
    assert [(c.front.split("\n")[0], answer(deck, c.front)) for c in deck.cards] == [
        ("Mistake to avoid: Leading with the model", "The panel hears a solution looking for a problem"),
        ("Mistake to avoid: Ignoring cost", "A feature that costs more than it earns gets switched off"),
        ("Mistake to avoid: never promise zero errors", "You will own every error in public"),
    ]  # "Latency → ..." is no mistake: neither marked nor in a list of mistakes


def test_glossary_tables_give_a_definition_per_row() -> None:
    text = (
        "# Terms\n\n| Term | Meaning | Example |\n|:--|:--|:--|\n| **HITL** | A person approves the output | Refund replies |\n"
        "| `top-p` | Sampling from the likeliest tokens only | |\n\nWord | Definition\n--- | ---\nRAG | Answers from fetched documents\n\n"
        "## Tiers\n\n| Tier | Cost |\n|---|---|\n| Small | under $1 |\n"
    )
    deck = extract_report(text).deck
    assert [(c.front, answer(deck, c.front)) for c in deck.cards] == [
        ("What does “HITL” mean?", "A person approves the output\n\nExample: Refund replies"),
        ("What does “top-p” mean?", "Sampling from the likeliest tokens only"),
        ("What does “RAG” mean?", "Answers from fetched documents"),
        ("Tiers: what is the Cost for Tier “Small”?", "- Cost: under $1"),  # a comparison table, not a glossary
    ]


def test_a_sample_answer_over_several_paragraphs_is_all_key_points_and_no_cloze() -> None:
    quoted = (
        "# Metrics round\n\nA typical prompt: **How would you measure an AI summariser?**\n\nHere's how I'd answer:\n\n"
        "> Start with the reader who missed the meeting.\n>\n> The biggest risk is a confident wrong decision.\n>\n"
        "> Check 50 summaries a week against the recording.\n\nWhat makes it work: it names the reader.\n"
    )
    deck = extract_report(quoted).deck
    assert [c.front for c in deck.cards] == [
        "How would you measure an AI summariser?"
    ]  # no "The biggest risk is [...]"
    assert interview_card(deck, deck.cards[0].front).fields["key_points"] == (
        "- Start with the reader who missed the meeting.\n- The biggest risk is a confident wrong decision.\n"
        "- Check 50 summaries a week against the recording."
    )
    indented = (
        "# Metrics round\n\nAnother one I get: “Accuracy dropped 5% after launch. What do you do?”\n\nMy answer, roughly:\n\n"
        "    First I'd check whether the model or the traffic changed, since a launch\n"
        "    brings new users, so a 5% drop can be a mix shift, not a worse model.\n\n"
        "    Then I'd slice the drop by segment.\n\nInterviewers want you to separate data from model changes.\n"
    )
    deck = extract_report(indented).deck
    assert [c.front for c in deck.cards] == ["Accuracy dropped 5% after launch. What do you do?"]
    assert interview_card(deck, deck.cards[0].front).fields["key_points"] == (
        "- First I'd check whether the model or the traffic changed, since a launch brings new users, so a 5% drop "
        "can be a mix shift, not a worse model.\n- Then I'd slice the drop by segment."
    )


@pytest.mark.parametrize(
    ("question", "placeholder"),
    [
        ("Design an AI feature for X.", True),
        ("How would you measure the success of [product]?", True),
        ("Estimate the ___ market.", True),
        ("Design an AI feature for Gen Z shoppers.", False),
        ("How would you improve Twitter/X search?", False),
        ("Design an AI tutor for maths.", False),
    ],
)
def test_template_prompts(question: str, placeholder: bool) -> None:
    assert discourse.template(question) is placeholder


def test_template_prompts_are_no_cards() -> None:
    text = (
        "# Design round\n\nMost design prompts are one template: “Design an AI feature for X.”\n\n"
        "A typical prompt: **Design an AI feature for Y.**\n\n## Interview questions\n\n- Design a tutor for [subject].\n"
        "- How would you launch a meeting summariser?\n- How would you price it?\n"
    )
    assert [c.front for c in extract_report(text).deck.cards] == [
        "How would you launch a meeting summariser?",
        "How would you price it?",
    ]


def test_questions_answered_by_the_bullets_after_them() -> None:
    text = (
        "# Chat notes\n\nAudience Q: how big should a first eval set be?\n- 50 hand-checked examples\n\n"
        "## Her questions\n\nShe asks every candidate: “What would you cut if costs doubled?”\n\n"
        "- the feature with the least usage per dollar\n- never the evaluation\n\n"
        "Her second favourite: how would you explain a false negative to a manager?\n\n- a customer we missed\n"
    )
    deck = extract_report(text).deck
    assert [(c.front, c.fields.get("answer") or c.fields.get("key_points")) for c in deck.cards] == [
        ("How big should a first eval set be?", "- 50 hand-checked examples"),
        (
            "What would you cut if costs doubled?",
            "- the feature with the least usage per dollar\n- never the evaluation",
        ),
        ("How would you explain a false negative to a manager?", "- a customer we missed"),
    ]
    topic = "# Notes\n\nWhy AI: what makes the PM job different?\n\n- the output is a guess\n"
    assert [c.front for c in extract_report(topic).deck.cards] == ["Why AI: what makes the PM job different?"]


def test_a_question_in_a_paragraph_is_answered_by_the_list_after_it() -> None:
    text = "# Notes\n\nShe had one more for us. Her last question was always “What would you measure first?”\n\n"
    text += "- adoption in week one\n- the reopen rate\n"
    deck = extract_report(text).deck
    assert interview_card(deck, "What would you measure first?").fields["key_points"] == (
        "- adoption in week one\n- the reopen rate"
    )


@pytest.mark.parametrize(
    "question",
    [
        "How many of you could tell me right now what your model's error rate is?",
        "Raise your hand if your company has a written rubric?",
        "Who here has hired someone who aced the case?",
        "Does anyone in the room still use brain-teasers?",
    ],
)
def test_polls_of_the_audience_are_rhetorical(question: str) -> None:
    assert rhetorical(question)
    assert not rhetorical("Who owns the eval set here, the PM or the engineers?")


def test_letter_furniture_is_noise() -> None:
    assert noise_reason("Hiring Loop Media, 2150 Shattuck Ave, Suite 704, Berkeley, CA 94704") == "postal address"
    assert noise_reason("Sent from 42 Rue des Écoles, 75005 Paris, France") == "postal address"
    assert noise_reason("We ran 3 tests, on 200 users, over 5 weeks.") == ""
    for line in (
        "Hi friends,",
        "Until next Tuesday,",
        "See you in 2 weeks!",
        "Cheers,",
        "Welcome to the 120 new readers!",
    ):
        assert noise_reason(line) == "greeting or sign-off", line
    for line in ("Best practices", "Until next quarter the model stays frozen.", "Hello world apps are easy."):
        assert noise_reason(line) == "", line
    assert discourse.about_itself("So this issue is a short one: I'm writing with 14% battery.")
    assert not discourse.about_itself("The issue is that 14% of users churn.")
    text = (
        "Notes\n\nTeams that review 30 failures a week catch drift early.\n\n--\nAna\n40 Old Street, London EC1V 9AE\n"
    )
    result = extract_report(text)
    assert [c.front for c in result.deck.cards] == ["Teams that review {{c1::30}} failures a week catch drift early."]


def test_glossary_lines_and_do_dont_pairs_of_a_plain_text_handout() -> None:
    text = (
        "BOOTCAMP HANDOUT\n\nKEY TERMS\n\nHoldout - traffic kept on the old experience to compare against\n"
        "Shadow mode - running a model on live traffic without showing its output\n\nDON'T / DO\n\n"
        "Don't: launch to everyone on day one -> you lose the comparison you need\n"
        "Do: ramp from 1% to 10% to 50%\n\nDon't: let the model decide alone when errors are costly\n"
        "Do: send low-confidence cases to a person\n"
    )
    deck = extract_report(text).deck
    assert [(c.front, answer(deck, c.front)) for c in deck.cards] == [
        ("What does “holdout” mean?", "Traffic kept on the old experience to compare against"),
        ("What does “shadow mode” mean?", "Running a model on live traffic without showing its output"),
        (
            "Mistake to avoid: launch to everyone on day one\n\nWhat works better?",
            "ramp from 1% to 10% to 50%\n\nWhy the mistake hurts: You lose the comparison you need",
        ),  # its reason after the arrow, and its own "Do", not the next one
        (
            "Mistake to avoid: let the model decide alone when errors are costly\n\nWhat works better?",
            "send low-confidence cases to a person",
        ),
    ]


def test_a_question_followed_by_a_line_that_introduces_its_answer() -> None:
    text = (
        "# Recap\n\n## Aisha's part\n\nAisha said the most common failure is quoting one average. "
        "Her favourite prompt is “The new ranker wins the test but tickets double. What do you do?” "
        "What she wants to hear:\n\n- check which queries moved\n- be ready to roll back\n\n"
        "## The metrics round\n\nAsked how I'd know a summary was good, I listed five metrics. That was a no-hire.\n\n"
        "What I should have said:\n\n- the outcome the reader cares about\n- one guardrail\n"
    )
    deck = extract_report(text).deck
    assert [(c.front, c.fields.get("key_points", "")) for c in deck.cards] == [
        (
            "The new ranker wins the test but tickets double. What do you do?",
            "- check which queries moved\n- be ready to roll back",
        ),
        ("Aisha said the most common failure is {{c1::quoting one average}}.", ""),
        ("How would you know a summary was good?", "- the outcome the reader cares about\n- one guardrail"),
    ]  # "Aisha's part" is a part of the notes, no term to define


def test_a_numbered_section_that_poses_a_prompt_is_that_prompts_card() -> None:
    text = (
        "# Teardown\n\n## 1. The design round\n\nThe interviewer opened with: “Design an AI assistant for bookkeeping.”"
        "\n\nI answered like this:\n\n> Start with the owner who closes the books on Sunday.\n\n"
        "## 2. The metrics round\n\nI listed five metrics, which reads as no decision at all.\n"
    )
    assert [c.front for c in extract_report(text).deck.cards] == [
        "Design an AI assistant for bookkeeping.",
        "Explain: The metrics round",
    ]


def test_short_term_lines_define_under_a_glossary_heading_and_arrow_lines_under_a_mistakes_one() -> None:
    glossary = (
        "# Notes\n\n## Vocabulary to know cold\n\n- Drift: the gap between training data and live data.\n"
        "- A pattern runs through all seven: judgment beats jargon every time.\n\n"
        "Holdout: traffic kept on the old experience for comparison.\n"
    )
    assert [c.front for c in extract_report(glossary).deck.cards] == [
        "What does “drift” mean?",
        "What does “holdout” mean?",
    ]  # a sentence with a colon is no term
    mistakes = (
        "Mistakes I see\n\nThe same mistakes every week, with why they hurt.\n\n"
        "Leading with the model -> the panel hears a solution looking for a problem.\n\n"
        "Quoting one average -> it hides the segment that fails.\n"
    )
    deck = extract_report(mistakes).deck
    assert [answer(deck, c.front) for c in deck.cards] == [
        "The panel hears a solution looking for a problem.",
        "It hides the segment that fails.",
    ]


def test_every_pattern_runs_in_linear_time() -> None:
    """Each regular expression of the extraction, fed 100 KB of the inputs that make backtracking patterns
    slow (long runs of one character, of words, of separators), finishes well within a second."""
    patterns = [
        value for module in EXTRACTION_MODULES for value in vars(module).values() if isinstance(value, re.Pattern)
    ]
    assert len(patterns) > 60
    size = 100_000
    units = [" ", "a ", "*", "[", "1", ".", ", not ", "asked what ", "the one that most ", "q ", "X ", "→ ", "| "]
    for pattern in patterns:
        for unit in units:
            text = unit * (size // len(unit))
            started = time.perf_counter()
            for _ in pattern.finditer(text):
                pass
            elapsed = time.perf_counter() - started
            assert elapsed < 1.0, f"{pattern.pattern[:60]!r} on {unit!r} x {len(text)}: {elapsed:.2f} s"


# Stable ids


def test_same_article_same_deck_and_edits_keep_unchanged_ids() -> None:
    text = read("plain_questions.txt")
    first = extract_report(text).deck
    assert extract_report(text).deck == first
    assert all(ID_PATTERN.fullmatch(c.id) and c.id.startswith("from-data-scientist-to-") for c in first.cards)
    assert len({c.id for c in first.cards}) == len(first.cards)

    def ids(deck: Deck) -> dict[tuple[str, str], str]:
        """Card ids by (section title, front): the provenance and question ids derive from."""
        return {(c.section.rsplit(" (line ", 1)[0], c.front): c.id for c in deck.cards}

    edited = text.replace(
        "Who This Is For\n", "Who This Is For\nA new opening paragraph, added later, moves every line down.\n"
    ).replace("Do I need to stop coding?", "Do I need to stop writing code?")
    second = extract_report(edited).deck
    before, after = ids(first), ids(second)
    unchanged = before.keys() & after.keys()
    assert len(unchanged) == len(before) - 1
    assert all(before[key] == after[key] for key in unchanged)
    assert before.keys() - after.keys() == {("Do I need to stop coding?", "Do I need to stop coding?")}
    assert card(second, "Do I need to stop writing code?").id not in before.values()
    assert card(second, "What did users do differently after launch?").section.endswith("(line 9)")


def test_repeated_content_gives_one_card() -> None:
    text = "What is an AI PM?\nA PM who owns an AI product.\n" * 2
    result = extract_report(text)
    assert len(result.deck.cards) == 1
    assert [(s.line, s.reason) for s in result.skipped] == [(3, "duplicate card")]


# Bad input: pmcards' own error, naming the article


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "notes.txt: empty article"),
        ("  \n\t\n", "notes.txt: empty article"),
        (b"\xff\xfe not text", "notes.txt: not UTF-8 (invalid byte 0xff on line 1)"),
        ("# Only a title\n", "notes.txt: empty article (a title and nothing else)"),
        ("hello world\nthis is just some text\n", "notes.txt: nothing to draft"),
    ],
)
def test_bad_input_is_an_extract_error(text: str | bytes, message: str) -> None:
    with pytest.raises(ExtractError) as raised:
        extract_report(text, "notes.txt")
    assert str(raised.value).startswith(message)
    assert isinstance(raised.value, PmcardsError)


def test_a_url_source_becomes_the_deck_url() -> None:
    deck = pmcards.extract(read("faq_lines.txt"), source="https://example.org/ai-pm-faq")
    assert deck.url == "https://example.org/ai-pm-faq"
    assert pmcards.extract(read("faq_lines.txt"), source="faq_lines.txt").url == ""


def test_extract_file_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(ExtractError, match=f"^{tmp_path / 'missing.txt'}: no such file$"):
        extract_file(tmp_path / "missing.txt")
    with pytest.raises(ExtractError, match="is a folder, not an article"):
        extract_file(tmp_path)


def test_pmcards_extract_is_the_function_even_after_the_package_is_imported() -> None:
    import pmcards.extraction as module

    text = read("faq_lines.txt")
    assert pmcards.extract is module.extract
    assert pmcards.extract(text) == extract_report(text).deck


# Fuzzing: any input gives a lint-clean deck or pmcards' own error

ARTICLE_LINES = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "TL;DR",
            "FAQ",
            "## Interview questions",
            "Mistakes to Avoid",
            "| Level | Pay |",
            "|---|---|",
            "| Senior | $5K - $9K |",
            "- BAD: Guessing. GOOD: Measuring.",
            "- GOOD: measure it.",
            "✅ Strong: name the metric",
            "❌ Weak: {{c1::x}}",
            'Q1 - "How would you price {{it}}?"',
            '> "Why did it fail?"',
            "Not speed, but rigor.",
            "It isn’t luck — it’s practice::here.",
            "Costs $10K–$20K and 15% more for 3 years.",
            "What is it?",
            "Q: What is x?",
            "A: It is }}y{{.",
            "**Is this bold?**",
            "```",
            "---",
            "# Title",
            "Title: T",
            "The interviewer asked: “Who owns it?” Nobody knew the answer at all.",
            "They couldn’t explain how they’d fix it.",
            "## ",
            "\\A: x",
            "Text: y",
            "id: z",
            "## Basic",
            "Key points:",
            "line\u2028separator\x0bvertical\x00nul",
            "Subscribe now!",
            "What does an AI PM do? ▾",
            "<details><summary>Is it worth it?</summary>",
            "</details>",
            "> [!TIP]",
            "> Write the rubric first.",
            "**Q10. How would you measure it?**",
            "▫️ A weak option.",
            "*Why: because it matters.*",
            "Wrong answer: “Use the biggest model.”",
            "Right approach: Start from the user.",
            "Don't promise zero errors.",
            "Do explain the fallback.",
            "Common mistake: skipping the data question.",
            "The three levels of risk:",
            "1. **Annoying**: a wrong song.",
            "### Precision",
            "Precision is the share of flagged items that are right.",
            "**Recall:** the share of positives found.",
            "A typical prompt: **Design a copilot for nurses.**",
            "[00:01:02] HOST: How would you launch it?",
            "[00:01:10] GUEST: Slowly, with a holdout.",
            "Answer coming soon.",
            "Source: reader report · Difficulty: Hard",
            "By Ana · 5 min read",
            "She defined a golden set as a fixed list of examples.",
            "The round that rejected most people was metrics.",
            "Use scaffolding, not a script.",
            "---\ntitle: T\ntldr: Short.\n---",
            "<html><body><h1>T</h1><p>What is it? A thing.</p></body></html>",
        ]
    ),
)


def check_lint_clean_or_own_error(text: str | bytes) -> None:
    try:
        deck = pmcards.extract(text)
    except ExtractError:
        return
    drafts = sum(1 for c in deck.cards if any(TODO_ANSWER in value for value in c.fields.values()))
    assert_lint_clean(deck, warnings=drafts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ARTICLE_LINES, max_size=25).map("\n".join))
def test_fuzz_article_like_text(text: str) -> None:
    check_lint_clean_or_own_error(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_fuzz_any_text(text: str) -> None:
    check_lint_clean_or_own_error(text)


@settings(max_examples=200, deadline=None)
@given(st.binary())
def test_fuzz_any_bytes(data: bytes) -> None:
    check_lint_clean_or_own_error(data)


# Draft cards: the placeholder lint warns about


def test_a_todo_placeholder_is_a_lint_warning_that_blocks_nothing(tmp_path: Path) -> None:
    deck_file = tmp_path / "draft.md"
    deck_file.write_text(
        "# Draft\n\nid: draft\n\n## Basic\n\nid: d-1\n\nQ: What is an eval?\n\nA: TODO: write the answer\n"
        "\n## Interview\n\nid: d-2\n\nQ: Design a metric.\n\nKey points:\n- TODO: write the answer\n",
        encoding="utf-8",
    )
    assert [(str(p), p.severity) for p in lint([deck_file])] == [
        (f"{deck_file}:11: warning: draft card: write the answer", "warning"),
        (f"{deck_file}:20: warning: draft card: write the answer", "warning"),
    ]
    assert [len(deck.cards) for deck in pmcards.load_decks([deck_file])] == [2]
    with pmcards.open(tmp_path / "pmcards.db") as col:
        assert col.sync([deck_file]).added == 2
    result = runner.invoke(app, ["lint", str(deck_file)])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"{deck_file}:11: warning: draft card: write the answer"
    assert result.stderr.strip() == "1 deck file(s), 2 cards: no problems, 2 warning(s)"


# Writing decks


def test_save_decks_to_a_file_or_a_folder_and_never_overwrite(tmp_path: Path) -> None:
    one = pmcards.extract(read("faq_lines.txt"))
    two = pmcards.extract(read("question_bank.md"))
    target = tmp_path / "deck.md"
    assert save_decks([one], target) == [target]
    assert target.read_text(encoding="utf-8") == write_deck(one)
    with pytest.raises(ExtractError, match=r"deck\.md: already exists \(use overwrite=True to replace it\)$"):
        save_decks([two], target)
    assert target.read_text(encoding="utf-8") == write_deck(one)
    assert save_decks([two], target, overwrite=True) == [target]

    folder = tmp_path / "drafts"
    assert save_decks([one, two], folder) == [folder / f"{one.id}.md", folder / f"{two.id}.md"]
    assert [p for p in lint([folder]) if p.severity == "error"] == []
    with pytest.raises(ExtractError, match="same deck id"):
        save_decks([one, one], tmp_path / "other")
    assert not (tmp_path / "other").exists()
    with pytest.raises(ExtractError, match="is a file, but there are 2 decks; give a folder"):
        save_decks([one, two], target)
    with pytest.raises(ExtractError, match=r"one\.md: names one file, but there are 2 decks; give a folder"):
        save_decks([one, two], tmp_path / "one.md")
    assert not (tmp_path / "one.md").exists()
    with pytest.raises(ExtractError, match="no such folder"):
        save_decks([one], tmp_path / "missing" / "deck.md")


def test_saved_decks_get_the_users_umask(tmp_path: Path) -> None:
    deck = pmcards.extract(read("faq_lines.txt"))
    previous = os.umask(0o027)
    try:
        (written,) = save_decks([deck], tmp_path / "deck.md")
    finally:
        os.umask(previous)
    assert written.stat().st_mode & 0o777 == 0o640
    written.chmod(0o604)
    save_decks([deck], written, overwrite=True)
    assert written.stat().st_mode & 0o777 == 0o604  # replacing a file keeps its mode


def test_a_symbolic_link_in_the_folder_is_never_followed(tmp_path: Path) -> None:
    deck = pmcards.extract(read("faq_lines.txt"))
    folder, outside = tmp_path / "drafts", tmp_path / "outside.md"
    folder.mkdir()
    (folder / f"{deck.id}.md").symlink_to(outside)  # dangling: it points out of the folder
    with pytest.raises(ExtractError, match="already exists"):
        save_decks([deck], folder)
    assert not outside.exists()
    save_decks([deck], folder, overwrite=True)
    assert not outside.exists() and not (folder / f"{deck.id}.md").is_symlink()


def test_a_full_disk_is_one_clear_error_and_nothing_is_left_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decks = [pmcards.extract(read("faq_lines.txt")), pmcards.extract(read("question_bank.md"))]
    folder = tmp_path / "drafts"
    calls = 0

    def fsync(descriptor: int) -> None:
        nonlocal calls
        calls += 1
        if calls >= 2:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("pmcards.extraction.save.os.fsync", fsync)
    with pytest.raises(ExtractError, match=r"drafts/.*\.md: cannot write \(No space left on device\)$"):
        save_decks(decks, folder)
    assert not folder.exists()
    code, out, err = run(str(ARTICLES / "faq_lines.txt"), str(ARTICLES / "question_bank.md"), "-o", str(folder))
    assert (code, out) == (1, "")
    assert err.startswith("error: ") and err.endswith("cannot write (No space left on device)\n")
    assert len(err.splitlines()) == 1


# The CLI


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["extract", *args])
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_cli_prints_the_decks_without_output() -> None:
    bank, table = ARTICLES / "question_bank.md", ARTICLES / "salary_table.md"
    code, out, err = run(str(bank))
    assert (code, err) == (0, "")
    assert out == write_deck(extract_file(bank).deck)
    code, out, err = run(str(bank), str(table))
    assert (code, err) == (0, "")
    assert out == write_deck(extract_file(bank).deck) + "\n" + write_deck(extract_file(table).deck)


def test_cli_writes_a_file_and_reports(tmp_path: Path) -> None:
    target = tmp_path / "draft.md"
    code, out, err = run(str(ARTICLES / "faq_lines.txt"), "-o", str(target), "--report")
    assert (code, out) == (0, "")
    lines = err.splitlines()
    assert "  FAQ items:                 5" in lines
    assert "    line 17: How many projects should my portfolio have?" in lines
    assert lines[-1] == f"{target}: 5 cards from {ARTICLES / 'faq_lines.txt'}"
    assert [str(p) for p in lint([target])] == [f"{target}:42: warning: draft card: write the answer"]


def test_cli_title_names_the_deck(tmp_path: Path) -> None:
    code, out, _ = run(str(ARTICLES / "untitled_a.md"), "--title", "Measure the Job")
    assert code == 0 and out.startswith("# Measure the Job\n\nid: measure-the-job\n")
    code, out, err = run(str(ARTICLES / "untitled_a.md"), str(ARTICLES / "untitled_b.md"), "--title", "Both")
    assert (code, out) == (1, "")
    assert err == "error: a title names one deck: give it with one article only\n"


def test_cli_writes_one_deck_per_article_into_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    articles = sorted(str(path) for path in ARTICLES.iterdir())
    code, out, err = run(*articles, "--output", str(folder))
    assert (code, out) == (0, "")
    assert len(err.splitlines()) == len(articles)
    assert len(list(folder.glob("*.md"))) == len(articles)
    assert [p for p in lint([folder]) if p.severity == "error"] == []
    code, _, err = run(*articles, "-o", str(folder))
    assert code == 1 and err.startswith("error: ") and err.endswith(": already exists (use --force to replace it)\n")
    assert "overwrite=True" not in err
    assert run(*articles, "-o", str(folder), "--force")[0] == 0
    code, _, err = run(*articles[:2], "-o", str(tmp_path / "one.md"))
    assert code == 1 and "give a folder to write several" in err
    assert not (tmp_path / "one.md").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "no such file"),
        ("latin1.txt", "Qu’est-ce que c’est? Réponse: 10 %".encode("latin-1", "replace"), "not UTF-8"),
        ("binary.bin", bytes(range(256)) * 4, "not UTF-8"),
        ("empty.txt", b"", "empty article"),
        ("nothing.txt", b"Some Notes\njust some words, and a few more.\n", "nothing to draft"),
    ],
)
def test_cli_bad_input_is_one_line_naming_the_file_and_writes_nothing(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    bad = tmp_path / name
    if content is not None:
        bad.write_bytes(content)
    folder = tmp_path / "drafts"
    for output in (["-o", str(folder)], []):
        code, out, err = run(str(ARTICLES / "faq_lines.txt"), str(bad), *output)
        assert code == 1 and out == ""
        assert len(err.splitlines()) == 1
        assert err.startswith(f"error: {bad}: {message}")
    assert not folder.exists()


# Chat exports, plans and episode pages


CHAT = """#help — export

Ana Ruiz — Today at 9:01 AM
hi both! quick one before my loop

Ana Ruiz — Today at 9:02 AM
q1: what does a holdback group measure after launch?
:eyes: 2

Ben (mod) — Today at 9:05 AM
The long-term effect of the feature: a small share of users keeps the old experience for months.
:+1: 3 :fire: 1

Ana Ruiz — Today at 9:07 AM
and what escalation rate is acceptable for a support bot?

Ben (mod) — Today at 9:10 AM
no idea honestly, @Cy ran that launch

Ana Ruiz — Today at 9:11 AM
thanks!
"""


def test_chat_headers_name_the_author_and_reactions_are_no_content() -> None:
    lines = CHAT.splitlines()
    authors = chat.chat_authors(lines)
    assert sorted(set(authors.values())) == ["Ana Ruiz", "Ben"]
    assert chat.reaction(":+1: 3 :fire: 1") and chat.reaction("👍 3   💯 1")
    assert not chat.reaction("3 things to know") and not chat.reaction("- 12:30 talk")
    # a list of chapter times is no chat: no author writes twice
    chapters = ["00:00 Intro", "03:10 Why evals", "12:30 Pricing", "20:05 Listener question"]
    assert chat.chat_authors(chapters) == {}


def test_a_chat_question_is_answered_by_another_author_or_stays_a_todo() -> None:
    deck = pmcards.extract(CHAT, "help.txt")
    assert [c.front for c in deck.cards] == [
        "What does a holdback group measure after launch?",
        "What escalation rate is acceptable for a support bot?",
    ]
    assert "long-term effect" in deck.cards[0].fields["key_points"]
    assert deck.cards[1].fields["key_points"] == TODO_ANSWER  # "no idea" is no answer
    assert_lint_clean(deck, warnings=1)


PLAN = """# Two-week plan

## Week 1 - basics

- [x] Read the eval chapter twice
- [ ] Write 5 practice answers

**Drift** is when inputs slowly stop looking like the data the model was tested on.

## Week 2 - mocks

- [ ] Book 3 mock interviews
- [ ] Redo the weakest answer
"""


def test_a_plans_week_headings_and_to_dos_give_no_cards() -> None:
    deck = pmcards.extract(PLAN, "plan.md")
    assert [c.front for c in deck.cards] == ["What does “drift” mean?"]


def test_episode_furniture_chapters_and_footnotes_are_noise() -> None:
    assert noise_reason("18:40 – The feature that failed in the warehouse") == "chapter marker"
    assert noise_reason("[^2]: Ties count as half a win.") == "footnote"
    assert noise.section_noise("About our guest") and noise.section_noise("Timestamps")
    assert noise_reason("At 18:40 the pager went off and we rolled back.") == ""


THREAD = """Rae Osei
@raeosei

Three things I learned running an AI beta. 1/4
#buildinpublic #AI

Watch edits, not ratings.
How much users change a draft tells you more than a thumbs-up ever will. 2/4

An open question I still don't have a good answer to:
How long should a beta run before you trust its retention numbers?
Replies open 👇 3/4

Follow for more! 4/4
"""


def test_a_numbered_thread_drops_its_counters_and_hashtags_and_keeps_its_line_numbers() -> None:
    lines = THREAD.splitlines()
    read = thread.read_thread(lines)
    assert len(read) == len(lines)
    assert read[3] == "Three things I learned running an AI beta."
    assert read[4] == ""  # hashtags only
    assert read[6].startswith("**Watch edits, not ratings.** How much users change a draft")
    assert read[7] == ""  # joined to its headline
    assert read[9] == "An open question I still don't have a good answer to:"  # no headline: no colon sentence
    # two counters are no thread, and a fraction inside a line is no counter
    plain = ["We hired 2/3 of them.", "Step one 1/2", "Step two 2/2"]
    assert thread.read_thread(plain) == plain


def test_a_question_introduced_as_unanswered_stays_a_todo() -> None:
    deck = pmcards.extract(THREAD, "thread.txt")
    asked = card(deck, "How long should a beta run before you trust its retention numbers?")
    assert asked.fields["answer"] == TODO_ANSWER  # "Replies open" is no answer


def test_chat_headers_with_month_names_reply_lines_and_bots() -> None:
    lines = QUALITY.joinpath("discord-export-bracket-dates.txt").read_text(encoding="utf-8").splitlines()
    authors = chat.chat_authors(lines)
    assert {"mo.adeyemi", "kit.l", "sana.q", "welcome-bot"} == set(authors.values())
    assert chat.reaction("{Reactions}") and chat.reaction("💯 (5) 🧠 (2)")
    assert chat.quoted_reply('↪ replying to mo.adeyemi: "question for the pricing nerds..."') == (
        "question for the pricing nerds"
    )
    assert chat.bot("welcome-bot") and chat.bot("Standup Bot") and not chat.bot("Abbot")


def test_a_chat_reply_answers_the_message_it_quotes_not_the_one_before_it() -> None:
    deck = pmcards.extract(
        QUALITY.joinpath("discord-export-bracket-dates.txt").read_text(encoding="utf-8"), "pricing.txt"
    )
    asked = next(c for c in deck.cards if "usage-based price" in c.front)
    assert "allowance" in asked.fields["key_points"]  # the quoting reply, not "same question here"
    assert "following" not in asked.fields["key_points"]
    assert not any("Read #rules" in c.front or "Read #rules" in str(c.fields) for c in deck.cards)


def test_a_bold_contents_line_is_skipped_but_the_headed_sections_after_it_are_not() -> None:
    # A bold line has no heading level of its own: the `###` sections after a skipped "Contents"
    # line are not inside it (once they were, and the whole article drafted nothing).
    text = (
        "**Launch plan for an AI writing feature**\n\n"
        "Owner: Hiring team · Last modified: May 2 · Status: final\n\n"
        "---\n\n"
        "**Contents**\n\n"
        "1. Beta results\n"
        "2. Pitfalls\n\n"
        "### 1. Beta results\n\n"
        "The beta ran for 10 weeks and 41% of invited users tried the feature at least once.\n\n"
        "### 2. Pitfalls\n\n"
        "- **Pricing off the average.** The mean hides the heavy users, who drive most of the cost.\n"
        "- **No stop condition.** A plan without a kill criterion is a demo, not a plan.\n"
    )
    result = extract_report(text, "take-home.md")
    assert [(s.line, s.reason) for s in result.skipped if s.text == "Contents"] == [(7, "navigation or footer")]
    sections = {card.section.rsplit(" (line", 1)[0] for card in result.deck.cards}
    assert {"Beta results", "Pitfalls"} <= sections


FIELD = Path(__file__).parent / "fixtures" / "extract_field"


@pytest.mark.parametrize(
    "article", sorted(p.name for p in FIELD.iterdir() if not p.name.endswith(".gold.toml")), ids=str
)
def test_every_article_by_another_writer_gives_a_deck_that_lints(article: str) -> None:
    # Articles written by people who never read the extractor (see tests/benchmarks/extract_quality.py):
    # whatever their layout, each gives a deck, and the deck has no lint errors.
    deck = extract_report((FIELD / article).read_bytes().decode("utf-8"), article).deck
    assert deck.cards
    assert_lint_clean(deck, warnings=sum(TODO_ANSWER in card.fields.values() for card in deck.cards))
