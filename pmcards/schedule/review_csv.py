"""Review logs from elsewhere: the FSRS benchmark's CSV layout, read into card histories.

The layout (the FSRS optimizer's review-log schema) has a header and one row per answer:
`card_id` (any text), `review_time` (milliseconds since 1970-01-01 UTC), `review_rating` (1-4:
Again, Hard, Good, Easy), `review_duration` (milliseconds; may be empty) and, optionally,
`review_state` (the card's state before the answer: 0 new, 1 learning, 2 review, 3 relearning).
Columns may come in any order, and others are ignored.

Answers fall on the learner's days under a rollover hour and time zone. Where `review_state`
is given, a new-state row starts the card's history over (a reset), and a card whose known
history does not begin with a new or learning answer is left out, since its first answers are
missing. Every defect is a `PmcardsError` that names the file and line.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

from pmcards.errors import PmcardsError
from pmcards.schedule.day import Calendar
from pmcards.schedule.fitting import Answer, Fit, History, fit
from pmcards.schedule.settings import DEFAULTS, check_setting

REQUIRED = ("card_id", "review_time", "review_rating", "review_duration")
STATE = "review_state"
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_LATEST_MS = 253_402_300_799_999  # the end of year 9999


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as file:
            reader = csv.DictReader(file)
            if reader.fieldnames is None:
                raise PmcardsError(f"{path}: the review log is empty")
            header = [name.strip() for name in reader.fieldnames or []]
            missing = [name for name in REQUIRED if name not in header]
            if missing:
                raise PmcardsError(
                    f"{path}:1: missing column(s) {', '.join(missing)} (a review log needs "
                    f"{', '.join(REQUIRED)}; {STATE} is optional)"
                )
            reader.fieldnames = header
            for row in reader:
                yield reader.line_num, row
    except FileNotFoundError:
        raise PmcardsError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise PmcardsError(f"{path}: is a folder, not a CSV file") from None
    except UnicodeDecodeError as error:
        raise PmcardsError(f"{path}: not UTF-8: invalid byte at offset {error.start}") from None
    except csv.Error as error:
        raise PmcardsError(f"{path}: not a CSV file: {error}") from None
    except OSError as error:
        raise PmcardsError(f"{path}: cannot read: {error.strerror}") from None


def _whole(text: str | None, low: int, high: int) -> int | None:
    try:
        value = int((text or "").strip())
    except ValueError:
        return None
    return value if low <= value <= high else None


def read(path: Path, calendar: Calendar) -> list[History]:
    """The card histories of the review log at `path`, each answer on its learner day under
    `calendar`. Raises `PmcardsError` naming the file and line of the first defect: a missing
    column, an unknown rating or state, an unreadable time or duration, or no answers at all."""
    answers: dict[str, list[tuple[datetime, int, int | None, int]]] = {}
    has_state = False
    for line, row in _rows(path):
        if not any((value or "").strip() for value in row.values()):
            continue  # a blank line
        text = (row.get("review_time") or "").strip()
        millis = _whole(text, 0, _LATEST_MS)
        if millis is None:
            raise PmcardsError(f"{path}:{line}: cannot read review_time {text!r} (milliseconds since 1970-01-01 UTC)")
        rating = _whole(row.get("review_rating"), 1, 4)
        if rating is None:
            raise PmcardsError(
                f"{path}:{line}: unknown review_rating {row.get('review_rating')!r} (1-4: Again, Hard, Good, Easy)"
            )
        duration = (row.get("review_duration") or "").strip()
        if duration and _whole(duration, 0, 2**62) is None:
            raise PmcardsError(f"{path}:{line}: cannot read review_duration {duration!r} (milliseconds, 0 or more)")
        state: int | None = None
        if (row.get(STATE) or "").strip():
            has_state = True
            state = _whole(row.get(STATE), 0, 3)
            if state is None:
                raise PmcardsError(
                    f"{path}:{line}: unknown {STATE} {row.get(STATE)!r} (0 new, 1 learning, 2 review, 3 relearning)"
                )
        moment = _EPOCH + timedelta(milliseconds=millis)
        answers.setdefault((row.get("card_id") or "").strip(), []).append((moment, rating, state, line))
    if not answers:
        raise PmcardsError(f"{path}: the review log has no answers")
    every = [moment for rows in answers.values() for moment, *_ in rows]
    days = calendar.days(calendar.date_of(min(every)), calendar.date_of(max(every)))
    histories: list[History] = []
    for rows in answers.values():
        rows.sort(key=lambda entry: entry[0])
        history: list[Answer] = []
        complete = not has_state or rows[0][2] in (0, 1, None)
        for moment, rating, state, _ in rows:
            if has_state and state == 0 and history:
                if complete:
                    histories.append(history)
                history, complete = [], True
            history.append(Answer(moment, days.number(moment), rating))
        if complete:
            histories.append(history)
    return histories


def evaluate_log(path: str | Path, *, rollover_hour: int = 4, timezone: str = "") -> Fit:
    """Fit FSRS to the review log at `path` (the FSRS benchmark's CSV layout) and score the fit
    against fsrs' default parameters on the later reviews (see `pmcards.schedule.fitting`).
    The learner's day starts at `rollover_hour` in `timezone` (an IANA name; "" for the
    system's). Touches no collection. `fit.summary()` is the one-line comparison."""
    settings = DEFAULTS.with_values(
        {
            "rollover_hour": check_setting("rollover_hour", rollover_hour),
            "timezone": check_setting("timezone", timezone),
        }
    )
    file = Path(path)
    return fit(read(file, Calendar(settings.rollover_hour, settings.zone)), what=str(file))
