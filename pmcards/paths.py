"""Where pmcards finds its built-in decks and keeps its default database."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from platformdirs import user_data_path

DB_ENV = "PMCARDS_DB"
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


def user_db() -> Path:
    """`pmcards.db` in the user data folder: the database when neither `--db` nor `$PMCARDS_DB` names one."""
    return user_data_path("pmcards", appauthor=False) / "pmcards.db"
