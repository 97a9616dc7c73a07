"""The learner's settings as stored: the values set globally or for one deck, on top of the defaults.

Read settings are kept until the database changes: by this collection's own writes, or by
another connection's (which the backend's data version shows, where it can tell).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import delete, insert, select, update

from pmcards.schedule.settings import DEFAULTS, Settings, check_key, check_setting, decode_stored
from pmcards.store import Database
from pmcards.store.schema import settings as settings_table

_STORED = select(settings_table.c.scope, settings_table.c.key, settings_table.c.value_json)
SettingsOf = Callable[[str], Settings]
"""Effective settings by deck id ("" for the learner)."""


class Configuration:
    """Reads and writes the settings of one collection."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._cache: tuple[int, dict[str, dict[str, Any]], SettingsOf] | None = None

    def forget(self) -> None:
        """Read the settings again next time (after a write that may have been rolled back)."""
        self._cache = None

    def stored(self) -> dict[str, dict[str, Any]]:
        """The settings stored in the database: scope ("" for global, else a deck id) -> key -> value."""
        return self._read()[0]

    def settings_of(self) -> SettingsOf:
        """Effective settings by deck id: defaults, then the global values, then the deck's."""
        return self._read()[1]

    def _read(self) -> tuple[dict[str, dict[str, Any]], SettingsOf]:
        with self._db.read():  # part of the caller's transaction, if there is one
            version = self._db.data_version()
            if self._cache is not None and version is not None and self._cache[0] == version:
                return self._cache[1], self._cache[2]
            rows = self._db.run(_STORED, {}).rows
        stored: dict[str, dict[str, Any]] = {}
        for scope, key, value_json in rows:
            stored.setdefault(scope, {})[key] = decode_stored(scope, key, value_json)
        learner = DEFAULTS.with_values(stored.get("", {}))
        by_deck = {scope: learner.with_values(values) for scope, values in stored.items() if scope}
        self._cache = (version or 0, stored, lambda deck_id: by_deck.get(deck_id, learner))
        return self._cache[1], self._cache[2]

    def set(self, key: str, value: Any, scope: str = "") -> Any:
        """Store a setting (checked first; `SettingError` names it when invalid); return the value as stored."""
        checked = check_setting(key, value, per_deck=bool(scope))
        value_json = json.dumps(checked)
        where = (settings_table.c.scope == scope, settings_table.c.key == key)
        with self._db.write() as connection:
            if not connection.execute(update(settings_table).where(*where).values(value_json=value_json)).rowcount:
                connection.execute(insert(settings_table).values(scope=scope, key=key, value_json=value_json))
        self._cache = None
        return checked

    def unset(self, key: str, scope: str = "") -> None:
        """Remove a stored setting, so the global value or the default applies again."""
        check_key(key, per_deck=bool(scope))
        with self._db.write() as connection:
            connection.execute(
                delete(settings_table).where(settings_table.c.scope == scope, settings_table.c.key == key)
            )
        self._cache = None
