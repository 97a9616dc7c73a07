"""The `pmcards` command: a thin layer over the Python API that parses arguments and prints.

Heavy modules are imported inside the commands, so `pmcards --help` starts fast.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from typer.core import TyperGroup

from pmcards.errors import DeckError, PmcardsError

if TYPE_CHECKING:
    from rich.console import Console

    from pmcards.collection import Collection
    from pmcards.stats import Progress


class _Group(TyperGroup):
    """Turns pmcards' own errors into a message and exit code 1, never a traceback."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except DeckError as error:
            for problem in error.problems:
                typer.echo(str(problem), err=True)
            typer.echo(f"error: {len(error.problems)} problem(s) in the decks; nothing was changed", err=True)
            raise typer.Exit(1) from None
        except PmcardsError as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(1) from None
        except sqlite3.Error as error:  # a read that met a lock or a damaged file
            typer.echo(f"error: database error: {error}", err=True)
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=_Group,
    help="Spaced-repetition flashcards for (AI) product-manager interviews, scheduled with FSRS.",
    no_args_is_help=False,
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,  # plain help: rich's Markdown stack costs more than the 300 ms `--help` budget
)

DbOption = Annotated[
    Optional[str],
    typer.Option("--db", help="Database path or sqlite:/// URL (default: $PMCARDS_DB, else the user data folder)."),
]
DeckOption = Annotated[Optional[str], typer.Option("--deck", "-d", help="Only this deck (id or title).")]
PathsArgument = Annotated[
    Optional[list[Path]],
    typer.Argument(
        help="Deck files or folders (default: $PMCARDS_DECKS, else the built-in decks).", show_default=False
    ),
]


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def _open(ctx: typer.Context) -> Collection:
    from pmcards.collection import open_collection

    return open_collection(ctx.obj)


def _sync_quietly(col: Collection) -> None:
    """Sync the default decks before review, status and export; deck problems warn but do not stop the learner."""
    try:
        col.sync()
    except DeckError as error:
        typer.echo(
            f"warning: decks not synced ({len(error.problems)} problem(s); run `pmcards lint`); "
            "showing the cards as last synced",
            err=True,
        )


@app.callback()
def main_callback(ctx: typer.Context, db: DbOption = None) -> None:
    """Run without a command to sync the decks, see what is due and start today's review."""
    ctx.obj = db
    if ctx.invoked_subcommand is None:
        status(ctx, deck=None)
        if sys.stdin.isatty() and sys.stdout.isatty():
            review(ctx, deck=None, limit=None)
        else:
            typer.echo("Run `pmcards review` in a terminal to review these cards.")


@app.command()
def review(
    ctx: typer.Context,
    deck: DeckOption = None,
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", min=1, help="Stop after this many answers.")] = None,
) -> None:
    """Review the cards due now in the terminal."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise PmcardsError("`pmcards review` needs an interactive terminal; use `pmcards status` to see what is due")
    from pmcards.review import TerminalReview

    console = _console()

    def read_line(prompt: str) -> str:
        console.print(prompt)
        lines = []
        while line := input():
            lines.append(line)
        return "\n".join(lines)

    with _open(ctx) as col:
        _sync_quietly(col)
        if deck is not None:
            col.deck(deck)
        TerminalReview(col, console, deck=deck, limit=limit, read_key=typer.getchar, read_line=read_line).run()


@app.command()
def status(ctx: typer.Context, deck: DeckOption = None) -> None:
    """Show the cards due today, per deck.

    New, learning and review cards due today within the daily limits, the deck's size, and when
    its next card is due.
    """
    from rich.table import Table

    with _open(ctx) as col:
        _sync_quietly(col)
        counts = col.due_counts(deck)
        total = col.due_total(deck)
        zone = col.settings().zone
        limits = col.settings()
        table = Table(
            title="Due today",
            title_justify="left",
            caption=f"Daily limits across all decks: {limits.new_per_day} new, {limits.reviews_per_day} reviews",
            caption_justify="left",
        )
        for name, justify in (
            ("Deck", "left"),
            ("New", "right"),
            ("Learning", "right"),
            ("Review", "right"),
            ("Total", "right"),
            ("Next due", "left"),
        ):
            table.add_column(name, justify=justify)  # type: ignore[arg-type]
        for index, row in enumerate([*counts, total]):
            if index == len(counts):
                table.add_section()
            next_due = row.next_due.astimezone(zone).strftime("%Y-%m-%d %H:%M") if row.next_due else "-"
            table.add_row(row.title, str(row.new), str(row.learning), str(row.review), str(row.total), next_due)
        progress = col.progress()
        console = _console()
        console.print(table)
        console.print(_progress_line(progress))


def _progress_line(progress: Progress) -> str:
    retention = f"{progress.retention:.0%}" if progress.retention is not None else "-"
    days = "day" if progress.streak_days == 1 else "days"
    return (
        f"Streak: {progress.streak_days} {days}   Answered today: {progress.answered_today}   "
        f"Retention of reviews (30 days): {retention}"
    )


@app.command()
def sync(ctx: typer.Context, paths: PathsArgument = None) -> None:
    """Load deck files into the database.

    Edited cards keep their schedule and history; removed cards are retired; a deck set with any
    problem changes nothing.
    """
    with _open(ctx) as col:
        report = col.sync(paths)
    typer.echo(
        f"{report.decks} deck(s), cards to review (one per cloze deletion): {report.added} added, "
        f"{report.updated} updated, {report.retired} retired, {report.restored} restored, "
        f"{report.unchanged} unchanged"
    )


@app.command()
def lint(
    ctx: typer.Context,
    paths: PathsArgument = None,
    fix: Annotated[bool, typer.Option("--fix", help="First write an id into every card that lacks one.")] = False,
) -> None:
    """Check deck files for problems.

    Prints every problem as file:line: message (warnings as file:line: warning: message) and exits 1
    if there is any error; warnings alone (such as draft cards still to finish) exit 0.
    """
    from pmcards.deckfile import add_missing_ids, parse_paths

    paths = paths or _configured_deck_paths(ctx)
    if fix:
        _report_ids(add_missing_ids(paths))
    parsed, problems = parse_paths(paths)
    for problem in problems:
        typer.echo(str(problem))
    cards = sum(len(result.deck.cards) for result in parsed if result.deck is not None)
    errors = [problem for problem in problems if problem.severity == "error"]
    warnings = f", {len(problems) - len(errors)} warning(s)" if len(problems) > len(errors) else ""
    if errors:
        typer.echo(f"{len(errors)} problem(s) in {len({p.file for p in errors})} file(s){warnings}", err=True)
        raise typer.Exit(1)
    typer.echo(f"{len(parsed)} deck file(s), {cards} cards: no problems{warnings}", err=True)


def _configured_deck_paths(ctx: typer.Context) -> list[Path] | None:
    """The deck paths `sync` would use, read from the database when there is one already (deck
    commands never create a database); None leaves the choice to `$PMCARDS_DECKS` or the built-in decks."""
    from pmcards.paths import DB_ENV, user_db

    location = ctx.obj or os.environ.get(DB_ENV) or str(user_db())
    if "://" not in location and not Path(location).expanduser().is_file():
        return None
    with _open(ctx) as col:
        return col.deck_paths()


def _report_ids(added: dict[Path, int]) -> None:
    for path, count in added.items():
        typer.echo(f"{path}: added {count} id(s)", err=True)
    if not added:
        typer.echo("every card already has an id", err=True)


@app.command()
def ids(ctx: typer.Context, paths: PathsArgument = None) -> None:
    """Add an id to every card that lacks one.

    Each file is rewritten atomically; nothing but the new id lines changes.
    """
    from pmcards.deckfile import add_missing_ids

    paths = paths or _configured_deck_paths(ctx)
    _report_ids(add_missing_ids(paths))


@app.command()
def config(
    ctx: typer.Context,
    key: Annotated[Optional[str], typer.Argument(help="Setting to show or change.")] = None,
    value: Annotated[Optional[str], typer.Argument(help="New value.")] = None,
    deck: DeckOption = None,
    unset: Annotated[bool, typer.Option("--unset", help="Remove the stored value.")] = False,
) -> None:
    """Show or change the settings.

    `pmcards config KEY VALUE` sets a value (for one deck with --deck); --unset removes it.
    """
    from dataclasses import asdict

    from rich.table import Table

    with _open(ctx) as col:
        if key is not None and unset:
            col.unset_setting(key, deck)
        elif key is not None and value is not None:
            col.set_setting(key, value, deck)
        effective = asdict(col.settings(deck))
        stored = col.overrides()
        col_deck_id = col.deck(deck).id if deck is not None else ""
    if key is not None and key not in effective:
        raise PmcardsError(f"unknown setting '{key}' (settings: {', '.join(effective)})")
    table = Table(title=f"Settings{' for deck ' + deck if deck else ''}", title_justify="left")
    for name in ("Setting", "Value", "Set where"):
        table.add_column(name)
    for name, current in effective.items():
        if key is not None and name != key:
            continue
        overrides = [
            f"deck {scope}: {_shown(values[name])}" for scope, values in stored.items() if scope and name in values
        ]
        origin = "global" if name in stored.get("", {}) else "default"
        if deck is not None and name in stored.get(col_deck_id, {}):
            origin = f"deck {col_deck_id}"
        elif overrides:
            origin += " (" + "; ".join(overrides) + ")"
        table.add_row(name, _shown(current, name), origin)
    _console().print(table)


def _shown(value: object, name: str = "") -> str:
    """A setting's value as the learner would type it."""
    if name == "timezone" and not value:
        return "system"
    if name == "deck_folders" and not value:
        return "built-in decks"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, (list, tuple)):
        return os.pathsep.join(str(item) for item in value)
    return str(value)


@app.command()
def unsuspend(
    ctx: typer.Context, card_id: Annotated[str, typer.Argument(help="The card's id in its deck file.")]
) -> None:
    """Put a suspended card (every cloze deletion of it) back in the reviews."""
    with _open(ctx) as col:
        cards = [card for card in col.cards(include_retired=True) if card.card_id == card_id]
        if not cards:
            raise PmcardsError(f"no card with id '{card_id}' (ids are the `id:` lines of the deck files)")
        for card in cards:
            col.unsuspend(card)
    leech = " (it was a leech: consider rewriting it)" if any(card.leech for card in cards) else ""
    typer.echo(f"{card_id}: back in the reviews{leech}")


@app.command()
def check(
    ctx: typer.Context,
    repair: Annotated[bool, typer.Option("--repair", help="Rewrite mismatched cards from their logs.")] = False,
) -> None:
    """Check every card against its review log.

    Replays each log through FSRS and lists the cards whose stored state differs (exit 1 if any
    was not repaired).
    """
    with _open(ctx) as col:
        mismatches = col.check(repair=repair)
    for mismatch in mismatches:
        card = mismatch.card
        name = card.card_id + (f" c{card.ord}" if card.ord else "")
        details = "; ".join(
            f"{field} stored {_value(stored)}, replayed {_value(replayed)}"
            for field, (stored, replayed) in mismatch.differences.items()
        )
        typer.echo(f"{name}: {details}")
    if not mismatches:
        typer.echo("every card matches its review log")
    elif repair:
        typer.echo(f"repaired {len(mismatches)} card(s) from their logs")
    else:
        typer.echo(f"{len(mismatches)} card(s) differ from their logs; run `pmcards check --repair`", err=True)
        raise typer.Exit(1)


@app.command()
def export(
    ctx: typer.Context,
    decks: Annotated[
        Optional[list[str]],
        typer.Option("--deck", "-d", metavar="DECK", help="Only this deck (id or title); repeat for more."),
    ] = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="FILE", help="The .apkg file to write; its folder must exist.")
    ] = Path("pmcards.apkg"),
    with_progress: Annotated[
        bool, typer.Option("--with-progress", help="Carry each card's schedule and review history into Anki.")
    ] = False,
) -> None:
    """Write the decks, synced first, to an Anki package (.apkg).

    Importing a newer export updates the notes Anki has and adds the new ones, without duplicates;
    --with-progress carries each card's schedule and review history into Anki.
    """
    with _open(ctx) as col:
        _sync_quietly(col)
        result = col.export_anki(output, decks, with_progress=with_progress)
    progress = f", {result.reviews} reviews" if with_progress else ""
    typer.echo(f"wrote {result.path}: {result.decks} deck(s), {result.notes} notes, {result.cards} cards{progress}")


@app.command()
def extract(
    articles: Annotated[list[Path], typer.Argument(help="Article files: plain text or Markdown.", show_default=False)],
    output: Annotated[
        Optional[Path],
        typer.Option("--output", "-o", help="Deck file (one article) or folder (several); default: print the decks."),
    ] = None,
    report: Annotated[
        bool, typer.Option("--report", help="Print what was found, what needs an answer and what was skipped.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace deck files that already exist.")] = False,
    title: Annotated[
        Optional[str],
        typer.Option("--title", help="The deck's title (one article; default: its first heading or file name)."),
    ] = None,
) -> None:
    """Draft a deck from each article (questions with their answers, definitions, lists, mistakes, tables, figures).

    Where an article gives no answer, the card says TODO: write the answer (pmcards lint warns about it).
    """
    from rich.progress import track

    from pmcards.deckfile import write_deck
    from pmcards.extraction import extract_files, save_decks

    console = _console(stderr=True)
    quiet = len(articles) < 2 or not console.is_terminal
    progress = track(articles, "Extracting", console=console, transient=True, disable=quiet)
    results = extract_files(progress, title=title)
    if report:
        for result in results:
            typer.echo(result.report(), err=True)
    if output is None:
        typer.echo("\n".join(write_deck(result.deck) for result in results), nl=False)
        return
    written = save_decks([result.deck for result in results], output, overwrite=force)
    for path, result in zip(written, results, strict=True):
        typer.echo(f"{path}: {len(result.deck.cards)} cards from {result.source}", err=True)


def _value(value: object) -> str:
    """A stored value as text: times in ISO form, numbers to four places."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def main() -> None:
    """Entry point of the `pmcards` console script."""
    app()
