"""The exceptions pmcards raises. Every error a user can cause is a `PmcardsError`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeAlias

Severity: TypeAlias = Literal["error", "warning"]


class PmcardsError(Exception):
    """Base class of every error pmcards raises for bad input or a bad state."""


@dataclass(frozen=True)
class Problem:
    """One defect in a deck file: where it is, what is wrong, and how bad it is (an error keeps the
    deck set from loading; a warning, such as a draft card still to finish, does not)."""

    file: Path
    line: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        """`file:line: message` (`file:line: warning: message` for a warning); line 0 means the whole file."""
        where = f"{self.file}:{self.line}" if self.line else f"{self.file}"
        label = "warning: " if self.severity == "warning" else ""
        return f"{where}: {label}{self.message}"


class DeckError(PmcardsError):
    """A deck file or deck set has problems; `problems` lists every one of them."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        if not problems:
            raise ValueError("DeckError needs at least one problem")
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))

    @property
    def file(self) -> Path:
        """The file of the first problem."""
        return self.problems[0].file

    @property
    def line(self) -> int:
        """The line of the first problem."""
        return self.problems[0].line


class StoreError(PmcardsError):
    """The database cannot be opened, read or written (names the path or URL at fault)."""


class SchemaError(StoreError):
    """The database was made by a newer pmcards, or is not a pmcards database."""


class NotFoundError(PmcardsError):
    """A deck or card named by the caller does not exist."""


class SettingError(PmcardsError):
    """A setting's name or value is invalid (names the setting)."""


class RatingError(PmcardsError):
    """A rating is not one of 1-4 or Again/Hard/Good/Easy."""


class ExtractError(PmcardsError):
    """An article cannot be turned into a deck (names the article: empty, not UTF-8, nothing recognizable)."""
