"""Text from decks, files and the database made inert for a terminal.

A deck file, a file name or a stored setting can hold control characters: ESC starts the escape
sequences that retitle a window (`ESC ] 0 ; ... BEL`), write the clipboard (OSC 52) or move the
cursor, and the C1 controls (U+0080-U+009F) do the same on some terminals. Everything pmcards
prints that comes from such text goes through `inert` first, which shows each control character
as a visible escape (`\\x1b`) instead, keeping only newline and tab.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pmcards.format.cards import CONTROL_CHARACTERS

if TYPE_CHECKING:  # rich is heavy; `pmcards --help` does without it
    from rich.text import Text

_RAW_IN_JSON = re.compile("[\x7f-\x9f]")
"""The control characters that JSON leaves as they are (it escapes C0 itself)."""


def inert(text: str) -> str:
    """`text` safe to print: each control character but newline and tab written as `\\xNN`."""
    return CONTROL_CHARACTERS.sub(_escaped, text)


def plain(text: str, style: str = "") -> Text:
    """`text` as a rich `Text`: inert, and never read as console markup (a deck title such as
    "[/b] pay" is shown as written)."""
    from rich.text import Text

    return Text(inert(text), style=style)


def _escaped(found: re.Match[str]) -> str:
    return f"\\x{ord(found.group()):02x}"


def inert_json(text: str) -> str:
    """JSON text safe to print, with the same meaning: DEL and the C1 controls as `\\u00NN`."""
    return _RAW_IN_JSON.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
