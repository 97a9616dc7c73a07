"""Seeing one's memory: `stats` (charts in the terminal, or an HTML page), `optimize` (FSRS
fitted to the learner's log, or to a CSV log from elsewhere) and `simulate` (the workload of
each desired retention)."""

from __future__ import annotations

import dataclasses
import enum
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from pmcards.cli.app import DeckOption, JsonOption, app, console, open_collection, print_json
from pmcards.errors import PmcardsError
from pmcards.terminal import inert

if TYPE_CHECKING:
    from pmcards.schedule.fitting import Fit


def to_json(value: Any) -> Any:
    """A value of the API as JSON: a frozen dataclass as its fields and properties (the keys the
    README documents), tuples as lists, dates and times in ISO form, states by name."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        found = {item.name: to_json(getattr(value, item.name)) for item in dataclasses.fields(value)}
        for klass in type(value).__mro__:
            for name, member in vars(klass).items():
                if isinstance(member, property) and name not in found:
                    found[name] = to_json(getattr(value, name))
        return found
    if isinstance(value, enum.Enum):
        return value.name.lower()
    if isinstance(value, dict):
        return {str(to_json(key)): to_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(item) for item in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _charts() -> bool:
    """Whether to draw charts: only when the output is a terminal (else tables)."""
    return sys.stdout.isatty()


@app.command()
def stats(
    ctx: typer.Context,
    deck: DeckOption = None,
    period: Annotated[
        str, typer.Option("--period", "-p", metavar="1m|3m|1y|all", help="Days of the answer buttons and time per day.")
    ] = "1m",
    html: Annotated[
        Optional[Path], typer.Option("--html", metavar="FILE", help="Write the charts as one HTML page to FILE.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Show your statistics: today's study, due cards ahead, the review calendar, true retention,
    card counts, memory states, answer buttons and time per day.

    Charts in a terminal, tables elsewhere; --html writes a page that opens anywhere, offline.
    """
    from pmcards.report import terminal
    from pmcards.report.charts import stats_report

    if html is not None:
        from pmcards.report.html import html_target

        html_target(html)  # a bad name fails before any work
    with open_collection(ctx) as col:
        found = col.stats(deck, period)
    if as_json:
        print_json(to_json(found))
        return
    report = stats_report(found)
    if html is not None:
        from pmcards.report.html import write_html

        typer.echo(inert(f"wrote {write_html([report], html)}"))
        return
    terminal.show(report, console(), charts=_charts())


@app.command()
def optimize(
    ctx: typer.Context,
    deck: DeckOption = None,
    force: Annotated[bool, typer.Option("--force", help="Save the fitted parameters even if not better.")] = False,
    log: Annotated[
        Optional[Path],
        typer.Option("--log", metavar="FILE.csv", help="Fit a review log from elsewhere (FSRS CSV layout)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Fit FSRS's parameters to your own review log.

    Scores the current and the fitted parameters (log loss and RMSE (bins), lower is better) on
    your latest reviews, fitted on the earlier ones, and saves the fitted parameters (for --deck,
    or for you) only when they are better, or with --force. Scheduling then uses them.
    --log FILE.csv fits a log in the FSRS benchmark's layout instead, touching nothing.
    Needs the [optimize] extra.
    """
    if log is not None:
        from pmcards.schedule.review_csv import evaluate_log

        if deck is not None or force:
            raise PmcardsError("--log evaluates a file and saves nothing: it takes neither --deck nor --force")
        with open_collection(ctx) as col:
            learner = col.settings()
        fitted = evaluate_log(log, rollover_hour=learner.rollover_hour, timezone=learner.timezone)
        if as_json:
            print_json(to_json(fitted))
            return
        typer.echo(inert(f"{fitted.reviews} reviews in {log}: {_split(fitted)}"))
        typer.echo(fitted.summary())
        return
    with open_collection(ctx) as col:
        done = col.optimize(deck, force=force)
    if as_json:
        print_json(to_json(done))
        return
    fit = done.fit
    scope = f"deck {done.deck}" if done.deck else "all decks"
    typer.echo(f"{fit.reviews} reviews of {scope}: fitted on the earliest {fit.train}, scored on the latest {fit.test}")
    typer.echo(fit.summary())
    if done.saved:
        reason = "better" if fit.better else "not better, saved with --force"
        typer.echo(f"saved the fitted parameters for {scope} ({reason}); memory states recomputed from the log")
    else:
        typer.echo(
            "kept the current parameters: the fitted ones do not predict the latest reviews better (--force saves them)"
        )


def _split(fit: Fit) -> str:
    return f"fitted on the earliest {fit.train}, scored on the latest {fit.test}"


def parse_retentions(text: str) -> tuple[float, ...]:
    """Desired retentions from "LOW..HIGH" (every hundredth between), "A,B,C" or one number."""
    from pmcards.collection.workload import HIGHEST, LOWEST

    try:
        if ".." in text:
            low_text, high_text = text.split("..", 1)
            low, high = float(low_text), float(high_text)
            if low > high:
                raise PmcardsError(
                    f"retention range {text} runs backwards: give the lower value first ({high_text}..{low_text})"
                )
            if not LOWEST <= low <= high <= HIGHEST:
                raise PmcardsError(f"retention range {text} is not within {LOWEST}-{HIGHEST} (low..high)")
            low, high = round(low, 2), round(high, 2)
            return tuple(round(low + step / 100, 2) for step in range(round((high - low) * 100) + 1))
        return tuple(float(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise PmcardsError(
            f"invalid retention {text!r}: give a range such as 0.70..0.97, or numbers such as 0.85,0.9"
        ) from None


@app.command()
def simulate(
    ctx: typer.Context,
    days: Annotated[int, typer.Option("--days", min=1, max=3650, help="Days to simulate, from tomorrow.")] = 365,
    retention: Annotated[
        str, typer.Option("--retention", "-r", metavar="LOW..HIGH", help="Desired retentions (0.7-0.99) to compare.")
    ] = "0.70..0.97",
    deck: DeckOption = None,
    as_json: JsonOption = False,
) -> None:
    """Simulate your workload for each desired retention.

    With your cards as they are, your parameters, limits and answering habits: answers and
    minutes per day, and cards remembered at the end, marking the retention that gives the most
    cards remembered per minute of study.
    """
    from pmcards.report import terminal
    from pmcards.report.charts import workload_report

    chosen = parse_retentions(retention)
    with open_collection(ctx) as col:
        work = col.simulate(days, chosen, deck=deck)
    if as_json:
        print_json(to_json(work))
        return
    terminal.show(workload_report(work), console(), charts=_charts())
