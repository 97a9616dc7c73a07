"""Indentation that Markdown shows as code where none was meant.

In CommonMark a line indented by four columns (a tab, or four spaces) that does not continue a
paragraph or a list item starts a code block: an editor that indents a list with tabs turns it
into code. `unmeant_code` finds such blocks in a field's text; `unindent` removes one level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pmcards.format.cloze import MAX_MARKDOWN_CHECKED

_INDENT = re.compile(r"^(?: {0,3}\t| {4})")
"""One level of indentation: Markdown's four columns, a tab counting as the rest of them."""
_INDENTED_LINE = re.compile(r"^(?: {0,3}\t| {4})[ \t]*\S", re.MULTILINE)
_LIST_ITEM = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


@dataclass(frozen=True)
class IndentedCode:
    """A code block made by indentation alone: its lines in the text (0-based, blank lines left
    out), and what it is ("text indented with a tab", "list indented by 4 spaces")."""

    lines: tuple[int, ...]
    what: str


def unmeant_code(text: str) -> list[IndentedCode]:
    """The indented code blocks of `text` that look unmeant: indented with a tab, or with spaces
    before a list item (four spaces before anything else is the usual way to write code). Fenced
    code, list items' continuations and paragraphs' continuations are not code blocks; a text with
    no indented line, or longer than `MAX_MARKDOWN_CHECKED`, is not read."""
    if not _INDENTED_LINE.search(text) or len(text) > MAX_MARKDOWN_CHECKED:
        return []
    from markdown_it import MarkdownIt

    lines = text.split("\n")
    found = []
    for token in MarkdownIt("commonmark").parse(text):
        if token.type != "code_block" or token.map is None:
            continue
        numbers = tuple(number for number in range(*token.map) if lines[number].strip())
        first = lines[numbers[0]]
        whitespace = first[: len(first) - len(first.lstrip(" \t"))]
        if "\t" in whitespace:
            found.append(IndentedCode(numbers, "text indented with a tab"))
        elif _LIST_ITEM.match(first.lstrip(" ")):
            found.append(IndentedCode(numbers, f"list indented by {len(whitespace)} spaces"))
    return found


def unindent(line: str) -> str:
    """`line` with one level of indentation removed (a tab, or up to four spaces)."""
    return _INDENT.sub("", line, count=1)
