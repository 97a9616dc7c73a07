"""`pmcards extract`: fixture articles of each shape, exact cards, stable ids, noise, fuzzing, and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import pmcards
from pmcards import BasicCard, ClozeCard, Deck, InterviewCard
from pmcards.cli import app
from pmcards.deck import ID_PATTERN
from pmcards.deckfile import lint, parse_text, write_deck
from pmcards.errors import ExtractError, PmcardsError
from pmcards.extraction import extract_file, extract_report, save_decks
from pmcards.extraction.claims import contrast, figures
from pmcards.extraction.noise import noise_reason

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
runner = CliRunner()


def read(name: str) -> str:
    return (ARTICLES / name).read_text(encoding="utf-8")


def cards_of(deck: Deck) -> list[tuple[str, str, str]]:
    """Each card as (kind, section with line, front): what a test compares."""
    return [(card.kind, card.section, card.front) for card in deck.cards]


def card(deck: Deck, front: str) -> BasicCard | ClozeCard | InterviewCard:
    return next(c for c in deck.cards if c.front == front)


def answer(deck: Deck, front: str) -> str:
    """The answer of the basic card with this front."""
    found = card(deck, front)
    assert isinstance(found, BasicCard)
    return found.answer


def interview_card(deck: Deck, front: str) -> InterviewCard:
    found = card(deck, front)
    assert isinstance(found, InterviewCard)
    return found


def assert_lint_clean(deck: Deck) -> None:
    """The deck's file has no problems and reads back as the same deck."""
    parsed = parse_text(write_deck(deck), Path(f"{deck.id}.md"))
    assert [str(problem) for problem in parsed.problems] == []
    assert parsed.deck == deck


# Fixture articles, one per shape of the genre


def test_plain_text_with_question_lines() -> None:
    result = extract_report(read("plain_questions.txt"), "plain_questions.txt")
    deck = result.deck
    assert (deck.id, deck.title) == (
        "from-data-scientist-to-ml-pm-what-changes-and",
        "From Data Scientist to ML PM: What Changes and What Stays",
    )
    assert deck.source == deck.title
    tldr = "What is the TL;DR of “From Data Scientist to ML PM: What Changes and What Stays”?"
    owns = "What does an ML PM own that a data scientist does not?"
    switch = "How long does the switch usually take?"
    mistake = "Mistake to avoid: Presenting your best model as your best product result.\n\nWhat works better?"
    assert cards_of(deck) == [
        ("basic", "TL;DR (line 2)", tldr),
        ("cloze", "TL;DR (line 3)", "Most of them take {{c1::9–15 months}} to land the first ML PM offer."),
        (
            "cloze",
            "TL;DR (line 3)",
            "The job is not building models, but {{c1::deciding which models are worth building}}.",
        ),
        (
            "cloze",
            "Who This Is For (line 5)",
            "Senior data scientists with {{c1::3–6 years}} of experience who want to own outcomes instead of analyses.",
        ),
        ("basic", f"{owns} (line 6)", owns),
        ("interview", f"{owns} (line 8)", "What did users do differently after launch?"),
        ("cloze", f"{owns} (line 9)", "The distinction is not skill, but {{c1::accountability}}."),
        ("basic", f"{switch} (line 10)", switch),
        (
            "cloze",
            f"{switch} (line 11)",
            "Most internal moves take {{c1::9–15 months}}, while external moves take closer to two years.",
        ),
        ("cloze", f"{switch} (line 12)", "It costs them about {{c1::20%}} of their time for a quarter."),
        ("basic", "Mistakes to Avoid (line 14)", mistake),
        ("basic", "Do I need to stop coding? (line 19)", "Do I need to stop coding?"),
    ]
    assert answer(deck, owns) == "An ML PM owns the decision to ship, pause or retire a model."
    assert answer(deck, mistake) == (
        "Leading with the user behaviour the model changed and the revenue it protected.\n\n"
        "That framing shows you can connect a metric to a business decision.\n\n"
        "Why the mistake hurts: A hiring manager will read it as a research summary, not a product story."
    )
    asked = interview_card(deck, "What did users do differently after launch?")
    assert asked.key_points == (
        "- Nobody in the room could tell.\n"
        "- The candidate was not advanced.\n"
        "- The distinction is not skill, but accountability."
    )
    assert answer(deck, "Do I need to stop coding?").startswith("No. You will code less")
    assert [(s.line, s.reason) for s in result.skipped] == [(21, "call to action"), (22, "call to action")]
    assert card(deck, mistake).tags == ("mistakes",)
    assert "interview" in asked.tags
    assert_lint_clean(deck)


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
        ("cloze", f"{loop} (line 13)", "Each round lasts {{c1::45 minutes}}."),
        ("interview", "Product sense (line 19)", decide),
        ("interview", "Product sense (line 21)", walk),
        ("interview", "AI judgement (line 25)", precision),
    ]
    answered = interview_card(deck, precision)
    assert answered.key_points == (
        "- Start with the data pipeline, then compare the input distribution against last week, "
        "and only then look at the model."
    )
    unanswered = interview_card(deck, decide)
    assert unanswered.key_points == (
        "Nearest advice in the article (“How to prepare”):\n"
        "- Practise explaining precision and recall to a sales lead\n"
        "- Write one page on how you would monitor a model after launch\n"
        "- Rehearse a story about a launch you paused"
    )
    assert [(s.line, s.reason) for s in result.skipped] == [
        (35, "related reading"),
        (37, "link list"),
        (38, "link list"),
    ]
    assert_lint_clean(deck)


def test_faq_question_lines_and_q_a_pairs() -> None:
    result = extract_report(read("faq_lines.txt"))
    deck = result.deck
    mba, salary = "Is an MBA required for AI PM roles?", "What salary can a first-time AI PM expect?"
    ux, prompts = "Can I switch from UX research?", "Do AI PMs write prompts?"
    assert cards_of(deck) == [
        ("basic", f"{mba} (line 5)", mba),
        ("basic", f"{salary} (line 9)", salary),
        (
            "cloze",
            f"{salary} (line 11)",
            "At large tech companies a first AI PM offer usually lands between {{c1::$150K}} and {{c2::$190K}} "
            "in base pay.",
        ),
        ("basic", f"{ux} (line 13)", ux),
        ("basic", f"{prompts} (line 21)", prompts),
    ]
    assert answer(deck, mba) == (
        "No. Hiring managers care more about shipped products than degrees. "
        "An MBA helps with the business case, not with the model tradeoffs."
    )
    assert answer(deck, prompts) == (
        "Often. Many teams expect the PM to draft the first version of a system prompt and its evaluation set."
    )
    assert result.found["faq"] == 4 and result.found["questions"] == 0
    assert [(s.line, s.reason, s.text) for s in result.skipped] == [
        (17, "question without an answer", "How many projects should my portfolio have?"),
        (19, "call to action", "Subscribe to our newsletter for the full portfolio checklist"),
    ]
    assert card(deck, salary).tags == ("compensation",)
    assert_lint_clean(deck)


def test_numbered_question_bank_with_good_and_weak_options() -> None:
    result = extract_report(read("question_bank.md"))
    deck = result.deck
    measure = "How would you measure the success of an AI writing assistant?"
    no_llm = "When would you not use a large language model?"
    right = "How do you handle a model that is right 95% of the time?"

    def weak(question: str, answer: str) -> str:
        return f"Asked “{question}”, why is this answer weak, and what is stronger?\n\n{answer}"

    assert cards_of(deck) == [
        ("interview", "Question bank (line 7)", measure),
        ("basic", "Question bank (line 9)", weak(measure, '"I would track the model\'s BLEU score."')),
        ("interview", "Question bank (line 13)", no_llm),
        ("basic", "Question bank (line 15)", weak(no_llm, '"Almost never, LLMs keep getting better."')),
        ("interview", "Question bank (line 19)", right),
        ("basic", "Question bank (line 21)", weak(right, "Ship it and fix the errors later.")),
    ]
    bank = interview_card(deck, right)
    assert (
        bank.key_points
        == "- Design for the 5%: show confidence, offer an undo and route the hardest cases to a person."
    )
    assert bank.traps == "- Ship it and fix the errors later."
    assert answer(deck, weak(no_llm, '"Almost never, LLMs keep getting better."')) == (
        "When a deterministic rule is cheaper, easier to audit and good enough for the user."
    )
    assert {c.tags[0] for c in deck.cards} == {"interview", "mistakes"}
    assert (result.found["interview"], result.found["mistakes"], result.skipped) == (3, 3, ())
    assert_lint_clean(deck)


def test_table_rows_with_column_headings_as_context() -> None:
    result = extract_report(read("salary_table.md"))
    deck = result.deck

    def row(level: str) -> str:
        return f"Salary by level: what are the General PM and AI PM for Level “{level}”?"

    assert cards_of(deck) == [
        ("basic", "Introduction (line 3)", "What is the TL;DR of “AI PM Salaries by Level in 2025”?"),
        (
            "cloze",
            "Introduction (line 3)",
            "TL;DR: AI PM base pay runs {{c1::10-20%}} above general PM base pay at every level.",
        ),
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
    assert [(s.line, s.reason) for s in result.skipped] == [(5, "navigation"), (17, "empty section"), (23, "footer")]
    assert deck.description == "AI PM base pay runs 10-20% above general PM base pay at every level"
    assert_lint_clean(deck)


def test_report_lists_each_structure_and_what_was_skipped() -> None:
    report = extract_report(read("plain_questions.txt"), "plain.txt").report().splitlines()
    assert report == [
        "plain.txt: deck 'from-data-scientist-to-ml-pm-what-changes-and', 12 cards",
        "  TL;DR summary:          1",
        "  question sections:      2",
        "  FAQ items:              1",
        "  interview questions:    1",
        "  mistakes:               1",
        "  table rows:             0 (from 0 tables)",
        "  figures:                4",
        "  contrasts:              2",
        "  skipped:                2",
        "    line 21: call to action: Ready to land your ML PM offer?",
        "    line 22: call to action: Get the complete ML PM Interview Course →",
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
    assert [(c.section, c.front, c.answer) for c in result.deck.cards if isinstance(c, BasicCard)] == [
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
        "How do panels test judgement?\n"
        "The interviewer asked: “Who decides when the model is good enough?” Two candidates froze. "
        "The strongest answer named the PM and the metric.\n"
        "Another candidate couldn't explain how they would roll back a bad model, so the panel passed.\n"
        "Rollbacks need a kill switch and an owner who can use it at night.\n"
        "A strong AI PM asks: “What would a wrong answer cost the user?” not “Which optimizer do we use?”\n"
    )
    result = extract_report(text)
    questions = [c for c in result.deck.cards if isinstance(c, InterviewCard)]
    assert [(c.section, c.question, c.key_points) for c in questions] == [
        (
            "How do panels test judgement? (line 3)",
            "Who decides when the model is good enough?",
            "- The strongest answer named the PM and the metric.\n"
            "- Another candidate couldn't explain how they would roll back a bad model, so the panel passed.",
        ),
        (
            "How do panels test judgement? (line 4)",
            "Explain how you would roll back a bad model.",
            "- Rollbacks need a kill switch and an owner who can use it at night.",
        ),
        (
            "How do panels test judgement? (line 6)",
            "What would a wrong answer cost the user?",
            "Nearest advice in the article (“How do panels test judgement?”):\n"
            "- Rollbacks need a kill switch and an owner who can use it at night.",
        ),
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
        ("It is not only fast but also cheap.", None),
        ("You don’t need to train models.", None),
    ],
)
def test_not_x_but_y_contrasts(sentence: str, hidden: str | None) -> None:
    span = contrast(sentence)
    assert (sentence[span[0] : span[1]] if span else None) == hidden


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
        ("Get experience with AI features in your current role.", ""),
        ("General PMs who understood ads and subscriptions survived.", ""),
        ("Start by building deep AI understanding through courses and hands-on use.", ""),
    ],
)
def test_non_content_is_recognised(text: str, reason: str) -> None:
    assert noise_reason(text) == reason


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Title: From the Title Line\nWhat is it?\nIt is a thing that costs $5K.\n", "From the Title Line"),
        ("---\ntitle: 'Front Matter'\n---\n# Heading Title\nWhat is it?\nA thing.\n", "Front Matter"),
        ("Intro text first, 5% of it.\n\n# The Heading Title\n\nWhat is it?\nA thing.\n", "The Heading Title"),
        (
            "Most candidates who switch into AI product roles take about 9 months to do it, and most regret "
            "nothing about the move.\n",
            "Most candidates who switch into AI product roles take about 9 months to do it",
        ),
    ],
)
def test_title_sources(text: str, title: str) -> None:
    assert pmcards.extract(text).title == title


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
        ("hello world\nthis is just some text\n", "notes.txt: nothing recognizable"),
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
        ]
    ),
)


def check_lint_clean_or_own_error(text: str | bytes) -> None:
    try:
        deck = pmcards.extract(text)
    except ExtractError:
        return
    assert_lint_clean(deck)


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
    with pytest.raises(ExtractError, match="already exists"):
        save_decks([two], target)
    assert target.read_text(encoding="utf-8") == write_deck(one)
    assert save_decks([two], target, overwrite=True) == [target]

    folder = tmp_path / "drafts"
    assert save_decks([one, two], folder) == [folder / f"{one.id}.md", folder / f"{two.id}.md"]
    assert lint([folder]) == []
    with pytest.raises(ExtractError, match="same deck id"):
        save_decks([one, one], tmp_path / "other")
    assert not (tmp_path / "other").exists()
    with pytest.raises(ExtractError, match="is a file"):
        save_decks([one, two], target)
    with pytest.raises(ExtractError, match="no such folder"):
        save_decks([one], tmp_path / "missing" / "deck.md")


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
    code, out, err = run(str(ARTICLES / "salary_table.md"), "-o", str(target), "--report")
    assert (code, out) == (0, "")
    assert "  table rows:             3 (from 1 table)" in err.splitlines()
    assert "    line 17: empty section: Methodology" in err.splitlines()
    assert err.splitlines()[-1] == f"{target}: 6 cards from {ARTICLES / 'salary_table.md'}"
    assert lint([target]) == []


def test_cli_writes_one_deck_per_article_into_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    articles = sorted(str(path) for path in ARTICLES.iterdir())
    code, out, err = run(*articles, "--output", str(folder))
    assert (code, out) == (0, "")
    assert len(err.splitlines()) == len(articles)
    assert len(list(folder.glob("*.md"))) == len(articles)
    assert lint([folder]) == []
    assert run(*articles, "-o", str(folder))[0] == 1
    assert run(*articles, "-o", str(folder), "--force")[0] == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "no such file"),
        ("latin1.txt", "Qu’est-ce que c’est? Réponse: 10 %".encode("latin-1", "replace"), "not UTF-8"),
        ("empty.txt", b"", "empty article"),
        ("nothing.txt", b"Some Notes\njust some words, and a few more.\n", "nothing recognizable"),
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
