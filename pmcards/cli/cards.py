"""Cards and settings: `cards`, `show`, `edit`, `forget`, `unsuspend`, `config` and `check`."""

from __future__ import annotations

import os
import shlex
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Annotated, Optional

import typer

from pmcards.cli.app import (
    DeckOption,
    JsonOption,
    TagsOption,
    app,
    check_tags,
    console,
    open_collection,
    print_json,
)
from pmcards.cli.views import (
    STATE_NAMES,
    card_json,
    deck_file,
    interval_text,
    local,
    log_json,
    percent,
)
from pmcards.errors import DeckError, PmcardsError
from pmcards.paths import builtin_decks
from pmcards.terminal import inert, plain
from pmcards.wording import card_name, plural

CardIdArgument = Annotated[str, typer.Argument(metavar="ID", help="The card's id (its `id:` line in the deck file).")]


@app.command()
def cards(
    ctx: typer.Context,
    deck: DeckOption = None,
    search: Annotated[str, typer.Option("--search", "-s", help="Only cards holding this text (any case).")] = "",
    tags: TagsOption = None,
    suspended: Annotated[bool, typer.Option("--suspended", help="Only suspended cards.")] = False,
    leech: Annotated[bool, typer.Option("--leech", help="Only leeches.")] = False,
    due: Annotated[bool, typer.Option("--due", help="Only cards due now.")] = False,
    new: Annotated[bool, typer.Option("--new", help="Only cards never answered.")] = False,
    as_json: JsonOption = False,
) -> None:
    """List cards: id, deck, kind, when due, stability, recall probability now, lapses."""
    from rich.table import Table

    chosen = [
        name for name, wanted in (("suspended", suspended), ("leech", leech), ("due", due), ("new", new)) if wanted
    ]
    if len(chosen) > 1:
        raise PmcardsError(f"choose one of --{' --'.join(chosen)}")
    with open_collection(ctx) as col:
        check_tags(col, tags)
        found = col.find_cards(deck, search=search, tags=tags or (), status=chosen[0] if chosen else None)
        recalls = [col.recall(card) for card in found]
        zone = col.settings().zone
    if as_json:
        print_json([card_json(card, recall) for card, recall in zip(found, recalls, strict=True)])
        return
    table = Table(caption=f"{len(found)} card(s)", caption_justify="left")
    for name in ("Id", "Deck", "Kind", "Due", "Stability", "Recall", "Lapses"):
        table.add_column(name, justify="right" if name in ("Stability", "Recall", "Lapses") else "left")
    for card, recall in zip(found, recalls, strict=True):
        name = card_name(card)
        stability = "-" if card.stability is None else f"{card.stability:.1f}d"
        flags = " (suspended)" if card.suspended else ""
        due_text = "new" if card.is_new else local(card.due, zone)
        table.add_row(
            plain(name), plain(card.deck_id), card.kind, due_text + flags, stability, percent(recall), str(card.lapses)
        )
    console().print(table)


@app.command()
def show(ctx: typer.Context, card_id: CardIdArgument, as_json: JsonOption = False) -> None:
    """Show a card: its text (question and answer), its file and line, its schedule and its whole review history."""
    from rich.markdown import Markdown
    from rich.panel import Panel
    from rich.table import Table

    with open_collection(ctx) as col:
        found = col.note_cards(card_id)
        histories = [(card, col.review_logs(card)) for card in found]
        recalls = [col.recall(card) for card in found]
        where = deck_file(col, found[0])
        zone = col.settings().zone
        now = col.now()
    first = found[0]
    if as_json:
        print_json(
            {
                "id": first.card_id,
                "deck": first.deck_id,
                "kind": first.kind,
                "fields": first.sides,
                "tags": first.tags,
                "section": first.section,
                "source": first.source,
                "file": where.rpartition(":")[0] or None,
                "line": first.line,
                "cards": [card_json(card, recall) for card, recall in zip(found, recalls, strict=True)],
                "history": sorted(
                    (log_json(log, card.ord) for card, logs in histories for log in logs),
                    key=lambda row: row["reviewed_at"],
                ),
            }
        )
        return
    out = console()
    out.print(plain(first.card_id, "bold") + plain(f" ({first.kind}) in {first.deck_id}, {where}"))
    if first.kind == "cloze":  # the note's text with every deletion in bold, then its Extra
        out.print(Panel(Markdown(inert(first.spec.back(first.sides, 0))), title=first.kind, title_align="left"))
    else:  # as the review shows it: the question, then the answer
        out.print(Panel(Markdown(inert(first.front())), title=first.kind, title_align="left"))
        out.print(Markdown(inert(first.back())))
    for card, recall in zip(found, recalls, strict=True):
        label = f"card {card.ord}: " if len(found) > 1 else ""
        stability = "-" if card.stability is None else f"{card.stability:.1f} days"
        buried = card.buried_until is not None and card.buried_until > now
        flags = ", ".join(
            name
            for name, on in (
                ("suspended", card.suspended),
                ("leech", card.leech),
                (f"buried until {local(card.buried_until, zone)}", buried),
            )
            if on
        )
        out.print(
            f"{label}{STATE_NAMES[card.state]}, due {local(card.due, zone)}, stability {stability}, "
            f"recall now {percent(recall)}, {plural(card.reps, 'review')}, {plural(card.lapses, 'lapse')}"
            + (f" ({flags})" if flags else "")
        )
    table = Table(title="History", title_justify="left")
    for name in ("When", "Card", "Rating", "Interval", "Time"):
        table.add_column(name)
    rows = sorted(((log, card) for card, logs in histories for log in logs), key=lambda pair: pair[0].reviewed_at)
    for log, card in rows:
        rating = "reset to new" if log.rating == 0 else ("Again", "Hard", "Good", "Easy")[log.rating - 1]
        spent = "-" if log.duration_ms is None else f"{log.duration_ms / 1000:.0f}s"
        table.add_row(local(log.reviewed_at, zone), str(card.ord), rating, interval_text(log), spent)
    out.print(table if rows else "History: never answered")


@app.command()
def edit(ctx: typer.Context, card_id: CardIdArgument) -> None:
    """Open a card's deck file in $EDITOR at the card's line, then sync the decks."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise PmcardsError("set $EDITOR (or $VISUAL) to the editor to open deck files with")
    with open_collection(ctx) as col:
        card = col.note_cards(card_id)[0]
        path, _, line = deck_file(col, card).rpartition(":")
        if not path:
            raise PmcardsError(f"the deck file of {card_id} is not known; run `pmcards sync` first")
        if Path(path).resolve().is_relative_to(builtin_decks().resolve()):
            raise PmcardsError(
                f"{card_id} is in a built-in deck ({path}), which an upgrade or reinstall replaces: "
                "write your own cards in a deck folder of your own and `pmcards sync` it beside the built-in decks"
            )
        try:
            finished = subprocess.run([*shlex.split(editor), f"+{line}", path], check=False)
        except OSError as error:
            raise PmcardsError(f"cannot run the editor {editor!r}: {error.strerror or error}") from None
        if finished.returncode != 0:
            raise PmcardsError(f"the editor {editor!r} stopped with exit code {finished.returncode}; nothing synced")
        try:
            col.sync()
        except DeckError as error:
            for problem in error.problems:
                typer.echo(inert(str(problem)), err=True)
            if any(Path(problem.file).resolve() == Path(path).resolve() for problem in error.problems):
                raise PmcardsError(
                    f"{path} has a problem after the edit; fix it (`pmcards edit {card_id}`): nothing synced"
                ) from None
            typer.echo(f"warning: decks not synced ({len(error.problems)} problem(s) in other files)", err=True)


@app.command()
def forget(ctx: typer.Context, card_id: CardIdArgument) -> None:
    """Reset a card (every cloze deletion of it) to new; its history stays in the log."""

    with open_collection(ctx) as col:
        reset = col.forget(card_id)
    if not reset:
        typer.echo(f"{card_id} is already new (not answered since it was last reset): nothing to forget")
        return
    typer.echo(f"{card_id}: reset to new ({plural(len(reset), 'card')}); its past answers stay in the history")


@app.command()
def unsuspend(ctx: typer.Context, card_id: CardIdArgument) -> None:
    """Put a suspended card (every cloze deletion of it) back in the reviews."""
    with open_collection(ctx) as col:
        before = col.note_cards(card_id)
        if not any(card.suspended for card in before):
            typer.echo(f"{card_id} is not suspended")
            return
        col.unsuspend(card_id)
    leech = " (it was a leech: consider rewriting it)" if any(card.leech for card in before) else ""
    typer.echo(f"{card_id}: back in the reviews{leech}")


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

    with open_collection(ctx) as col:
        if key is not None and unset:
            col.unset_setting(key, deck)
        elif key is not None and value is not None:
            col.set_setting(key, value, deck)
        effective = asdict(col.settings(deck))
        stored = col.overrides()
        deck_id = col.deck(deck).id if deck is not None else ""
    if key is not None and key not in effective:
        raise PmcardsError(f"unknown setting '{key}' (settings: {', '.join(effective)})")
    table = Table(title=plain(f"Settings{' for deck ' + deck if deck else ''}"), title_justify="left")
    table.add_column("Setting")
    table.add_column("Value", overflow="fold")  # a long path is folded, never cut short
    table.add_column("Set where")
    for name, current in effective.items():
        if key is not None and name != key:
            continue
        overrides = [
            f"deck {scope}: {_shown(values[name])}" for scope, values in stored.items() if scope and name in values
        ]
        origin = "global" if name in stored.get("", {}) else "default"
        if deck is not None and name in stored.get(deck_id, {}):
            origin = f"deck {deck_id}"
        elif overrides:
            origin += " (" + "; ".join(overrides) + ")"
        table.add_row(name, plain(_shown(current, name)), plain(origin))
    console().print(table)


def _shown(value: object, name: str = "") -> str:
    """A setting's value as the learner would type it."""
    if name == "timezone" and not value:
        return "system"
    if name == "deck_folders" and not value:
        return "built-in decks"
    if name == "exam" and not value:
        return "none"
    if name == "fsrs_parameters":
        return ", ".join(f"{number:g}" for number in value) if isinstance(value, tuple) and value else "FSRS defaults"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, (list, tuple)):
        return os.pathsep.join(str(item) for item in value)
    return str(value)


@app.command()
def check(
    ctx: typer.Context,
    repair: Annotated[bool, typer.Option("--repair", help="Rewrite mismatched cards from their logs.")] = False,
) -> None:
    """Check the database and every card against its review log.

    Runs the database's own integrity check, then replays each log through FSRS and lists the
    cards whose stored state differs (exit 1 if the database is damaged or a card was not repaired).
    """
    with open_collection(ctx) as col:
        damage = col.integrity_problems()
        for problem in damage:
            typer.echo(inert(f"database: {problem}"))
        if damage:
            raise PmcardsError(
                f"the database itself is damaged ({len(damage)} problem(s)); restore a backup "
                "(`check --repair` mends cards from their logs, not the database file)"
            )
        mismatches = col.check(repair=repair)
    for mismatch in mismatches:
        card = mismatch.card
        name = card_name(card)
        details = "; ".join(
            f"{field} stored {_value(field, stored)}, replayed {_value(field, replayed)}"
            for field, (stored, replayed) in mismatch.differences.items()
        )
        typer.echo(inert(f"{name}: {details}"))
    if not mismatches:
        typer.echo("every card matches its review log")
    elif repair:
        typer.echo(f"repaired {len(mismatches)} card(s) from their logs")
    else:
        typer.echo(f"{len(mismatches)} card(s) differ from their logs; run `pmcards check --repair`", err=True)
        raise typer.Exit(1)


def _value(field: str, value: object) -> str:
    """A stored value as text: a state by name, times in ISO form, numbers to four places."""
    if field == "state" and isinstance(value, int):
        return STATE_NAMES[value]
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)
