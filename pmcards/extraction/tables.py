"""Tables: one card per row, with the section and the column headings as its context."""

from __future__ import annotations

from pmcards.extraction.article import Article, Skipped
from pmcards.extraction.draft import Draft, basic, bullets
from pmcards.extraction.text import strip_markdown


def _names(headers: list[str]) -> str:
    if len(headers) == 1:
        return f"the {headers[0]}"
    return "the " + ", ".join(headers[:-1]) + f" and {headers[-1]}"


def find_tables(article: Article) -> tuple[list[Draft], int, list[Skipped]]:
    """A card per table row (the first cell names the row, the other cells answer), and how many tables."""
    drafts: list[Draft] = []
    skipped: list[Skipped] = []
    tables = 0
    for section, block in article.blocks():
        if block.kind != "table" or len(block.rows) < 2:
            continue
        tables += 1
        header = [strip_markdown(cell) or f"column {number}" for number, cell in enumerate(block.rows[0].cells, 1)]
        for line, row in block.rows[1:]:
            cells = [strip_markdown(cell) for cell in row]
            values = [(header[i], cell) for i, cell in enumerate(cells[1:], 1) if i < len(header) and cell]
            if not cells or not cells[0] or not values:
                skipped.append(Skipped(line, "table row without a name or values", " | ".join(cells)))
                continue
            verb = "is" if len(values) == 1 else "are"
            question = (
                f"{section.title}: what {verb} {_names([name for name, _ in values])} for {header[0]} “{cells[0]}”?"
            )
            drafts.append(basic("tables", section.title, line, question, bullets([f"{n}: {v}" for n, v in values])))
    return drafts, tables, skipped
