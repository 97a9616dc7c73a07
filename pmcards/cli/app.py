"""The `pmcards` application: its error handling, the options commands share, and opening the
collection. The commands live in the modules beside this one, each a thin layer over the API.

Heavy modules are imported inside the commands, so `pmcards --help` starts fast.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from typer.core import TyperGroup

from pmcards.errors import DeckError, PmcardsError
from pmcards.terminal import inert, inert_json

if TYPE_CHECKING:
    from rich.console import Console

    from pmcards.collection import Collection


class _Group(TyperGroup):
    """Turns pmcards' own errors into a message and exit code 1, never a traceback."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except DeckError as error:
            for problem in error.problems:
                typer.echo(inert(str(problem)), err=True)
            typer.echo(f"error: {len(error.problems)} problem(s) in the decks; nothing was changed", err=True)
            raise typer.Exit(1) from None
        except PmcardsError as error:
            typer.echo(f"error: {inert(str(error))}", err=True)
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
    typer.Option(
        "--db",
        help="Database: a path, an sqlite:/// URL or a postgresql:// URL (default: $PMCARDS_DB, else a file in "
        "the user data folder).",
    ),
]
LearnerOption = Annotated[
    Optional[str],
    typer.Option(
        "--learner",
        help="Whose collection: a schema of a PostgreSQL database, a file beside an SQLite one (default: "
        "$PMCARDS_LEARNER, else the database's own).",
    ),
]
DeckOption = Annotated[Optional[str], typer.Option("--deck", "-d", help="Only this deck (id or title).")]
TagsOption = Annotated[
    Optional[list[str]], typer.Option("--tag", "-t", metavar="TAG", help="Only cards with this tag; repeat for more.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")]
PathsArgument = Annotated[
    Optional[list[Path]],
    typer.Argument(
        help="Deck files or folders (default: $PMCARDS_DECKS, else the folders of the last `pmcards sync` given "
        "some, else the built-in decks).",
        show_default=False,
    ),
]


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


@dataclass(frozen=True)
class Target:
    """The database and learner the options chose (None: the defaults)."""

    db: str | None
    learner: str | None


def database_spec(ctx: typer.Context) -> str:
    """The database the options (or `$PMCARDS_DB`) name; an in-memory one is refused, since every
    answer given to it would be gone when the command ends."""
    from pmcards.paths import chosen_database
    from pmcards.store import in_memory

    spec = chosen_database(ctx.obj.db)
    if in_memory(spec):
        raise PmcardsError(
            f"{spec!r} is an in-memory database: it would keep nothing after the command; name a file (--db study.db)"
        )
    return spec


def open_collection(ctx: typer.Context) -> Collection:
    from pmcards.collection import open_collection

    return open_collection(database_spec(ctx), learner=ctx.obj.learner)


def check_tags(col: Collection, tags: list[str] | None) -> None:
    """Refuse a `--tag` no card in use has, naming it: a typo would otherwise find nothing, silently."""
    if not tags:
        return
    from pmcards.format.cards import tag_key

    known = {tag_key(tag) for note in col.notes() for tag in note.tags}
    unknown = [tag for tag in dict.fromkeys(tags) if tag_key(tag) not in known]
    if unknown:
        names = ", ".join(f"'{tag}'" for tag in unknown)
        raise PmcardsError(f"no card has the tag {names} (tags are the `tags:` lines of the deck files)")


def sync_quietly(col: Collection) -> None:
    """Sync the default decks before review, status and export; deck problems warn but do not stop the learner."""
    try:
        col.sync()
    except DeckError as error:
        typer.echo(
            f"warning: decks not synced ({len(error.problems)} problem(s); run `pmcards lint`); "
            "showing the cards as last synced",
            err=True,
        )


def print_json(value: object) -> None:
    """Print `value` as JSON (times in ISO form, UTC) for scripts."""
    typer.echo(inert_json(json.dumps(value, indent=2, ensure_ascii=False, default=_json_value)))


def _json_value(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def in_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def main() -> None:
    """Entry point of the `pmcards` console script."""
    app()
