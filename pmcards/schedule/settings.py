"""Scheduling settings: their defaults, how values are parsed and checked, and per-deck overrides.

Each setting is stored as JSON in the `settings` table, globally or for one deck. A setting that
only makes sense for the learner as a whole (time zone, day rollover) cannot be set per deck.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fsrs import Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from pmcards.errors import SettingError
from pmcards.schedule.day import EARLIEST, LATEST
from pmcards.schedule.exam import Exam

_STEP_RE = re.compile(r"(\d{1,9}(?:\.\d{1,6})?)\s*([smhd])")
_UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
MAX_STEP = timedelta(days=365)


def parse_steps(text: str) -> tuple[timedelta, ...]:
    """Parse learning steps such as "1m 10m" or "10m, 1h": whole seconds from 1s to 365d."""
    steps = []
    for part in (part for part in re.split(r"[\s,]+", text.strip()) if part):
        match = _STEP_RE.fullmatch(part)
        seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2)] if match else 0.0
        if not seconds.is_integer() or not 1 <= seconds <= MAX_STEP.total_seconds():
            raise ValueError(f"'{part}' is not a step like 30s, 10m, 1h or 1d (whole seconds, at most 365d)")
        steps.append(timedelta(seconds=seconds))
    return tuple(steps)


def format_steps(steps: tuple[timedelta, ...]) -> str:
    """The exact inverse of `parse_steps`, each step in its largest whole unit: "1m 10m 1d"."""
    parts = []
    for step in steps:
        seconds = int(step.total_seconds())
        unit = next(unit for unit, size in _UNIT_SECONDS.items() if seconds % size == 0)
        parts.append(f"{seconds // _UNIT_SECONDS[unit]}{unit}")
    return " ".join(parts)


def format_duration(span: timedelta) -> str:
    """A short human duration: 45s, 10m, 3h, 4d, 2.5mo, 1.2y."""
    seconds = span.total_seconds()
    for limit, unit, size in ((60, "s", 1), (3600, "m", 60), (86400, "h", 3600), (86400 * 30, "d", 86400)):
        if seconds < limit:
            return f"{round(seconds / size)}{unit}"
    if seconds < 86400 * 365:
        return f"{seconds / (86400 * 30):.1f}mo"
    return f"{seconds / (86400 * 365):.1f}y"


def _retention(value: Any) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ValueError("must be a number such as 0.9") from None
    if not 0.7 <= number <= 0.99:
        raise ValueError("must be between 0.7 and 0.99")
    return number


def _whole(value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError("must be a whole number")
    try:
        number = int(value)
    except (ValueError, OverflowError):
        raise ValueError("must be a whole number") from None
    if number < 0 <= low:
        raise ValueError("must not be negative")
    if not low <= number <= high:
        raise ValueError(f"must be from {low} to {high}")
    return number


def _limit(value: Any) -> int:
    return _whole(value, 0, 100_000)


def _interval(value: Any) -> int:
    return _whole(value, 1, 36_500)


def _lapses(value: Any) -> int:
    return _whole(value, 1, 1_000)


def _hour(value: Any) -> int:
    return _whole(value, 0, 23)


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("on", "true", "yes", "1"):
        return True
    if text in ("off", "false", "no", "0"):
        return False
    raise ValueError("must be on or off")


def _exam(value: Any) -> str:
    """An exam as JSON: from `Exam.to_json`, or a bare date (every card in scope); "" for none."""
    text = str(value).strip()
    if not text:
        return ""
    try:
        exam = Exam(date.fromisoformat(text)) if text[:1].isdigit() else Exam.from_json(text)
    except (ValueError, KeyError, TypeError):
        raise ValueError("must be a date such as 2026-12-15") from None
    if not EARLIEST.date() <= exam.day < LATEST.date():
        raise ValueError(f"must be a date from {EARLIEST.year} to {LATEST.year - 1}")
    return exam.to_json()


def _parameters(value: Any) -> tuple[float, ...]:
    """FSRS-6's 21 parameters (as `pmcards optimize` fits them), each within fsrs' bounds; none
    (an empty list or "") for fsrs' defaults. Given as a list, or as text with the numbers
    separated by commas or spaces (brackets allowed)."""
    if isinstance(value, str):
        parts: list[Any] = [part for part in re.split(r"[\s,\[\]]+", value) if part]
    elif isinstance(value, (list, tuple)):
        parts = list(value)
    else:
        raise ValueError("must be a list of numbers")
    if not parts:
        return ()
    if len(parts) != len(LOWER_BOUNDS_PARAMETERS):
        raise ValueError(f"must be {len(LOWER_BOUNDS_PARAMETERS)} numbers (FSRS-6), not {len(parts)}")
    numbers = []
    for index, (part, low, high) in enumerate(
        zip(parts, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True)
    ):
        try:
            number = float(part)
        except (TypeError, ValueError):
            raise ValueError(f"parameter {index} ({part!r}) is not a number") from None
        if not low <= number <= high:
            raise ValueError(f"parameter {index} is {number}, outside FSRS' range {low}-{high}")
        numbers.append(number)
    return tuple(numbers)


NEW_CARD_ORDERS = ("interleaved", "deck")


def _order(value: Any) -> str:
    text = str(value).strip().lower()
    if text not in NEW_CARD_ORDERS:
        raise ValueError(f"must be {' or '.join(NEW_CARD_ORDERS)}")
    return text


def _steps(value: Any) -> str:
    steps = parse_steps(str(value))
    return format_steps(steps)


def _folders(value: Any) -> tuple[str, ...]:
    parts = value if isinstance(value, (list, tuple)) else str(value).split(os.pathsep)
    return tuple(str(Path(str(part).strip()).expanduser().resolve()) for part in parts if str(part).strip())


def _zone(value: Any) -> str:
    text = str(value).strip()
    if text in ("", "system", "local"):
        return ""
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone '{text}' (use an IANA name such as Europe/Paris)") from None
    return text


@dataclass(frozen=True)
class Settings:
    """Effective scheduling settings (defaults, then global values, then the deck's overrides).

    desired_retention: the recall probability fsrs aims for at each review (0.7-0.99).
    learning_steps / relearning_steps: waits between same-day reviews of new and lapsed cards.
    maximum_interval: the longest interval in days. fuzz: spread due dates a little.
    new_per_day / reviews_per_day: daily limits. leech_threshold: lapses that make a leech.
    bury_siblings: after a new or review card is answered, the other cards of its note (the
    other deletions of a cloze, the other way of a reverse card) wait until the next day.
    new_card_order: "interleaved" (new cards taken from each deck in turn) or "deck" (deck by deck).
    fsrs_parameters: the FSRS-6 model's 21 parameters, fitted to the learner's log by `pmcards
    optimize`; empty for fsrs' defaults.
    exam: the interview to prepare for (`Exam` as JSON; "" for none), set by `pmcards exam`.
    rollover_hour: the local hour a new day starts. timezone: IANA name, "" for the system's.
    deck_folders: where `sync` looks by default (the paths of the last `sync` given some), else
    the built-in decks. new_card_order, exam and these three are the learner's, not a deck's.
    """

    desired_retention: float = 0.90
    learning_steps: str = "1m 10m"
    relearning_steps: str = "10m"
    maximum_interval: int = 36500
    fuzz: bool = True
    new_per_day: int = 20
    reviews_per_day: int = 200
    leech_threshold: int = 8
    bury_siblings: bool = True
    new_card_order: str = "interleaved"
    exam: str = ""
    rollover_hour: int = 4
    timezone: str = ""
    deck_folders: tuple[str, ...] = ()
    fsrs_parameters: tuple[float, ...] = ()

    @property
    def learning_step_times(self) -> tuple[timedelta, ...]:
        return parse_steps(self.learning_steps)

    @property
    def relearning_step_times(self) -> tuple[timedelta, ...]:
        return parse_steps(self.relearning_steps)

    @property
    def zone(self) -> ZoneInfo | None:
        """The learner's time zone; None means the system's local time."""
        return ZoneInfo(self.timezone) if self.timezone else None

    @property
    def planned_exam(self) -> Exam | None:
        """The exam being prepared for, if any."""
        return Exam.from_json(self.exam) if self.exam else None

    @cached_property
    def scheduler(self) -> Scheduler:
        """The fsrs scheduler for these settings (made once per settings value)."""
        return Scheduler(
            parameters=self.fsrs_parameters or DEFAULT_PARAMETERS,
            desired_retention=self.desired_retention,
            learning_steps=self.learning_step_times,
            relearning_steps=self.relearning_step_times,
            maximum_interval=self.maximum_interval,
            enable_fuzzing=self.fuzz,
        )

    def with_values(self, values: Mapping[str, Any]) -> Settings:
        """A copy with `values` (already checked) applied."""
        return replace(self, **values) if values else self


CHECKS: dict[str, Callable[[Any], Any]] = {
    "desired_retention": _retention,
    "learning_steps": _steps,
    "relearning_steps": _steps,
    "maximum_interval": _interval,
    "fuzz": _boolean,
    "new_per_day": _limit,
    "reviews_per_day": _limit,
    "leech_threshold": _lapses,
    "rollover_hour": _hour,
    "timezone": _zone,
    "deck_folders": _folders,
    "bury_siblings": _boolean,
    "new_card_order": _order,
    "exam": _exam,
    "fsrs_parameters": _parameters,
}
GLOBAL_ONLY = frozenset({"new_card_order", "exam", "rollover_hour", "timezone", "deck_folders"})
DEFAULTS = Settings()


def check_key(key: str, *, per_deck: bool = False) -> None:
    """Refuse an unknown setting, or a learner-wide one given for a deck."""
    if key not in CHECKS:
        raise SettingError(f"unknown setting '{key}' (settings: {', '.join(CHECKS)})")
    if per_deck and key in GLOBAL_ONLY:
        raise SettingError(f"setting '{key}' applies to the learner, not to one deck; set it without --deck")


def check_setting(key: str, value: Any, *, per_deck: bool = False) -> Any:
    """The checked, normalised value of setting `key`; `SettingError` names the setting when invalid."""
    check_key(key, per_deck=per_deck)
    try:
        return CHECKS[key](value)
    except (TypeError, ValueError, OverflowError) as error:
        raise SettingError(f"invalid value {value!r} for setting '{key}': {error}") from None


MEMORY_SETTINGS = frozenset({"fsrs_parameters"})
"""Settings that change the memory state FSRS computes from a card's log: changing one
recomputes every card's stability and difficulty from its log."""


def decode_stored(scope: str, key: str, value_json: str) -> Any:
    """Decode a stored setting, refusing a corrupt row with a message that says how to fix it."""
    where = f"setting '{key}'" + (f" of deck '{scope}'" if scope else "")
    try:
        return check_setting(key, json.loads(value_json), per_deck=bool(scope))
    except (json.JSONDecodeError, SettingError) as error:
        fix = f"pmcards config {key} --unset" + (f" --deck {scope}" if scope else "")
        raise SettingError(f"the stored {where} is invalid ({value_json!r}: {error}); reset it with `{fix}`") from None
