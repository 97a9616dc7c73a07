"""What the statistics and the workload simulation show, as plain chart values that the terminal
and the HTML page each draw their own way (and that become tables where no chart can be drawn)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from pmcards.collection.stats import Bucket, Stats
from pmcards.collection.workload import Workload


@dataclass(frozen=True)
class Bars:
    """A bar chart: one bar per label, the values being counts of `what` (`unit` follows each
    value); `marked` is the index of a bar to point out (None: none)."""

    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    what: str = "cards"
    unit: str = ""
    marked: int | None = None
    note: str = ""
    timeline: bool = False
    """Whether the labels are days in order (drawn as columns, else as rows of bars)."""


@dataclass(frozen=True)
class Heatmap:
    """Answers on each day, drawn as a calendar of weeks (Monday first)."""

    title: str
    days: tuple[tuple[date, int], ...]


@dataclass(frozen=True)
class Table:
    """Rows of text under a header."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


Chart = Bars | Heatmap | Table


@dataclass(frozen=True)
class Report:
    """A titled list of charts, in the order shown."""

    title: str
    subtitle: str
    charts: tuple[Chart, ...] = field(default_factory=tuple)


CARD_KINDS = ("new", "learning", "young", "mature", "suspended", "leech")


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def minutes(seconds: float) -> str:
    return f"{seconds / 60:.1f} min"


def _bucket_label(bucket: Bucket, scale: float = 1.0, suffix: str = "") -> str:
    low = f"{bucket.low * scale:g}"
    return f"{low}{suffix}+" if bucket.high is None else f"{low}-{bucket.high * scale:g}{suffix}"


def _weekly(days: Sequence[tuple[date, float]], longest: int = 62) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Per-day values as bars, summed by week when there are more than `longest` days."""
    if len(days) <= longest:
        return tuple(day.strftime("%b %d") for day, _ in days), tuple(value for _, value in days)
    weeks: dict[date, float] = {}
    for day, value in days:
        monday = day - timedelta(days=day.weekday())
        weeks[monday] = weeks.get(monday, 0.0) + value
    return tuple("wk " + monday.strftime("%b %d") for monday in weeks), tuple(weeks.values())


def stats_report(stats: Stats) -> Report:
    """The charts of `pmcards stats`, in order."""
    today, counts = stats.today, stats.cards
    scope = f"deck {stats.deck}" if stats.deck else "all decks"
    studied_days = [(day.day, day.answers) for day in stats.study_days]
    minutes_days = [(day.day, day.seconds / 60) for day in stats.study_days]
    answer_labels, answer_values = _weekly([(day, float(count)) for day, count in studied_days])
    _, minute_values = _weekly(minutes_days)
    return Report(
        title="pmcards statistics",
        subtitle=f"{scope}, {stats.today_date.isoformat()}, period {stats.period}",
        charts=(
            Table(
                "Today",
                ("Answers", "Cards", "Time", "Again"),
                (
                    (
                        str(today.answers),
                        str(today.cards),
                        minutes(today.seconds),
                        f"{today.again} ({percent(today.again_rate)})",
                    ),
                ),
            ),
            Bars(
                "Due in the next 30 days",
                tuple(day.day.strftime("%b %d") for day in stats.forecast),
                tuple(float(day.count) for day in stats.forecast),
                note="Overdue cards count today.",
                timeline=True,
            ),
            Heatmap("Reviews in the last year", tuple((day.day, day.count) for day in stats.calendar)),
            Table(
                "True retention (answers to review cards other than Again)",
                ("Period", "Young", "Mature", "All", "Reviews"),
                tuple(
                    (
                        row.period,
                        percent(row.young),
                        percent(row.mature),
                        percent(row.total),
                        str(row.young_passed + row.young_failed + row.mature_passed + row.mature_failed),
                    )
                    for row in stats.retention
                ),
                note="Young: interval under 21 days; mature: 21 days or more.",
            ),
            Bars(
                "Cards",
                CARD_KINDS,
                tuple(
                    float(value)
                    for value in (
                        counts.new,
                        counts.learning,
                        counts.young,
                        counts.mature,
                        counts.suspended,
                        counts.leech,
                    )
                ),
                note=f"{counts.total} cards in use.",
            ),
            Bars(
                "Stability (days)",
                tuple(_bucket_label(bucket) for bucket in stats.stability),
                tuple(float(bucket.count) for bucket in stats.stability),
            ),
            Bars(
                "Difficulty (1-10)",
                tuple(_bucket_label(bucket) for bucket in stats.difficulty),
                tuple(float(bucket.count) for bucket in stats.difficulty),
            ),
            Bars(
                "Probability of recall now",
                tuple(_bucket_label(bucket, 100, "%") for bucket in stats.recall),
                tuple(float(bucket.count) for bucket in stats.recall),
            ),
            Table(
                f"Answer buttons ({stats.period})",
                ("Card", "Again", "Hard", "Good", "Easy", "Correct"),
                tuple(
                    (row.kind, str(row.again), str(row.hard), str(row.good), str(row.easy), percent(row.correct))
                    for row in stats.buttons
                ),
            ),
            Bars(f"Answers per day ({stats.period})", answer_labels, answer_values, "answers", timeline=True),
            Bars(
                f"Minutes per day ({stats.period})",
                answer_labels,
                minute_values,
                "minutes",
                unit=" min",
                timeline=True,
            ),
        ),
    )


def workload_report(work: Workload) -> Report:
    """The charts of `pmcards simulate`: minutes and answers per day and cards remembered, per retention."""
    best = work.best
    marked = None if best is None else work.outcomes.index(best)
    labels = tuple(f"{outcome.retention:.0%}" for outcome in work.outcomes)
    note = "" if best is None else f"Most cards remembered per minute of study: {best.retention:.0%}."
    scope = f"deck {work.deck}" if work.deck else "all decks"
    return Report(
        title="pmcards workload",
        subtitle=f"{scope}: {work.cards} cards, {work.days} days from {work.first_day.isoformat()}",
        charts=(
            Bars(
                "Minutes per day by desired retention",
                labels,
                tuple(outcome.minutes_per_day for outcome in work.outcomes),
                "minutes",
                unit=" min",
                marked=marked,
                note=note,
            ),
            Bars(
                "Cards remembered at the end",
                labels,
                tuple(outcome.memorized for outcome in work.outcomes),
                marked=marked,
            ),
            Table(
                "By desired retention",
                ("Retention", "Answers/day", "Minutes/day", "Remembered", "Per minute", ""),
                tuple(
                    (
                        f"{outcome.retention:.2f}",
                        f"{outcome.reviews_per_day:.1f}",
                        f"{outcome.minutes_per_day:.1f}",
                        f"{outcome.memorized:.0f}",
                        "-" if outcome.memorized_per_minute is None else f"{outcome.memorized_per_minute:.2f}",
                        "best" if outcome is best else "",
                    )
                    for outcome in work.outcomes
                ),
                note=note,
            ),
        ),
    )
