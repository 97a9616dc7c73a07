"""Writing draft decks: one deck to a file, several into a folder, all of them or none.

Files get the user's umask like any file the user creates (an existing file keeps its mode), a
symbolic link at a target counts as an existing file and is never followed, and a write that
fails (a full disk, a read-only folder) leaves nothing behind but an `ExtractError`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from pmcards.errors import ExtractError
from pmcards.files import write_beside
from pmcards.format.cards import Deck
from pmcards.format.deckfile import write_deck

PathArg = str | os.PathLike[str]


class DeckFileExists(ExtractError):
    """A deck file to write exists already (or a symbolic link is in its place); `path` names it.

    `replace_with` is how the caller asks for it to be replaced: the API's `overwrite=True`, or
    an option of the command that called it, such as `--force`.
    """

    def __init__(self, path: Path, replace_with: str = "overwrite=True") -> None:
        self.path = path
        super().__init__(f"{path}: already exists (use {replace_with} to replace it)")


def _is_folder(output: Path, count: int) -> bool:
    """Whether `output` names a folder: an existing one, a path ending in a separator, or a new
    path without a file suffix when there are several decks."""
    if output.is_dir() or str(output).endswith(("/", os.sep)):
        return True
    return count > 1 and not output.suffix and not os.path.lexists(output)


def targets(decks: Sequence[Deck], output: PathArg) -> list[Path]:
    """Where each deck goes: `output` itself for one deck (unless it is a folder), else `<deck id>.md` in it."""
    output = Path(output)
    if not _is_folder(output, len(decks)):
        if len(decks) > 1:
            what = "is a file" if os.path.lexists(output) else "names one file"
            raise ExtractError(f"{output}: {what}, but there are {len(decks)} decks; give a folder to write several")
        if not output.parent.is_dir():
            raise ExtractError(f"{output.parent}: no such folder")
        return [output]
    found: list[Path] = []
    for deck in decks:
        target = output / f"{deck.id}.md"
        if target in found:
            raise ExtractError(f"two articles give the same deck id '{deck.id}'; give one of them another title")
        found.append(target)
    return found


def save_decks(decks: Sequence[Deck], output: PathArg, *, overwrite: bool = False) -> list[Path]:
    """Write decks as deck files: one deck to a file (or into a folder), several into a folder
    (created if missing) as `<deck id>.md`. Nothing is written if any target exists (a symbolic
    link included) and `overwrite` is False (`DeckFileExists`), or if any file cannot be written."""
    found = targets(decks, output)
    texts = [write_deck(deck).encode("utf-8") for deck in decks]
    if not overwrite:
        for target in found:
            if os.path.lexists(target):
                raise DeckFileExists(target)
    folder = found[0].parent
    created = not folder.exists()
    temporaries: list[Path] = []
    current = folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for current, data in zip(found, texts, strict=True):
            temporaries.append(write_beside(current, data))
        for temporary, current in zip(temporaries, found, strict=True):
            os.replace(temporary, current)
    except OSError as error:
        for temporary in temporaries:
            temporary.unlink(missing_ok=True)
        if created and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
        raise ExtractError(f"{current}: cannot write ({error.strerror or error})") from None
    return found
