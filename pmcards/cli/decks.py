"""Deck files: `sync`, `lint`, `ids`, `extract` and `export`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from pmcards.cli.app import PathsArgument, app, console, open_collection, sync_quietly
from pmcards.terminal import inert


@app.command()
def sync(
    ctx: typer.Context,
    paths: PathsArgument = None,
    builtin: Annotated[
        bool,
        typer.Option("--builtin", help="Sync the built-in decks too, beside the paths given (or those last synced)."),
    ] = False,
) -> None:
    """Load deck files into the database.

    Edited cards keep their schedule and history; removed cards are retired; a deck set with any
    problem changes nothing. Paths given are remembered for later syncs.
    """
    with open_collection(ctx) as col:
        if builtin:
            from pmcards.paths import builtin_decks

            chosen = [builtin_decks(), *(paths or col.deck_paths())]
            paths = list(dict.fromkeys(path.resolve() for path in chosen))
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
    fix: Annotated[
        bool,
        typer.Option(
            "--fix", help="First write an id into every card that lacks one and unindent text that shows as code."
        ),
    ] = False,
) -> None:
    """Check deck files for problems.

    Prints every problem as file:line: message (warnings as file:line: warning: message) and exits 1
    if there is any error; warnings alone (such as draft cards still to finish) exit 0.
    """
    from pmcards.format.deckfile import add_missing_ids, parse_paths, remove_code_indentation

    paths = _deck_paths(ctx, paths)
    if fix:
        _report_ids(add_missing_ids(paths))
        for path, count in remove_code_indentation(paths).items():
            typer.echo(inert(f"{path}: removed the indentation of {count} line(s) that showed as code"), err=True)
    parsed, problems = parse_paths(paths)
    for problem in problems:
        typer.echo(inert(str(problem)))
    cards = sum(len(result.deck.cards) for result in parsed if result.deck is not None)
    errors = [problem for problem in problems if problem.severity == "error"]
    warnings = f", {len(problems) - len(errors)} warning(s)" if len(problems) > len(errors) else ""
    if errors:
        typer.echo(f"{len(errors)} problem(s) in {len({p.file for p in errors})} file(s){warnings}", err=True)
        raise typer.Exit(1)
    typer.echo(f"{len(parsed)} deck file(s), {cards} cards: no problems{warnings}", err=True)


def _deck_paths(ctx: typer.Context, given: list[Path] | None) -> list[Path]:
    """The deck paths a deck command works on: those given, else those `sync` would use, read from
    the database when there is one already (deck commands never create a database), else
    `$PMCARDS_DECKS` or the built-in decks."""
    from pmcards.paths import chosen_database, chosen_learner, default_deck_paths
    from pmcards.store import database_exists

    if given:
        return given
    try:  # an in-memory database is no refusal here: it holds no deck paths, and nothing is written
        exists = database_exists(chosen_database(ctx.obj.db), chosen_learner(ctx.obj.learner))
    except OSError:  # a name too long, say: opening it below says so
        exists = True
    if not exists:
        return default_deck_paths()
    with open_collection(ctx) as col:
        return col.deck_paths()


def _report_ids(added: dict[Path, int]) -> None:
    for path, count in added.items():
        typer.echo(inert(f"{path}: added {count} id(s)"), err=True)
    if not added:
        typer.echo("every card already has an id", err=True)


@app.command()
def ids(ctx: typer.Context, paths: PathsArgument = None) -> None:
    """Add an id to every card that lacks one.

    Each file is rewritten atomically; nothing but the new id lines changes.
    """
    from pmcards.format.deckfile import add_missing_ids

    _report_ids(add_missing_ids(_deck_paths(ctx, paths)))


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
    from pmcards.export.anki import export_anki

    with open_collection(ctx) as col:
        sync_quietly(col)
        result = export_anki(col, output, decks, with_progress=with_progress)
    progress = f", {result.reviews} reviews" if with_progress else ""
    typer.echo(
        inert(f"wrote {result.path}: {result.decks} deck(s), {result.notes} notes, {result.cards} cards{progress}")
    )


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

    from pmcards.extraction import extract_files, save_decks
    from pmcards.extraction.save import DeckFileExists
    from pmcards.format.deckfile import write_deck

    err = console(stderr=True)
    quiet = len(articles) < 2 or not err.is_terminal
    progress = track(articles, "Extracting", console=err, transient=True, disable=quiet)
    results = extract_files(progress, title=title)
    if report:
        for result in results:
            typer.echo(inert(result.report()), err=True)
    if output is None:
        typer.echo(inert("\n".join(write_deck(result.deck) for result in results)), nl=False)
        return
    try:
        written = save_decks([result.deck for result in results], output, overwrite=force)
    except DeckFileExists as error:
        raise DeckFileExists(error.path, replace_with="--force") from None
    for path, result in zip(written, results, strict=True):
        typer.echo(inert(f"{path}: {len(result.deck.cards)} cards from {result.source}"), err=True)
