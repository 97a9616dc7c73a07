"""The terminal review session: show a card, reveal it, rate it, and sum up at the end.

Keys: space or enter reveals; 1-4 rate (space or enter = Good); `t` types an answer to an
interview card first; `u` undoes the last answer; `s` suspends; `b` buries; `q` quits. Every
answer is committed as it is given, so quitting, Ctrl-C or a closed terminal loses nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from fsrs import Rating
from rich.console import Console, Group, RenderableType
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from pmcards.collection import Collection
from pmcards.collection.reading import StoredCard
from pmcards.schedule.settings import format_duration

MAX_ANSWER_SECONDS = 60.0
"""Time on one card counts at most this long (as in Anki), so a break does not skew the log."""

KeyReader = Callable[[], str]
LineReader = Callable[[str], str]


def provenance(card: StoredCard) -> str:
    """Where the card comes from: article and section."""
    return " · ".join(part for part in (card.source, card.section) if part)


def rating_bar(intervals: dict[Rating, timedelta]) -> Text:
    """'1 Again 1m  2 Hard 6m  3 Good 10m  4 Easy 8d', each with the interval it would give."""
    styles = {Rating.Again: "red", Rating.Hard: "yellow", Rating.Good: "green", Rating.Easy: "blue"}
    bar = Text()
    for rating in Rating:
        bar.append(f"{int(rating)} {rating.name} ", style=f"bold {styles[rating]}")
        bar.append(f"{format_duration(intervals[rating])}   ")
    return bar


@dataclass
class SessionStats:
    """What the learner did in one session."""

    ratings: list[int] = field(default_factory=list)
    suspended: int = 0
    buried: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def done(self) -> int:
        return len(self.ratings)

    @property
    def again_rate(self) -> float:
        return self.ratings.count(int(Rating.Again)) / self.done if self.done else 0.0


class Quit(Exception):
    """The learner asked to stop."""


class TerminalReview:
    """One review session over a collection, drawn on a rich console and driven by key presses."""

    def __init__(
        self,
        col: Collection,
        console: Console,
        *,
        deck: str | None = None,
        limit: int | None = None,
        read_key: KeyReader,
        read_line: LineReader,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.col = col
        self.console = console
        self.deck = deck
        self.limit = limit
        self.read_key = read_key
        self.read_line = read_line
        self.clock = clock
        self.stats = SessionStats(started=clock())
        self._undone: StoredCard | None = None
        self._history: list[tuple[str, StoredCard]] = []
        """What `u` can take back, newest last: ("answer" | "suspend" | "bury", the card)."""
        self._notice = ""
        """A message about the last action, shown above the next card (the screen is cleared)."""

    # -- drawing --------------------------------------------------------------------------------

    def _header(self, card: StoredCard) -> Text:
        due = self.col.due_total(self.deck)
        header = Text()
        header.append(self.col.deck(card.deck_id).title, style="bold")
        header.append("   new ", style="dim")
        header.append(str(due.new), style="blue")
        header.append("  learning ", style="dim")
        header.append(str(due.learning), style="red")
        header.append("  review ", style="dim")
        header.append(str(due.review), style="green")
        header.append(f"   done {self.stats.done}", style="dim")
        if self.limit is not None:
            header.append(f" of {self.limit}", style="dim")
        return header

    def _show_front(self, card: StoredCard) -> None:
        self.console.clear()
        if self._notice:
            self.console.print(self._notice)
            self._notice = ""
        self.console.rule(self._header(card))
        self.console.print(Panel(Markdown(card.front()), title=card.kind, title_align="left"))

    def _show_back(self, card: StoredCard, typed: str) -> None:
        answer: RenderableType = Markdown(card.back())
        if typed:
            grid = Table.grid(expand=True, padding=(0, 2))
            grid.add_column(ratio=1)
            grid.add_column(ratio=1)
            grid.add_row(
                Group(Text("Your answer", style="bold"), Text(typed)),
                Group(Text("A strong answer", style="bold"), answer),
            )
            answer = grid
        source = provenance(card)
        body: RenderableType = Group(answer, Text(), Text(source, style="dim italic")) if source else answer
        self.console.print(Panel(body, border_style="green"))

    # -- keys -----------------------------------------------------------------------------------

    def _key(self, prompt: Text | str, allowed: str) -> str:
        self.console.print(prompt)
        while True:
            key = self.read_key()
            if key == "":  # end of input: the terminal has gone
                raise Quit
            key = "enter" if key in ("\r", "\n") else ("space" if key == " " else key.lower())
            if key == "q":
                raise Quit
            if key in allowed.split():
                return key

    def _flag(self, key: str, card: StoredCard) -> None:
        self._history.append(("suspend" if key == "s" else "bury", card))
        if key == "s":
            self.col.suspend(card)
            self.stats.suspended += 1
            self._notice = f"[yellow]Suspended[/] {card.card_id}: it stays out of reviews until `pmcards unsuspend`."
        else:
            self.col.bury(card)
            self.stats.buried += 1
            self._notice = f"[yellow]Buried[/] {card.card_id} until tomorrow."

    def _undo(self) -> bool:
        """Take back the session's last answer, suspension or burial; say whether there was one."""
        if not self._history:
            self.console.print("[dim]Nothing to undo in this session.[/]")
            return False
        action, card = self._history.pop()
        if action == "answer":
            self._undone = self.col.undo()
            self.stats.ratings.pop()
        elif action == "suspend":
            self._undone = self.col.unsuspend(card)
            self.stats.suspended -= 1
        else:
            self._undone = self.col.unbury(card)
            self.stats.buried -= 1
        self._notice = "[cyan]Undone:[/] this card is back as it was."
        return True

    # -- one card -------------------------------------------------------------------------------

    def _review(self, card: StoredCard) -> None:
        self._show_front(card)
        shown_at = self.clock()
        typed = ""
        question_keys = "space enter u s b" + (" t" if card.kind == "interview" else "")
        hint = "[bold]space[/] reveal" + ("  [bold]t[/] type your answer" if card.kind == "interview" else "")
        while True:
            key = self._key(f"{hint}   [dim]u undo  s suspend  b bury  q quit[/]", question_keys)
            if key == "t":
                typed = self.read_line("Your answer (end with an empty line):")
                break
            if key == "u":
                if self._undo():
                    return
                continue
            if key in ("s", "b"):
                self._flag(key, card)
                return
            break
        self._show_back(card, typed)
        bar = rating_bar(self.col.preview(card))
        bar.append("u undo  s suspend  b bury  q quit", style="dim")
        key = self._key(bar, "1 2 3 4 space enter u s b")
        if key == "u":
            self._undo()
            return
        if key in ("s", "b"):
            self._flag(key, card)
            return
        rating = 3 if key in ("space", "enter") else int(key)
        seconds = min(self.clock() - shown_at, MAX_ANSWER_SECONDS)
        result = self.col.answer(card, rating, seconds)
        self.stats.ratings.append(rating)
        self._history.append(("answer", card))
        if result.became_leech:
            self._notice = (
                f"[bold red]Leech:[/] {card.card_id} has lapsed {result.schedule.lapses} times and is now suspended. "
                "Rewrite it or split it, then `pmcards unsuspend` it."
            )

    # -- the session ----------------------------------------------------------------------------

    def run(self) -> SessionStats:
        """Review until nothing is due, the limit is reached, or the learner quits."""
        try:
            while self.limit is None or self.stats.done < self.limit:
                card = self._undone or self.col.next_card(self.deck)
                self._undone = None
                if card is None:
                    self._nothing_due()
                    break
                self._review(card)
        except (Quit, KeyboardInterrupt, EOFError):
            self.console.print()
        self._summary()
        return self.stats

    def _nothing_due(self) -> None:
        when = self.col.due_total(self.deck).next_due
        if when is not None:
            wait = format_duration(max(when - self.col.now(), timedelta(0)))
            local = when.astimezone(self.col.settings().zone).strftime("%a %d %b %H:%M")
            self.console.print(f"[green]Nothing is due now.[/] The next card is due in {wait} ({local}).")
        else:
            self.console.print("[green]Nothing is due now.[/] New cards for today are done; more come tomorrow.")

    def _summary(self) -> None:
        if self._notice:
            self.console.print(self._notice)
        stats = self.stats
        minutes, seconds = divmod(int(self.clock() - stats.started), 60)
        tomorrow = self.col.due_total(self.deck, now=self.col.day_bounds()[1])
        table = Table.grid(padding=(0, 2))
        table.add_row("Cards done", str(stats.done))
        table.add_row("Again", f"{stats.again_rate:.0%}")
        table.add_row("Time", f"{minutes}m {seconds:02d}s")
        if stats.suspended or stats.buried:
            table.add_row("Suspended / buried", f"{stats.suspended} / {stats.buried}")
        table.add_row("Due tomorrow", f"{tomorrow.review + tomorrow.learning} reviews, {tomorrow.new} new")
        streak = self.col.progress().streak_days
        table.add_row("Streak", f"{streak} day{'' if streak == 1 else 's'}")
        self.console.print(Panel(table, title="Session summary", title_align="left", expand=False))
