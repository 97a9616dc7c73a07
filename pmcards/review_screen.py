"""The terminal review session: show a card, reveal it, rate it, and sum up at the end.

Keys: space or enter reveals; 1-4 rate (space or enter = Good); `t` types an answer to an
interview card first; `m` shows more of a question or an answer too long for the screen; `u`
undoes the last answer; `s` suspends the card's note; `b` buries it until tomorrow; `q` quits.
Every answer is committed as it is given, so quitting, Ctrl-C or a closed terminal loses nothing.

The screen fits the terminal: the header takes the first line (shortened to fit, never losing the
card's name), the key bar the last ones (one line at 80 columns, wrapped between keys when
narrower), and what is between shows a page at a time: the question from its start, and once
revealed, the question (cut to half the window if it is taller) above the answer. A question or
an answer too long for its page is shown a screenful at a time, each page starting where the last
one ended (`m`).
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

from pmcards.collection import Collection
from pmcards.collection.reading import StoredCard
from pmcards.errors import PmcardsError
from pmcards.schedule.settings import format_duration
from pmcards.terminal import inert, plain
from pmcards.wording import card_name, plural

MAX_ANSWER_SECONDS = 60.0
"""Time on one card counts at most this long (as in Anki), so a break does not skew the log."""

KeyReader = Callable[[], str]
LineReader = Callable[[str], str]
Key = tuple[str, str]
"""One key of the key bar: its text ('u undo') and style."""
MORE: Key = ("m more", "bold")
_TITLE_AT_LEAST = 8
"""The header keeps the deck's title when at least this many cells of it fit (or all of it)."""
_STYLES = {Rating.Again: "red", Rating.Hard: "yellow", Rating.Good: "green", Rating.Easy: "blue"}


def provenance(card: StoredCard) -> str:
    """Where the card comes from: article and section."""
    return " · ".join(part for part in (card.source, card.section) if part)


def key_bar(keys: Sequence[Key], width: int) -> list[Text]:
    """Every key, as lines of at most `width` cells broken only between keys: two spaces apart, or
    one where that takes fewer lines (so that 80 columns hold the answer's keys on one line)."""
    return min((_wrapped(keys, width, gap) for gap in ("  ", " ")), key=len)


def _wrapped(keys: Sequence[Key], width: int, gap: str) -> list[Text]:
    lines = [Text()]
    for text, style in keys:
        if lines[-1] and lines[-1].cell_len + len(gap) + len(text) > width:
            lines.append(Text())
        if lines[-1]:
            lines[-1].append(gap)
        lines[-1].append(text, style=style)
    return lines


def rating_keys(intervals: dict[Rating, timedelta]) -> list[Key]:
    """'1 Again 1m', '2 Hard 6m', '3 Good 10m', '4 Easy 8d': each rating with the interval it would give."""
    return [
        (f"{int(rating)} {rating.name} {format_duration(intervals[rating])}", f"bold {_STYLES[rating]}")
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
        self.interrupted = False
        """Whether Ctrl-C ended the session (wherever it came: at a key, in an answer, while drawing)."""

    # -- drawing --------------------------------------------------------------------------------

    def _header(self, card: StoredCard) -> Text:
        """One line: the deck, the card's id, what is due and what is done.

        In a narrow window the counts lose their labels (new, learn and review in their colours)
        and then the deck's title is shortened or left out; the card's name stays."""
        due = self.col.due_total(self.deck)
        done = (f"  done {self.stats.done}" + (f"/{self.limit}" if self.limit is not None else ""), "dim")
        labelled = Text.assemble(
            ("  new ", "dim"),
            (str(due.new), "blue"),
            (" learn ", "dim"),
            (str(due.learning), "red"),
            (" review ", "dim"),
            (str(due.review), "green"),
            done,
        )
        short = Text.assemble(
            "  ", (str(due.new), "blue"), "+", (str(due.learning), "red"), "+", (str(due.review), "green"), done
        )
        name = Text(card_name(card), style="cyan")
        width = self.console.width
        counts = labelled if width - labelled.cell_len - name.cell_len >= _TITLE_AT_LEAST + 2 else short
        room = width - counts.cell_len - name.cell_len - 2
        title = plain(self.col.deck(card.deck_id).title, "bold")
        if room < min(_TITLE_AT_LEAST, title.cell_len):
            return Text.assemble(name, counts, no_wrap=True, overflow="crop")
        title.truncate(room, overflow="ellipsis")
        return Text.assemble(title, "  ", name, counts, no_wrap=True, overflow="crop")

    def _front(self, card: StoredCard, height: int | None = None) -> Panel:
        """The question in its panel, cut to `height` lines (and saying so) when it is taller."""
        question = Markdown(inert(card.front()))
        panel = Panel(question, title=card.kind, title_align="left")
        if height is None or (full := len(self._lines(panel))) <= height:
            return panel
        cut = Text(f"… question cut, {plural(full - height, 'more line')}", style="dim")
        return Panel(question, title=card.kind, title_align="left", height=height, subtitle=cut, subtitle_align="left")

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

    def _page(
        self,
        card: StoredCard,
        body: RenderableType,
        offset: int,
        keys: Sequence[Key],
        extras: Sequence[Key],
        *,
        under_question: bool = False,
    ) -> int | None:
        """Clear the screen and show one page: the notice of the last action, the header, the
        question cut to half the window if `under_question`, `body` from line `offset` as much as
        fits, and the key bar (`keys`, `m more` when some of `body` is left, `extras`). Return the
        line the next page starts at, or None when `body` has been shown to its end.

        The room is measured with `m more` in the bar, so every page of a body has the same room
        (but the first, which may carry the notice) and the last page's bar never takes more."""
        top = self._lines(self.console.render_str(self._notice)) if self._notice else []
        self._notice = ""
        top.append(self._header(card))
        bar = key_bar([*keys, MORE, *extras], self.console.width)
        usable = self.console.height - len(top) - len(bar) - 1  # and the line the cursor rests on
        if under_question:
            front = self._lines(self._front(card, height=max(3, usable // 2)))
            top += front
            usable -= len(front)
        room = max(3, usable)
        lines = self._lines(body)
        following = offset + room if offset + room < len(lines) else None
        if following is None:
            bar = key_bar([*keys, *extras], self.console.width)
        self.console.clear()
        for line in [*top, *lines[offset : offset + room], *bar]:
            self.console.print(line, no_wrap=True, overflow="crop")
        return following

    # -- keys -----------------------------------------------------------------------------------

    def _key(self, allowed: str) -> str:
        """The next key among `allowed` (space and enter by name); `q` or the end of input quits."""
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
        typed = ""
        typed_answer = card.spec.typed_answer
        question: list[Key] = [("space reveal", "bold"), *([("t type your answer", "bold")] if typed_answer else [])]
        extras: list[Key] = [("u undo", "dim"), ("q quit", "dim"), ("s suspend", "dim"), ("b bury", "dim")]
        allowed = "space enter u s b m" + (" t" if typed_answer else "")
        front = self._front(card)
        offset = 0
        following = self._page(card, front, offset, question, extras)
        shown_at = self.clock()
        while True:
            key = self._key(allowed)
            if key == "t":
                typed = self.read_line("Your answer (an empty line or Ctrl-D ends it):")
                break
            if key == "u" and self._undo():
                return
            if key in ("s", "b"):
                self._flag(key, card)
                return
            if key in ("space", "enter"):
                break
            offset = following if key == "m" and following is not None else offset
            following = self._page(card, front, offset, question, extras)
        intervals = self.col.preview(card)
        back = self._back(card, typed)
        offset = 0
        while True:
            following = self._page(card, back, offset, rating_keys(intervals), extras, under_question=True)
            key = self._key("1 2 3 4 space enter u s b m")
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
        except (Quit, KeyboardInterrupt, EOFError) as ending:
            self.interrupted = isinstance(ending, KeyboardInterrupt)
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
