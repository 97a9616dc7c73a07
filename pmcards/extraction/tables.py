"""Tables: one card per row, with the section and the column headings as its context; a table of
questions (its first column headed "Question") gives an interview card per question (a TODO where
its answer column is empty or says the answer is still to come), and a glossary
(a column of terms beside a column of definitions, or any two-column table under a glossary-like
heading) a definition card per term ("What does “RAG” mean?"), its other columns ("Example")
after the definition. A table of figures only (three or more columns of numbers: the data of a worked
example) gives no cards."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pmcards.extraction.answers import label_kind, puts_off
from pmcards.extraction.article import Article, Row, Section, Skipped
from pmcards.extraction.concepts import GLOSSARY, term_question
from pmcards.extraction.draft import Draft, Found, Usage, basic, bullets, interview
from pmcards.extraction.text import strip_markdown

_ASKING = re.compile(r"(?:interview |sample |common |typical )?(?:question|prompt)s?", re.IGNORECASE)
_TERM = re.compile(r"terms?|words?|acronyms?|abbreviations?|concepts?|jargon|buzzwords?|phrases?|names?", re.IGNORECASE)
_DEFINITION = re.compile(
    r"definitions?|meanings?|means|what it means|stands for|(?:in )?plain (?:english|words)|(?:what it is|descriptions?"
    r"|explanations?|(?:in )?short|what (?:it|that) does)(?P<weak>)",
    re.IGNORECASE,
)
"""A column of definitions: by itself ("Definition", "Meaning"), or beside a column of terms ("Description")."""
_DATA_COLUMNS = 3
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W\d_]{2,}")


def _names(headers: list[str]) -> str:
    if len(headers) == 1:
        return f"the {headers[0]}"
    return "the " + ", ".join(headers[:-1]) + f" and {headers[-1]}"


def find_tables(article: Article, usage: Usage) -> Found:
    """A card per table row: the first cell names the row, the other cells answer."""
    found = Found()
    for section, block in article.blocks():
        if block.kind != "table" or len(block.rows) < 2:
            continue
        found.use([block])
        if _figures_only(block.rows[1:]):
            found.skipped.append(Skipped(block.line, "table of figures (the data of a worked example)", ""))
            continue
        header = [strip_markdown(cell) or f"column {number}" for number, cell in enumerate(block.rows[0].cells, 1)]
        glossary = _glossary(section, header)
        for line, row in block.rows[1:]:
            cells = [strip_markdown(cell) for cell in row]
            if glossary and len(cells) > 1 and cells[0] and cells[1]:
                found.drafts.append(_definition(section, line, header, cells))
                continue
            values = [(header[i], cell) for i, cell in enumerate(cells[1:], 1) if i < len(header) and cell]
            if not cells or not cells[0] or not values:
                found.skipped.append(Skipped(line, "table row without a name or values", " | ".join(cells)))
                continue
            answer = bullets([f"{name}: {value}" for name, value in values])
            if _ASKING.fullmatch(header[0]):
                found.drafts.append(interview(section.title, line, cells[0], _row_answer(header, cells, answer)))
                continue
            verb = "is" if len(values) == 1 else "are"
            where = "" if section.origin == "lead" else f"{section.title}: "
            question = f"{where}what {verb} {_names([name for name, _ in values])} for {header[0]} “{cells[0]}”?"
            found.drafts.append(basic("tables", section.title, line, question, answer))
    return found


def _figures_only(rows: Sequence[Row]) -> bool:
    """Whether a table is the data of a calculation: at least `_DATA_COLUMNS` columns beside the row names,
    every cell of them a number ("6,500", "89%", "$8,580", "+7.5%"); its rows are steps of a worked example,
    each no fact of its own (the prose around it says what they show)."""
    values = [row.cells[1:] for row in rows]
    return all(len(cells) >= _DATA_COLUMNS for cells in values) and all(
        _DIGIT.search(cell) and not _WORD.search(cell) for cells in values for cell in cells
    )


def _row_answer(header: list[str], cells: list[str], values: str) -> str:
    """A question row's answer: its values, or "" (a TODO) when the table has an answer column that the
    row leaves empty or fills with a promise ("TBD: to fill in after the workshop"): the other cells
    (the round, what it tests) say about the question, not what to answer."""
    columns = [i for i, name in enumerate(header) if i and label_kind(name) == "answer"]
    if not columns:
        return values
    given = [cells[i] for i in columns if i < len(cells) and cells[i]]
    return values if given and not puts_off(given[0]) else ""


def _glossary(section: Section, header: list[str]) -> bool:
    """Whether a table is a glossary: its second column holds definitions of what the first names, by their
    headings ("Term | Meaning", "Metric | Definition"), or it has two columns under a glossary-like heading."""
    if len(header) < 2:
        return False
    defined = _DEFINITION.fullmatch(header[1])
    if defined and (defined.group("weak") is None or _TERM.fullmatch(header[0])):
        return True
    return len(header) == 2 and any(GLOSSARY.search(title) for title in section.context)


def _definition(section: Section, line: int, header: list[str], cells: list[str]) -> Draft:
    """A glossary row as a definition card: the definition, then the other columns by their headings."""
    more = [f"{header[i]}: {cell}" for i, cell in enumerate(cells[2:], 2) if i < len(header) and cell]
    answer = "\n\n".join([cells[1], *more])
    return basic("definitions", section.title, line, term_question(cells[0]), answer)


def count_tables(article: Article) -> int:
    """How many tables (a heading row and at least one more) the article has."""
    return sum(1 for _, block in article.blocks() if block.kind == "table" and len(block.rows) >= 2)
