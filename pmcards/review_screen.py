"""The terminal review session: show a card, reveal it, rate it, and sum up at the end.

Keys: space or enter reveals; 1-4 rate (space or enter = Good); `t` types an answer to an
interview card first; `m` shows more of an answer too long for the screen; `u` undoes the last
answer; `s` suspends the card's note; `b` buries it until tomorrow; `q` quits. Every answer is
committed as it is given, so quitting, Ctrl-C or a closed terminal loses nothing.

The screen fits the terminal: the header and the key bar take one line each, the question always
stays in view (above an answer, cut to half the window if it is taller), and an answer too long
for the rest is shown a screenful at a time, each page starting where the last one ended.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from fsrs import Rating
from rich.console import Console, Group, RenderableType
from rich.markdown import Markdown
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from pmcards.cli.views import card_name, plural
from pmcards.collection import Collection
from pmcards.collection.reading import StoredCard
from pmcards.errors import PmcardsError
from pmcards.schedule.settings import format_duration
from pmcards.terminal import inert, plain

MAX_ANSWER_SECONDS = 60.0
"""Time on one card counts at most this long (as in Anki), so a break does not skew the log."""

KeyReader = Callable[[], str]
LineReader = Callable[[str], str]
_STYLES = {Rating.Again: "red", Rating.Hard: "yellow", Rating.Good: "green", Rating.Easy: "blue"}


def provenance(card: StoredCard) -> str:
    """Where the card comes from: article and section."""
    return " · ".join(part for part in (card.source, card.section) if part)


def key_bar(parts: Sequence[tuple[str, str]], width: int) -> Text:
    """The keys as one line: each part (text, style) in turn while it fits in `width`."""
    bar = Text(no_wrap=True, overflow="crop")
    for text, style in parts:
        if bar.cell_len + len(text) > width:
            break
        bar.append(text, style=style)
    return bar


def rating_keys(intervals: dict[Rating, timedelta]) -> list[tuple[str, str]]:
    """'1 Again 1m  2 Hard 6m  3 Good 10m  4 Easy 8d', each rating with the interval it would give."""
    return [
        (f"{int(rating)} {rating.name} {format_duration(intervals[rating])}  ", f"bold {_STYLES[rating]}")
        for rating in Rating
    ]


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
    def again_rate(self) -> float | None:
        """The share of answers that were Again; None before the first answer."""
        return self.ratings.count(int(Rating.Again)) / self.done if self.done else None


class Quit(Exception):
    """The learner asked to stop."""


class TerminalReview:
    """One review session over a collection, drawn on a rich console and driven by key presses.

    `ahead` (days) and `cram` study beyond today's queue (see `Collection.next_card`), `tags`
    keeping to some cards.
    """

    def __init__(
        self,
        col: Collection,
        console: Console,
        *,
        deck: str | None = None,
        limit: int | None = None,
        ahead: int = 0,
        cram: bool = False,
        tags: Sequence[str] = (),
        read_key: KeyReader,
        read_line: LineReader,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.col = col
        self.console = console
        self.deck = deck
        self.limit = limit
        self.ahead, self.cram, self.tags = ahead, cram, tuple(tags)
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
        """One line: the deck, the card's id, what is due and what is done."""
        due = self.col.due_total(self.deck)
        counts = Text.assemble(
            ("  new ", "dim"),
            (str(due.new), "blue"),
            (" learn ", "dim"),
            (str(due.learning), "red"),
            (" review ", "dim"),
            (str(due.review), "green"),
            (f"  done {self.stats.done}" + (f"/{self.limit}" if self.limit is not None else ""), "dim"),
        )
        name = Text(f"  {card_name(card)}", style="cyan")
        room = max(8, self.console.width - counts.cell_len - name.cell_len - 1)
        title = plain(self.col.deck(card.deck_id).title, "bold")
        title.truncate(room, overflow="ellipsis")
        return Text.assemble(title, name, counts, no_wrap=True, overflow="crop")

    def _front(self, card: StoredCard, height: int | None = None) -> Panel:
        """The question in its panel, cut to `height` lines (and saying so) when it is taller."""
        question = Markdown(inert(card.front()))
        panel = Panel(question, title=card.kind, title_align="left")
        if height is None or (full := len(self._lines(panel))) <= height:
            return panel
        cut = Text(f"… question cut, {plural(full - height, 'more line')}", style="dim")
        return Panel(question, title=card.kind, title_align="left", height=height, subtitle=cut, subtitle_align="left")

    def _show_front(self, card: StoredCard, front: Panel | None = None) -> None:
        """Clear the screen and show the notice of the last action, the header and the question
        (`front` if given: the question cut to fit above an answer)."""
        self.console.clear()
        if self._notice:
            self.console.print(self._notice)
            self._notice = ""
        self.console.print(self._header(card), no_wrap=True, overflow="crop")
        self.console.print(front or self._front(card))

    def _back(self, card: StoredCard, typed: str) -> RenderableType:
        answer: RenderableType = Markdown(inert(card.back()))
        if typed:
            grid = Table.grid(expand=True, padding=(0, 2))
            grid.add_column(ratio=1)
            grid.add_column(ratio=1)
            grid.add_row(
                Group(Text("Your answer", style="bold"), plain(typed)),
                Group(Text("A strong answer", style="bold"), answer),
            )
            answer = grid
        source = provenance(card)
        body: RenderableType = Group(answer, Text(), plain(source, "dim italic")) if source else answer
        return Panel(body, border_style="green")

    def _lines(self, renderable: RenderableType) -> list[Text]:
        """`renderable` as the lines it takes at the console's width."""
        options = self.console.options.update(width=self.console.width)
        lines = []
        for segments in self.console.render_lines(renderable, options, pad=False):
            line = Text()
            for segment in segments:
                line.append(segment.text, segment.style)
            lines.append(line)
        return lines

    def _show_back(self, card: StoredCard, typed: str, offset: int) -> int | None:
        """Show the question and, below it, the answer from line `offset`, as much as fits; return
        the line the next page starts at, or None when the answer has been shown to its end.

        The question takes at most half the window, so that a page always has room for the answer."""
        usable = self.console.height - 3  # all but the header, the key bar and the line the cursor rests on
        front = self._front(card, height=max(3, usable // 2))
        self._show_front(card, front)
        room = max(3, usable - len(self._lines(front)))
        lines = self._lines(self._back(card, typed))
        for line in lines[offset : offset + room]:
            self.console.print(line, no_wrap=True, overflow="crop")
        return offset + room if offset + room < len(lines) else None

    # -- keys -----------------------------------------------------------------------------------

    def _key(self, bar: Text, allowed: str) -> str:
        self.console.print(bar, no_wrap=True, overflow="crop")
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
            count = len(self.col.suspend(card))
            self.stats.suspended += 1
            self._notice = f"[yellow]Suspended[/] {card.card_id} ({plural(count, 'card')}) until `pmcards unsuspend`."
        else:
            count = len(self.col.bury(card))
            self.stats.buried += 1
            self._notice = f"[yellow]Buried[/] {card.card_id} ({plural(count, 'card')}) until tomorrow."

    def _undo(self) -> bool:
        """Take back the session's last answer, suspension or burial; say whether there was one."""
        if not self._history:
            self._notice = "[dim]Nothing to undo in this session.[/]"
            return False
        action, card = self._history.pop()
        if action == "answer":
            try:
                self._undone = self.col.undo()
            except PmcardsError as error:  # answered again in another session meanwhile
                self._notice = f"[red]Not undone:[/] {escape(inert(str(error)))}"
                return False
            self.stats.ratings.pop()
        elif action == "suspend":
            self.col.unsuspend(card)
            self._undone = self.col.card(card.pk)
            self.stats.suspended -= 1
        else:
            self.col.unbury(card)
            self._undone = self.col.card(card.pk)
            self.stats.buried -= 1
        self._notice = "[cyan]Undone:[/] this card is back as it was."
        return True

    # -- one card -------------------------------------------------------------------------------

    def _review(self, card: StoredCard) -> None:
        self._show_front(card)
        shown_at = self.clock()
        typed = ""
        typed_answer = card.spec.typed_answer
        question = [("space reveal  ", "bold"), *([("t type your answer  ", "bold")] if typed_answer else [])]
        extras = [("u undo  ", "dim"), ("q quit  ", "dim"), ("s suspend  ", "dim"), ("b bury", "dim")]
        allowed = "space enter u s b" + (" t" if typed_answer else "")
        while True:
            key = self._key(key_bar([*question, *extras], self.console.width), allowed)
            if key == "t":
                typed = self.read_line("Your answer (an empty line or Ctrl-D ends it):")
                break
            if key == "u":
                if self._undo():
                    return
                self._show_front(card)
                continue
            if key in ("s", "b"):
                self._flag(key, card)
                return
            break
        intervals = self.col.preview(card)
        offset = 0
        while True:
            following = self._show_back(card, typed, offset)
            parts = rating_keys(intervals) + ([("m more  ", "bold")] if following is not None else []) + extras
            key = self._key(key_bar(parts, self.console.width), "1 2 3 4 space enter u s b m")
            if key != "m":
                break
            offset = offset if following is None else following
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
                card = self._undone or self.col.next_card(self.deck, ahead=self.ahead, cram=self.cram, tags=self.tags)
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
        if self.ahead or self.cram:
            self.console.print("[green]Nothing more to study here.[/]")
            return
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
        table.add_row("Again", "-" if stats.again_rate is None else f"{stats.again_rate:.0%}")
        table.add_row("Time", f"{minutes}m {seconds:02d}s")
        if stats.suspended or stats.buried:
            table.add_row("Suspended / buried", f"{stats.suspended} / {stats.buried}")
        reviews = tomorrow.review + tomorrow.learning
        table.add_row("Due tomorrow", f"{plural(reviews, 'review')}, {tomorrow.new} new")
        streak = self.col.progress().streak_days
        table.add_row("Streak", plural(streak, "day"))
        self.console.print(Panel(table, title="Session summary", title_align="left", expand=False))
