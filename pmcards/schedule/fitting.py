"""Fitting FSRS to a learner's own answers, and scoring how well parameters predict them.

A card's history is its answers in order, each on a learner day. Every answer given on a later
day than the one before it is a review FSRS can be scored on: from the answers before it, the
parameters predict the probability of recall, and the answer says whether the card was recalled
(anything but Again). Scores are fsrs-rs' (the FSRS benchmark's measures): log loss, and
RMSE (bins), the root mean square gap between predicted and actual recall over bins of reviews
alike in interval, review count and lapses.

The split is in time: parameters are fitted on the earlier `TRAIN_SHARE` of these reviews and
both sets are scored on the later ones, so the comparison is on answers the fit never saw. The
parameters kept are then fitted on every review. Fitting is done by fsrs-rs (the
`fsrs-rs-python` package of the `[optimize]` extra), without PyTorch.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from types import ModuleType
from typing import TYPE_CHECKING, Any

from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from pmcards.errors import PmcardsError

if TYPE_CHECKING:
    from fsrs_rs_python import FSRSItem

MINIMUM_REVIEWS = 400
"""Reviews (answers on a later day than the card's previous one) needed before fitting: fewer
leave too few later reviews to tell whether fitted parameters are better."""
TRAIN_SHARE = 0.8
"""The earlier share of the reviews that parameters are fitted on when they are compared."""
BATCH_SIZE = 512
TRAINING_STEPS = 200
"""Optimizer steps a fit takes at least: fsrs-rs' default of five passes over the reviews makes
only a few steps on a small log, so small logs get more passes. With the
synthetic learner of the tests (a few thousand reviews), this lowered the later reviews' log
loss a little more than five passes did, at no cost worth measuring (a fit of 100,000 reviews
takes well under a second)."""
MIN_EPOCHS = 5
EXTRA = "pip install 'pmcards[optimize]'"


def fsrs_rs() -> ModuleType:
    """The fsrs-rs bindings, or a `PmcardsError` that says how to install them."""
    try:
        import fsrs_rs_python
    except ImportError:
        raise PmcardsError(f"fitting and simulating need the optional fsrs-rs-python package: {EXTRA}") from None
    return fsrs_rs_python


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer of a card's history: when, on which learner day (a day number: only
    differences count), and the rating (1-4)."""

    at: datetime
    day: int
    rating: int


History = Sequence[Answer]
"""One card's answers from its first one (as a new card), oldest first."""


@dataclass(frozen=True)
class Score:
    """How well parameters predict recall on a set of reviews: log loss and RMSE (bins), both
    lower for better."""

    log_loss: float
    rmse_bins: float


@dataclass(frozen=True)
class Fit:
    """Parameters fitted to a history, and how they compare with the current ones.

    reviews: the reviews FSRS can be scored on (answers on a later day than the card's
    previous one); train / test: how many of the earliest fitted on and of the latest scored on.
    current / fitted: the scores on the later reviews of the current parameters and of those
    fitted on the earlier ones. parameters: fitted on every review (FSRS-6's 21 numbers).
    """

    reviews: int
    train: int
    test: int
    current_parameters: tuple[float, ...]
    current: Score
    fitted: Score
    parameters: tuple[float, ...]

    @property
    def better(self) -> bool:
        """Whether the fitted parameters predict the later reviews better (lower log loss)."""
        return self.fitted.log_loss < self.current.log_loss

    def summary(self) -> str:
        """The one-line comparison: `log loss: default X -> fitted Y; RMSE(bins): default A -> fitted B`."""
        label = "default" if self.current_parameters == tuple(DEFAULT_PARAMETERS) else "current"
        return (
            f"log loss: {label} {self.current.log_loss:.4f} -> fitted {self.fitted.log_loss:.4f}; "
            f"RMSE(bins): {label} {self.current.rmse_bins:.4f} -> fitted {self.fitted.rmse_bins:.4f}"
        )


def review_count(histories: Iterable[History]) -> int:
    """How many answers FSRS can be scored on: those on a later day than the card's previous one."""
    return sum(1 for history in histories for before, after in pairwise(history) if after.day > before.day)


def _items(histories: Iterable[History]) -> list[FSRSItem]:
    """One fsrs-rs item per review that can be scored (its card's answers up to it), oldest
    review first. Items whose last answer is on the day of the one before are left out: fsrs-rs
    scores only reviews on a later day, and panics on an item with none."""
    rs = fsrs_rs()
    timed: list[tuple[datetime, FSRSItem]] = []
    for history in histories:
        reviews = []
        for index, answer in enumerate(history):
            elapsed = answer.day - history[index - 1].day if index else 0
            reviews.append(rs.FSRSReview(answer.rating, elapsed))
            if index and elapsed > 0:
                timed.append((answer.at, rs.FSRSItem(reviews)))
    timed.sort(key=lambda pair: pair[0])
    return [item for _, item in timed]


def _training(count: int) -> Any:
    rs = fsrs_rs()
    epochs = math.ceil(TRAINING_STEPS / math.ceil(count / BATCH_SIZE))
    return rs.TrainingConfig(num_epochs=max(MIN_EPOCHS, epochs), batch_size=BATCH_SIZE)


def _within_bounds(parameters: Sequence[float]) -> tuple[float, ...]:
    """fsrs-rs' single-precision numbers, rounded to four places and kept within py-fsrs' bounds
    (0.8 in single precision is a little above 0.8)."""
    return tuple(
        min(high, max(low, round(value, 4)))
        for value, low, high in zip(parameters, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True)
    )


def _fitted(items: list[FSRSItem], relearning_steps: int) -> tuple[float, ...]:
    model = fsrs_rs().FSRS(list(DEFAULT_PARAMETERS))
    parameters = model.compute_parameters(
        items, num_relearning_steps=max(1, relearning_steps), training_config=_training(len(items))
    )
    return _within_bounds(parameters)


def _score(parameters: Sequence[float], items: list[FSRSItem]) -> Score:
    evaluation = fsrs_rs().FSRS(list(parameters)).evaluate(items)
    return Score(float(evaluation.log_loss), float(evaluation.rmse_bins))


def not_enough(count: int, what: str) -> PmcardsError:
    """The error for a history too small to fit: how many reviews there are and how many more are needed."""
    return PmcardsError(
        f"{what} has {count} review(s) on a later day than the card's previous answer; fitting FSRS needs "
        f"{MINIMUM_REVIEWS}: {MINIMUM_REVIEWS - count} more are needed"
    )


def fit(
    histories: Sequence[History], current: Sequence[float] = (), *, relearning_steps: int = 1, what: str = "the log"
) -> Fit:
    """Fit FSRS-6 to `histories` and compare with `current` (empty for fsrs' defaults) on the
    later reviews. `relearning_steps` is how many same-day steps a lapse has. Raises
    `PmcardsError` below `MINIMUM_REVIEWS` reviews (naming `what` and how many more are
    needed), or when fsrs-rs is not installed."""
    count = review_count(histories)
    if count < MINIMUM_REVIEWS:
        raise not_enough(count, what)
    items = _items(histories)
    cut = int(len(items) * TRAIN_SHARE)
    earlier, later = items[:cut], items[cut:]
    present = tuple(current) or tuple(DEFAULT_PARAMETERS)
    try:
        return Fit(
            reviews=len(items),
            train=len(earlier),
            test=len(later),
            current_parameters=present,
            current=_score(present, later),
            fitted=_score(_fitted(earlier, relearning_steps), later),
            parameters=_fitted(items, relearning_steps),
        )
    except (ValueError, RuntimeError) as error:  # fsrs-rs' own errors
        raise PmcardsError(f"fsrs-rs could not fit {what}: {error}") from None
