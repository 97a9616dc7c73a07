"""Where pmcards finds its built-in decks and keeps its default database."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from platformdirs import user_data_path

DB_ENV = "PMCARDS_DB"
LEARNER_ENV = "PMCARDS_LEARNER"
DECKS_ENV = "PMCARDS_DECKS"


def builtin_decks() -> Path:
    """The folder of decks shipped with pmcards (inside the wheel, or `decks/` in a checkout)."""
    packaged = Path(__file__).parent / "decks"
    if packaged.is_dir():
        return packaged
    return Path(__file__).parent.parent / "decks"


def default_deck_paths(remembered: Sequence[str] = ()) -> list[Path]:
    """The deck paths used when none are given: `$PMCARDS_DECKS` (path-separated), else the
    `remembered` ones (the folders of the last explicit sync), else the built-in decks."""
    configured = os.environ.get(DECKS_ENV, "")
    folders = [Path(part).expanduser() for part in configured.split(os.pathsep) if part.strip()]
    return folders or [Path(path) for path in remembered] or [builtin_decks()]


def chosen_database(given: str | os.PathLike[str] | None) -> str:
    """The database to open: the one `given`, else `$PMCARDS_DB`, else `user_db()`."""
    if given is not None:
        return os.fspath(given)
    return os.environ.get(DB_ENV) or str(user_db())


def chosen_learner(given: str | None) -> str | None:
    """Whose collection to open: the learner `given`, else `$PMCARDS_LEARNER`, else nobody in particular."""
    return given if given is not None else os.environ.get(LEARNER_ENV) or None


def user_db() -> Path:
    """`pmcards.db` in the user data folder: the database when neither `--db` nor `$PMCARDS_DB` names one."""
    return user_data_path("pmcards", appauthor=False) / "pmcards.db"
