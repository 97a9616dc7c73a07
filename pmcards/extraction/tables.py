"""Tables: one card per row, with the section and the column headings as its context; a table of
questions (its first column headed "Question") gives an interview card per question."""

from __future__ import annotations

import re

from pmcards.extraction.article import Article, Skipped
from pmcards.extraction.draft import Found, Usage, basic, bullets, interview
from pmcards.extraction.text import strip_markdown

_ASKING = re.compile(r"(?:interview |sample |common |typical )?(?:question|prompt)s?", re.IGNORECASE)


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
        header = [strip_markdown(cell) or f"column {number}" for number, cell in enumerate(block.rows[0].cells, 1)]
        for line, row in block.rows[1:]:
            cells = [strip_markdown(cell) for cell in row]
            values = [(header[i], cell) for i, cell in enumerate(cells[1:], 1) if i < len(header) and cell]
            if not cells or not cells[0] or not values:
                found.skipped.append(Skipped(line, "table row without a name or values", " | ".join(cells)))
                continue
            answer = bullets([f"{name}: {value}" for name, value in values])
            if _ASKING.fullmatch(header[0]):
                found.drafts.append(interview(section.title, line, cells[0], answer))
                continue
            verb = "is" if len(values) == 1 else "are"
            where = "" if section.origin == "lead" else f"{section.title}: "
            question = f"{where}what {verb} {_names([name for name, _ in values])} for {header[0]} “{cells[0]}”?"
            found.drafts.append(basic("tables", section.title, line, question, answer))
    return found


def count_tables(article: Article) -> int:
    """How many tables (a heading row and at least one more) the article has."""
    return sum(1 for _, block in article.blocks() if block.kind == "table" and len(block.rows) >= 2)
