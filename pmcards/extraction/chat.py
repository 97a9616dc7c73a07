"""Chat exports (Slack, Discord, Teams): who wrote each message, and which lines are no message at all.

An export puts each message under a header line naming its author and time, in any order and
with any separators: "Tue 10:02  Sam Okoye", "Sam Okoye  10:02 AM", "[09:14] sam.k",
"Priya N. — Today at 4:12 PM", "[5/14 9:03 AM] Lee Chan:". The message is every line after the
header up to the next one. An article is a chat export when such headers recur: at least four,
by at least two authors who each write twice. Reaction lines under a message ("👍 3   💯 1",
":+1: 2") count who liked it and are no content.
"""

# ruff: noqa: RUF001

from __future__ import annotations

import re
from collections import Counter

_WHEN = (
    r"\[?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}\.?,?[ \t]+|(?:today|yesterday)(?:[ \t]+at)?[ \t]+"
    r"|\d{1,4}[/.-](?:\d{1,2}|[a-z]{3,9})(?:[/.-]\d{2,4})?,?[ \t]+|[a-z]{3,9}\.?[ \t]+\d{1,2},?[ \t]+)?"
    r"\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]*[ap]\.?m\.?)?\]?"
)
_NAME = r"@?[A-Za-z][\w.'’-]{0,30}(?:[ \t][A-Za-z][\w.'’-]{0,30}){0,3}(?:[ \t]\([\w .-]{1,20}\))?"
_SEPARATOR = r"[ \t]*(?:[-–—|·,•][ \t]*)?"
_HEADER = re.compile(
    rf"(?:{_WHEN}){_SEPARATOR}(?:\*\*)?(?P<after>{_NAME})(?:\*\*)?[ \t]*:?"
    rf"|(?:\*\*)?(?P<before>{_NAME})(?:\*\*)?{_SEPARATOR}(?:{_WHEN})[ \t]*:?",
    re.IGNORECASE,
)
_MIN_HEADERS = 4
_REACTION = re.compile(
    r"(?:(?::[\w+-]{1,40}:|[^\w\s\[\]().,;:!?'\"#*/\\<>=-]{1,8})[ \t]*(?:\d{1,4}|\(\d{1,4}\))[ \t]*){1,12}"
    r"|[{\[]\w{1,20}[}\]]"
)
_REPLYING = re.compile(r"\W{0,3}(?:replying|in reply) to\b", re.IGNORECASE)
_BOT = re.compile(r"(?:^|[\W_])bot$", re.IGNORECASE)


def _author(line: str) -> str:
    """The author a message header line names, or ""."""
    if len(line) > 80 or ":" not in line:
        return ""
    match = _HEADER.fullmatch(line)
    if match is None:
        return ""
    name = (match.group("after") or match.group("before")).lstrip("@").split("(")[0].strip()
    return "" if name[:1].isdigit() else name


def chat_authors(lines: list[str]) -> dict[int, str]:
    """For a chat export, each header line's index and the author it names; {} for any other article."""
    authors = {index: name for index, line in enumerate(lines) if (name := _author(line.strip()))}
    counts = Counter(authors.values())
    if len(authors) < _MIN_HEADERS or sum(1 for count in counts.values() if count >= 2) < 2:
        return {}
    return authors


def reaction(line: str) -> bool:
    """Whether a line is no message text: it counts reactions (emoji or `:name:` codes, each with a number,
    or a `{Reactions}` marker over them) or says which message a reply answers ("↪ replying to ...")."""
    if line[:1].isalnum() and not _REPLYING.match(line):
        return False
    return bool(_REACTION.fullmatch(line) or _REPLYING.match(line))


def quoted_reply(line: str) -> str:
    """The start of the message a "replying to" line quotes, without quote marks or ellipsis, or ""."""
    if not _REPLYING.match(line) or ":" not in line:
        return ""
    return line.split(":", 1)[1].strip().strip("\"“”'‘’ ").removesuffix("...").removesuffix("…").strip()


def bot(author: str) -> bool:
    """Whether a message's author is a bot ("standup-bot", "Standup Bot"): its lines are no one's answer."""
    return bool(_BOT.search(author))
