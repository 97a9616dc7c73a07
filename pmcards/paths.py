"""Where pmcards finds its built-in decks and keeps its default database."""

from __future__ import annotations

import os
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


def default_deck_paths() -> list[Path]:
    """The deck folders used when none are given: `$PMCARDS_DECKS` (path-separated), else the built-in decks."""
    configured = os.environ.get(DECKS_ENV, "")
    folders = [Path(part).expanduser() for part in configured.split(os.pathsep) if part.strip()]
    return folders or [builtin_decks()]


def default_db() -> str:
    """The database to use when none is given: `$PMCARDS_DB`, else `pmcards.db` in the user data folder."""
    return os.environ.get(DB_ENV) or str(user_data_path("pmcards", appauthor=False) / "pmcards.db")
