"""Studying: `review`, `status` and `exam`, and `pmcards` alone (status, then the review)."""

from __future__ import annotations

import codecs
import os
import sys
from typing import Annotated, Optional

import typer

from pmcards.cli.app import (
    DbOption,
    DeckOption,
    JsonOption,
    LearnerOption,
    TagsOption,
    Target,
    app,
    check_tags,
    console,
    in_terminal,
    open_collection,
    print_json,
    sync_quietly,
)
from pmcards.cli.views import counts_json, exam_json, exam_line, local, progress_json, progress_line
from pmcards.errors import PmcardsError
from pmcards.terminal import inert, plain


@app.callback()
def main_callback(ctx: typer.Context, db: DbOption = None, learner: LearnerOption = None) -> None:
    """Run without a command to sync the decks, see what is due and start today's review."""
    ctx.obj = Target(db, learner)
    if ctx.invoked_subcommand is None:
        status(ctx, deck=None, as_json=False)
        if in_terminal():
            review(ctx, deck=None, limit=None, ahead=0, cram=False, tags=None)
        else:
            typer.echo("Run `pmcards review` in a terminal to review these cards.")


@app.command()
def review(
    ctx: typer.Context,
    deck: DeckOption = None,
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", min=1, help="Stop after this many answers.")] = None,
    ahead: Annotated[
        int, typer.Option("--ahead", metavar="DAYS", min=0, help="Review the cards due in the next DAYS days, now.")
    ] = 0,
    cram: Annotated[
        bool, typer.Option("--cram", help="Review once each card seen before and not yet today, due or not.")
    ] = False,
    tags: TagsOption = None,
) -> None:
    """Review the cards due now in the terminal.

    --ahead and --cram study beyond today's queue (with --deck or --tag to keep to some cards);
    their answers are reviews like any other.
    """
    from pmcards.collection.collection import MAX_AHEAD

    if ahead and cram:
        raise PmcardsError("--ahead and --cram do not go together: choose one")
    if ahead > MAX_AHEAD:
        raise PmcardsError(f"--ahead takes a number of days from 1 to {MAX_AHEAD}, not {ahead}")
    if tags and not (ahead or cram):
        raise PmcardsError("--tag chooses the cards of --ahead and --cram; today's review takes every due card")
    if not in_terminal():
        raise PmcardsError("`pmcards review` needs an interactive terminal; use `pmcards status` to see what is due")
    from pmcards.review_screen import TerminalReview

    screen = console()

    def read_line(prompt: str) -> str:
        """Lines typed up to an empty line or Ctrl-D, which ends the answer wherever the cursor is and
        keeps what was typed.

        The terminal stays in line mode: it edits a line itself (backspace, Ctrl-U) and sends it on
        enter, and Ctrl-D sends the line as it stands without a newline (nothing on an empty line).
        So each read is one line, and a read that does not end in a newline is the end of the answer.
        (`input()` would wait for a newline there instead, and lose or misplace what was typed.)"""
        screen.print(prompt)
        decoder = codecs.getincrementaldecoder(sys.stdin.encoding or "utf-8")("replace")
        lines: list[str] = []
        while True:
            line = decoder.decode(os.read(sys.stdin.fileno(), 65536))
            if not line.endswith("\n"):  # Ctrl-D
                screen.print()
                return "\n".join([*lines, line] if line else lines)
            if line == "\n":
                return "\n".join(lines)
            lines.append(line[:-1])

    with open_collection(ctx) as col:
        sync_quietly(col)
        if deck is not None:
            col.deck(deck)
        check_tags(col, tags)
        review = TerminalReview(
            col,
            screen,
            deck=deck,
            limit=limit,
            ahead=ahead,
            cram=cram,
            tags=tags or (),
            read_key=typer.getchar,  # Ctrl-C ends the session, which keeps every answer; the exit is 130
            read_line=read_line,
        )
        review.run()
    if review.interrupted:
        raise typer.Exit(130)


@app.command()
def status(ctx: typer.Context, deck: DeckOption = None, as_json: JsonOption = False) -> None:
    """Show the cards due today, per deck, and the exam plan.

    New, learning and review cards due today within the daily limits, the deck's size, and when
    its next card is due.
    """
    from rich.table import Table

    with open_collection(ctx) as col:
        sync_quietly(col)
        counts = col.due_counts(deck)
        total = col.due_total(deck)
        settings = col.settings()
        progress = col.progress()
        plan = col.exam_plan()
    if as_json:
        print_json(
            {
                "decks": [counts_json(row) for row in counts],
                "total": counts_json(total),
                "limits": {"new_per_day": settings.new_per_day, "reviews_per_day": settings.reviews_per_day},
                "progress": progress_json(progress),
                "exam": exam_json(plan),
            }
        )
        return
    table = Table(
        title="Due today",
        title_justify="left",
        caption=f"Daily limits across all decks: {settings.new_per_day} new, {settings.reviews_per_day} reviews",
        caption_justify="left",
    )
    for name, justify in (("Deck", "left"), ("New", "right"), ("Learning", "right"), ("Review", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    table.add_column("Total", justify="right")
    table.add_column("Next due")
    for index, row in enumerate([*counts, total]):
        if index == len(counts):
            table.add_section()
        due = local(row.next_due, settings.zone)
        table.add_row(plain(row.title), str(row.new), str(row.learning), str(row.review), str(row.total), due)
    out = console()
    out.print(table)
    if any(sum(getattr(row, name) for row in counts) != getattr(total, name) for name in ("new", "review")):
        out.print(
            "The decks share the daily limits: each row is what that deck could take today, so the rows add up to "
            "more than All decks, which is what the review will give."
        )
    out.print(progress_line(progress))
    if plan is not None:
        out.print(plain(exam_line(plan)))


@app.command()
def exam(
    ctx: typer.Context,
    day: Annotated[
        Optional[str], typer.Argument(metavar="DATE", help="The interview's date, YYYY-MM-DD.", show_default=False)
    ] = None,
    decks: Annotated[
        Optional[list[str]],
        typer.Option("--deck", "-d", metavar="DECK", help="Only this deck (id or title); repeat for more."),
    ] = None,
    tags: TagsOption = None,
    clear: Annotated[bool, typer.Option("--clear", help="Stop preparing for the exam.")] = False,
) -> None:
    """Plan the reviews for an interview date.

    Every card in scope is introduced early enough to be reviewed several times, its last review
    falls in the days just before the date, and the daily load stays even. `pmcards status`
    shows the plan; after the date, scheduling is FSRS's alone again. Without a date, show the plan.
    A date too close to see every card in time is kept, with a warning of what the plan can do.
    """
    if clear and (day is not None or decks or tags):
        raise PmcardsError("--clear stops preparing for the exam: give it alone, without a date, --deck or --tag")
    if day is None and (decks or tags):
        raise PmcardsError("give the exam's date with --deck or --tag")
    with open_collection(ctx) as col:
        if clear:
            col.clear_exam()
            typer.echo("no exam planned: scheduling is FSRS's alone")
            return
        sync_quietly(col)
        if day is not None:
            col.set_exam(day, decks=decks or (), tags=tags or ())
        plan = col.exam_plan()
    typer.echo("no exam planned; plan one with `pmcards exam YYYY-MM-DD`" if plan is None else inert(exam_line(plan)))
