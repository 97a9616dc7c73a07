"""Threads saved as text (a chain of short numbered posts): one text cut into posts, with furniture around it.

A thread is recognised by its counters: at least three posts end in "n/N" (or "(n/N)") with the same N.
A counter, and a line of nothing but hashtags, is furniture. A post ends at its counter or at a `---`
line. A post that opens with a short one-sentence line and explains it in the lines below
("Latency is a feature." / "Every extra second ...") reads as one paragraph opening with that
sentence in bold, the shape the finders read as a point and its explanation. Lines keep their
numbers: a merged post sits on its first line and leaves the others blank.
"""

from __future__ import annotations

import re
from collections import defaultdict

_COUNTER = re.compile(r"(?:^|[ \t])\(?(\d{1,3})/(\d{1,3})\)?[ \t]*$")
_HASHTAGS = re.compile(r"#\w{1,60}(?:[ \t]{1,4}#\w{1,60}){0,30}")
_BREAK = re.compile(r"[-*_]{3,}")
_LIST_MARK = re.compile(r"(?:[-*+•→❌✅▫️]|\d{1,3}[.)])[ \t]")
_MIN_POSTS = 3
_HEADLINE_WORDS = 12


def _counters(lines: list[str]) -> dict[int, int]:
    """The thread's counters: each counted line's index and its position in the thread; {} when there is no thread."""
    found: dict[int, dict[int, int]] = defaultdict(dict)
    for index, line in enumerate(lines):
        if line[-1:].isdigit() or line[-1:] == ")":
            match = _COUNTER.search(line)
            if match and 0 < int(match.group(1)) <= int(match.group(2)):
                found[int(match.group(2))][index] = int(match.group(1))
    if not found:
        return {}
    counted = max(found.values(), key=lambda posts: len(set(posts.values())))
    return counted if len(set(counted.values())) >= _MIN_POSTS else {}


def _headline(line: str, rest: list[str]) -> bool:
    """Whether a post's first line is a one-sentence headline that the rest of the post explains."""
    one_sentence = line[-1:] in ".!" and ". " not in line[:-1] and line[:1].isupper()
    listed = any(_LIST_MARK.match(text) for text in rest)
    return one_sentence and len(line.split()) <= _HEADLINE_WORDS and not listed and "**" not in line


def _post(lines: list[str], start: int, end: int) -> None:
    """Rewrite the post lines[start:end] in place: a headline and its explanation become one paragraph."""
    used = [index for index in range(start, end) if lines[index].strip()]
    if len(used) < 2:
        return
    rest = [lines[index].strip() for index in used[1:]]
    if not _headline(lines[used[0]].strip(), rest):
        return
    lines[used[0]] = f"**{lines[used[0]].strip()}** {' '.join(rest)}"
    for index in used[1:]:
        lines[index] = ""


def read_thread(lines: list[str]) -> list[str]:
    """An article's lines with a thread's counters and hashtag lines removed and its headline posts joined;
    any other article's lines unchanged."""
    counters = _counters(lines)
    if not counters:
        return lines
    lines = list(lines)
    start = 0
    for index, line in enumerate(lines):
        stripped = line.strip()
        if index in counters:
            match = _COUNTER.search(line)
            lines[index] = line[: match.start()].rstrip() if match else line
        elif stripped[:1] == "#" and _HASHTAGS.fullmatch(stripped):
            lines[index] = ""
        if index in counters or _BREAK.fullmatch(stripped):
            _post(lines, start, index + 1 if index in counters else index)
            start = index + 1
    _post(lines, start, len(lines))
    return lines
