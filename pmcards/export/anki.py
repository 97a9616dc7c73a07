"""Export to Anki: an `.apkg` file, built with genanki, that the real Anki imports.

Each pmcards card becomes one Anki note whose GUID derives from the card's id, and the note types
have fixed ids, so importing a newer export updates the notes Anki already has and adds the new
ones, without duplicates. Decks go under a parent deck "PM Cards". Markdown becomes HTML through
cmark in safe mode (markdown-it-py for text holding raw HTML, which it escapes), so a card's text
cannot inject markup or script.

With progress, each card's schedule (due, interval, state, learning steps left), FSRS memory state
and review log are written into the collection that genanki builds, before it is zipped.
"""

from __future__ import annotations

import functools
import hashlib
import html
import itertools
import json
import os
import re
import secrets
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import cmarkgfm  # type: ignore[import-untyped]
import genanki  # type: ignore[import-untyped]
from genanki.apkg_col import APKG_COL  # type: ignore[import-untyped]
from genanki.apkg_schema import APKG_SCHEMA  # type: ignore[import-untyped]
from markdown_it import MarkdownIt

from pmcards.collection import Collection
from pmcards.collection.collection import Deck
from pmcards.collection.history import StoredLog
from pmcards.collection.reading import StoredCard, StoredNote, notes_of
from pmcards.errors import PmcardsError
from pmcards.files import unusable_name
from pmcards.format import cloze
from pmcards.format.kinds import KINDS, Kind, kind_named
from pmcards.schedule.day import DAY_US, Calendar
from pmcards.schedule.scheduler import FORGOTTEN, scheduler_for
from pmcards.schedule.settings import Settings
from pmcards.schedule.state import CardState

PARENT_DECK = "PM Cards"
"""The Anki deck that holds one subdeck per pmcards deck."""

PARENT_DECK_ID = 1_731_500_000_000
"""A fixed id, so every export's decks land under the same parent."""


CSS = """\
.card {
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 20px;
  line-height: 1.5;
  text-align: left;
  max-width: 36em;
  margin: 0 auto;
  padding: 0.5em 1em 1.5em;
}
p { margin: 0.4em 0; }
ul, ol { margin: 0.4em 0; padding-left: 1.4em; }
li { margin: 0.2em 0; }
a { color: inherit; }
code {
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  font-size: 0.9em;
  padding: 0.1em 0.3em;
  border-radius: 4px;
  background: rgba(127, 127, 127, 0.15);
}
pre { overflow-x: auto; padding: 0.6em; border-radius: 6px; background: rgba(127, 127, 127, 0.12); }
pre code { padding: 0; background: none; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid rgba(127, 127, 127, 0.4); padding: 0.25em 0.5em; }
blockquote { margin: 0.5em 0; padding-left: 0.8em; border-left: 3px solid rgba(127, 127, 127, 0.4); }
hr#answer { border: 0; border-top: 1px solid rgba(127, 127, 127, 0.35); margin: 1em 0; }
.pm-question { font-weight: 600; }
.pm-label {
  font-size: 0.7em;
  font-weight: 600;
  letter-spacing: 0.06em;
  text-transform: uppercase;
  opacity: 0.6;
  margin-top: 1em;
}
.pm-traps { border-left: 3px solid #d9822b; padding-left: 0.7em; }
.cloze { font-weight: 700; color: #1565c0; }
.pm-source { font-size: 0.65em; opacity: 0.6; margin-top: 2em; }
.nightMode .cloze, .night_mode .cloze { color: #82b1ff; }
.nightMode .pm-traps, .night_mode .pm-traps { border-left-color: #f0a35e; }
@media (max-width: 480px) {
  .card { font-size: 18px; padding: 0.25em 0.5em 1em; }
}
"""


def note_type(kind: Kind) -> genanki.Model:
    """The Anki note type of a card kind (its registry entry says which): the kind's fields, then
    the card's source; its templates; pmcards' style."""
    return genanki.Model(
        kind.anki.model_id,
        kind.anki.name,
        fields=[{"name": spec.anki_name} for spec in kind.fields] + [{"name": "Source"}],
        templates=[
            {"name": template.name, "qfmt": template.front, "afmt": template.back} for template in kind.anki.templates
        ],
        css=CSS,
        model_type=genanki.Model.CLOZE if kind.anki.cloze_field else genanki.Model.FRONT_BACK,
    )


NOTE_TYPES = {name: note_type(kind) for name, kind in KINDS.items()}

_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
"""Renders what cmark cannot: text with raw HTML (which it escapes) and inline cloze answers."""
_RAW_HTML_OMITTED = "<!-- raw HTML omitted -->"
"""What cmark's safe mode writes in place of raw HTML."""
_MARKUP = r"*_`~<|\[\]\\&\x00\ufeff"
"""Characters that Markdown (or cmark, for NUL and a byte-order mark) may turn into something else
anywhere in a line."""
_PLAIN_TEXT = re.compile(rf"[^\s\d#>+=\-{_MARKUP}][^\n\r{_MARKUP}]*(?<!\s)")
"""Text in which Markdown finds nothing to do (one line with no markup, no entity, nothing that
could start a block): it becomes a paragraph of the text as it is, without calling a parser."""
_UNTRIMMED_DELETION = re.compile(r"::(?:\s|\}\})|\s(?:::|\}\})")
"""Where a deletion's answer or hint may start or end with a space, or a hint be empty, which
rendering a deletion trims away."""
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
"""Control characters: Anki's tags and one-line fields must not hold them (U+001F separates fields)."""

_CREATED = datetime(2000, 1, 1, 12, tzinfo=timezone.utc)
"""When the exported collection says it was created (in UTC, so on 1 January 2000 for Anki in any
time zone): the day numbers of due dates count from that date."""
_DAY = timedelta(days=1)
_REVLOG_KIND: dict[int, int] = {CardState.NEW: 0, CardState.LEARNING: 0, CardState.REVIEW: 1, CardState.RELEARNING: 2}
"""Anki's revlog type (learn, review, relearn) by the state a card was in when answered."""
_REVLOG_MANUAL = 4
"""Anki's revlog type of a change made by hand rather than an answer, such as a reset to new."""
_SIBLING_BURIED, _BURIED = -2, -3
"""Anki's queues of a card buried by the answer to another card of its note, and by the learner."""


@dataclass(frozen=True)
class AnkiExport:
    """What an export wrote: the file, and how many decks, notes, cards and review-log rows."""

    path: Path
    decks: int
    notes: int
    cards: int
    reviews: int
    """Review-log rows carried into Anki's revlog (0 without progress)."""


def export_anki(
    col: Collection,
    path: str | os.PathLike[str],
    decks: str | Iterable[str] | None = None,
    *,
    with_progress: bool = False,
) -> AnkiExport:
    """Write the decks of `col` (ids or titles; None for all) to the `.apkg` file `path`.

    The file is replaced atomically: a failed export leaves any earlier file as it was. With
    `with_progress`, each card's schedule, memory state and review log go along.
    """
    target = _output_path(path)
    with col.snapshot():  # notes, cards and logs as of one moment, whatever another process does
        chosen = _chosen_decks(col, decks)
        notes: dict[str, list[StoredNote]] = {deck.id: [] for deck in chosen}
        progress = _Progress.of(col, set(notes)) if with_progress else None
        for note in col.notes() if progress is None else notes_of(progress.cards.values()):
            if note.deck_id in notes:
                notes[note.deck_id].append(note)
    try:
        with tempfile.TemporaryDirectory(prefix="pmcards-anki-") as folder:
            database = Path(folder) / "collection.anki2"
            with closing(sqlite3.connect(database)) as conn:
                # A scratch file, thrown away on failure: no journal and no waiting for the disk.
                conn.execute("PRAGMA journal_mode = OFF")
                conn.execute("PRAGMA synchronous = OFF")
                written = _write_collection(conn, chosen, notes, progress, col.now())
                conn.commit()
            _write_zip(database, target)
    except (OSError, sqlite3.Error) as error:
        raise PmcardsError(f"cannot write {target}: {getattr(error, 'strerror', None) or error}") from None
    return AnkiExport(target, len(chosen), *written)


def _output_path(path: str | os.PathLike[str]) -> Path:
    target = Path(path).expanduser()
    unusable = unusable_name(target)
    if unusable is not None:
        raise PmcardsError(f"cannot write {str(target)!r}: {unusable}")
    if target.suffix.lower() != ".apkg":
        raise PmcardsError(f"cannot write {target}: the file name must end in .apkg for Anki to import it")
    try:
        folder, parent = target.is_dir(), target.parent.is_dir()
    except OSError as error:  # a name too long, say
        raise PmcardsError(f"cannot write {target}: {error.strerror or error}") from None
    if folder:
        raise PmcardsError(f"cannot write {target}: it is a folder")
    if not parent:
        raise PmcardsError(f"cannot write {target}: folder {target.parent} does not exist")
    return target


def _chosen_decks(col: Collection, names: str | Iterable[str] | None) -> list[Deck]:
    if isinstance(names, str):
        names = [names]
    chosen = list({deck.id: deck for deck in map(col.deck, names or [])}.values()) or col.decks()
    if not chosen:
        raise PmcardsError("there are no decks to export; run `pmcards sync` first")
    return chosen


def _write_zip(database: Path, target: Path) -> None:
    """Zip the collection into `target` through a temporary file beside it, then rename it into place.

    The collection is stored, not deflated, as genanki stores it, so the file is about 3.5 times
    the size (5.6 MB instead of 1.6 MB at 10,000 cards): deflating, even at the fastest level,
    added a tenth to the export's time, and the file is only a carrier for Anki's import.
    """
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        with (
            open(temporary, "xb") as file,
            zipfile.ZipFile(file, "w", zipfile.ZIP_STORED) as archive,
        ):
            archive.write(database, "collection.anki2")
            archive.writestr("media", "{}")
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


# -- notes ------------------------------------------------------------------------------------


def deck_name(deck: Deck) -> str:
    """The Anki deck of a pmcards deck: a subdeck of "PM Cards" named for its title."""
    return f"{PARENT_DECK}::{deck.title.replace('::', ':')}"


def note_guid(card_id: str) -> str:
    """The GUID of the Anki note for pmcards card `card_id`: a hash of the id alone, the same in
    every export and every release (Anki takes any string; this is quicker than genanki's)."""
    return hashlib.blake2b(f"pmcards {card_id}".encode(), digest_size=10).hexdigest()


def anki_deck_id(deck: Deck) -> int:
    """The Anki deck id of a pmcards deck: from its id, the same in every export."""
    digest = hashlib.sha256(f"pmcards deck {deck.id}".encode()).digest()
    return 1 << 31 | int.from_bytes(digest[:4], "big")


def _write_collection(
    conn: sqlite3.Connection,
    chosen: list[Deck],
    notes: dict[str, list[StoredNote]],
    progress: _Progress | None,
    now: datetime,
) -> tuple[int, int, int]:
    """Write an Anki collection of the chosen decks' notes and cards (and, with `progress`, their
    schedules and review logs) into `conn`; return the counts of notes, cards and review-log rows.

    genanki gives the empty collection, the note types' and decks' JSON; the notes and cards
    themselves are written in bulk, one statement each, with exactly the cards pmcards schedules
    (a note's cards come from its kind, as in sync).
    """
    conn.executescript(APKG_SCHEMA)
    conn.executescript(APKG_COL)
    # The rows go in before the indexes are built: one build costs less than upkeep row by row.
    indexes = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").fetchall()
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    stamp = int(now.timestamp())
    anki_decks = [genanki.Deck(PARENT_DECK_ID, PARENT_DECK, "Flashcards exported from pmcards.")]
    anki_decks += [genanki.Deck(anki_deck_id(deck), deck_name(deck), _deck_description(deck)) for deck in chosen]
    decks_json, models_json = conn.execute("SELECT decks, models FROM col").fetchone()
    decks_value = {**json.loads(decks_json), **{str(deck.deck_id): deck.to_json() for deck in anki_decks}}
    models_value = {
        **json.loads(models_json),
        **{str(model.model_id): model.to_json(stamp, PARENT_DECK_ID) for model in NOTE_TYPES.values()},
    }
    conn.execute("UPDATE col SET decks = ?, models = ?", (json.dumps(decks_value), json.dumps(models_value)))

    ids = itertools.count(int(now.timestamp() * 1000))
    positions = itertools.count(1)  # new cards' order in Anki: pmcards' deck and card order
    note_rows: list[tuple[Any, ...]] = []
    card_rows: list[tuple[Any, ...]] = []
    revlog: list[tuple[int, ...]] = []
    for deck in chosen:
        deck_id = anki_deck_id(deck)
        for note in notes[deck.id]:
            note_id, position, kind, sides = next(ids), next(positions), kind_named(note.kind), note.sides
            leech = progress is not None and note.card_id in progress.leeches
            fields = [*_content_html(kind, sides), _source_html(note.source, note.section, deck.source, deck.url)]
            tags = " " + " ".join(_note_tags(note.tags_json, leech)) + " "
            note_rows.append(
                (note_id, note_guid(note.card_id), kind.anki.model_id, stamp, -1, tags, "\x1f".join(fields), fields[0])
            )
            for ordinal in kind.ordinals(sides):
                card_id = next(ids)
                schedule: tuple[Any, ...] = (CardState.NEW, 0, position, 0, 0, 0, 0, 0, "")  # as Anki's new card
                if progress is not None and (stored := progress.card(note.card_id, ordinal)) is not None:
                    schedule = progress.schedule(stored, position, now)
                    revlog.extend(_revlog_rows(card_id, progress.logs.get(stored.pk, []), progress.used_ids))
                card_rows.append((card_id, note_id, deck_id, max(ordinal - 1, 0), stamp, *schedule))
    conn.executemany("INSERT INTO notes VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, '')", note_rows)
    conn.executemany(
        "INSERT INTO cards (id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses, left, odue,"
        " odid, flags, data) VALUES (?, ?, ?, ?, ?, -1, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?)",
        card_rows,
    )
    conn.executemany("INSERT INTO revlog VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)", revlog)
    for _, sql in indexes:
        conn.execute(sql)
    if progress is not None:
        progress.write_conf(conn)
    return len(note_rows), len(card_rows), len(revlog)


def _content_html(kind: Kind, sides: dict[str, str]) -> list[str]:
    """A note's content fields as HTML, in the order of its note type."""
    return [
        (_cloze_html if spec.name == kind.anki.cloze_field else _markdown)(sides[spec.name]) for spec in kind.fields
    ]


def _deck_description(deck: Deck) -> str:
    source = _link(deck.source or deck.url, deck.url)
    return "<br>".join(part for part in (html.escape(deck.description), source and f"Source: {source}") if part)


@functools.lru_cache(maxsize=1024)
def _source_html(source: str, section: str, deck_source: str, deck_url: str) -> str:
    """A card's provenance: its article (a link where its deck knows the URL) and section, without
    control characters (a database synced before lint refused them may hold some). (Cached: the
    cards of a section share it.)"""
    article = _link(source, deck_url) if source == deck_source else html.escape(source)
    return _CONTROL.sub("", " · ".join(part for part in (article, html.escape(section)) if part))


def _link(text: str, url: str) -> str:
    """`text` escaped, as a link to `url` when that is a web address (never a javascript: one)."""
    if text and urlsplit(url).scheme.lower() in ("http", "https"):
        return f'<a href="{html.escape(url)}">{html.escape(text)}</a>'
    return html.escape(text)


@functools.lru_cache(maxsize=1024)
def _note_tags(tags_json: str, leech: bool) -> tuple[str, ...]:
    """A note's Anki tags from its stored tags, and "leech" for a leech. (Cached: tag sets repeat.)"""
    return tuple(anki_tags([*json.loads(tags_json), *(["leech"] if leech else [])]))


def anki_tags(tags: Iterable[str]) -> list[str]:
    """Tags as Anki takes them: spaces become `_`, control characters go, each tag once (any case)."""
    kept: dict[str, str] = {}
    for tag in tags:
        clean = _CONTROL.sub("", "_".join(tag.split()))
        if clean:
            kept.setdefault(clean.lower(), clean)
    return list(kept.values())


def _markdown(text: str) -> str:
    """Markdown (CommonMark with tables and strikethrough) as HTML in which raw HTML is escaped.

    cmark (GitHub's C implementation) renders it, many times faster than any pure-Python parser;
    its safe mode drops raw HTML, so a text that has some is rendered by markdown-it-py instead,
    which shows it as text. The table and strikethrough extensions cost a parser set-up each, so
    they are attached only to a text with a `|` or `~` in it. Plain text (most of a deck) needs
    no parser at all: it becomes a paragraph with `"` and `>` escaped, exactly as cmark writes it.
    """
    text = text.replace("\x1f", "")  # Anki's field separator
    if not text:
        return ""
    if _PLAIN_TEXT.fullmatch(text):
        return "<p>" + text.replace('"', "&quot;").replace(">", "&gt;") + "</p>"
    if "|" in text or "~" in text:
        rendered: str = cmarkgfm.markdown_to_html_with_extensions(text, extensions=["table", "strikethrough"])
    else:
        rendered = cmarkgfm.markdown_to_html(text)
    if _RAW_HTML_OMITTED in rendered:
        rendered = _MARKDOWN.render(text)
    return rendered.strip()


def _inline(text: str) -> str:
    """Markdown as inline HTML: what `_markdown` makes of one paragraph, without the paragraph.
    Text that would form a block (a list, a heading) is rendered inline by markdown-it-py."""
    rendered = _markdown(text)
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        return rendered[3:-4]
    inline: str = _MARKDOWN.renderInline(text.replace("\x1f", ""))
    return inline


def _cloze_html(text: str) -> str:
    """Cloze text as HTML whose `{{cN::answer::hint}}` markers survive Markdown intact.

    Each deletion is set aside while the text around it is rendered, then put back with its
    answer and hint rendered inline, so no Markdown construct can split or swallow a marker.
    Plain text (see `_PLAIN_TEXT`) needs none of this: its markers come through as written.
    """
    if _PLAIN_TEXT.fullmatch(text) and not _UNTRIMMED_DELETION.search(text):
        return _markdown(text)
    held, deletions = cloze.hold(text)
    return cloze.HELD.sub(lambda found: _deletion(deletions[int(found.group(1))]), _markdown(held))


def _deletion(deletion: cloze.Deletion) -> str:
    inline = _inline(deletion.answer) + (f"::{_inline(deletion.hint)}" if deletion.hint else "")
    return f"{{{{c{deletion.number}::{inline}}}}}"


# -- progress ---------------------------------------------------------------------------------


@dataclass
class _Progress:
    """What an export with progress carries over: the exported cards as stored, their review
    logs, the settings of their decks, and Anki's day numbers under the learner's day."""

    cards: dict[tuple[str, int], StoredCard]
    """The exported cards by note and card number, in deck order."""
    logs: dict[int, list[StoredLog]]
    settings: dict[str, Settings]
    decays: dict[str, float]
    """The FSRS decay of each deck's parameters (Anki keeps it in a card's memory state)."""
    calendar: Calendar
    """The learner's days."""
    leeches: set[str]
    """The notes with a leech card (they get Anki's "leech" tag)."""
    notes: dict[str, list[StoredCard]] = field(default_factory=dict)
    """The exported cards of each note (by its id)."""
    used_ids: set[int] = field(default_factory=set)
    """Revlog ids taken so far (answer times in ms, made unique)."""

    @classmethod
    def of(cls, col: Collection, deck_ids: set[str]) -> _Progress:
        cards = {(card.card_id, card.ord): card for card in col.cards() if card.deck_id in deck_ids}
        logs: dict[int, list[StoredLog]] = {}
        for log in col.stored_review_logs():
            logs.setdefault(log.card_pk, []).append(log)
        learner = col.settings()
        settings = {deck_id: col.settings(deck_id) for deck_id in deck_ids}
        decays = {deck_id: scheduler_for(deck).parameters[20] for deck_id, deck in settings.items()}
        leeches = {card.card_id for card in cards.values() if card.leech}
        notes: dict[str, list[StoredCard]] = {}
        for card in cards.values():
            notes.setdefault(card.card_id, []).append(card)
        calendar = Calendar(learner.rollover_hour, learner.zone)
        return cls(cards, logs, settings, decays, calendar, leeches, notes)

    def card(self, card_id: str, ordinal: int) -> StoredCard | None:
        """The stored card; None where the database lacks one that the note's kind makes (only a
        damaged database does: the notes are read from the cards), which goes as a new card."""
        return self.cards.get((card_id, ordinal))

    def day(self, moment: datetime) -> int:
        """Anki's day number of `moment`: days since the collection's creation, the day rolling
        over at the learner's hour (the importer shifts them to the importing collection's days)."""
        return (self.calendar.date_of(moment) - _CREATED.date()).days

    def write_conf(self, conn: sqlite3.Connection) -> None:
        """Date the collection's creation and set the learner's rollover hour, which day numbers count from."""
        (conf_json,) = conn.execute("SELECT conf FROM col").fetchone()
        conf = {**json.loads(conf_json), "schedVer": 2, "rollover": self.calendar.rollover_hour, "creationOffset": 0}
        conn.execute("UPDATE col SET crt = ?, conf = ?", (int(_CREATED.timestamp()), json.dumps(conf)))

    def schedule(self, row: StoredCard, position: int, now: datetime) -> tuple[Any, ...]:
        """Anki's type, queue, due, ivl, factor, reps, lapses, left and data for a pmcards card."""
        settings = self.settings[row.deck_id]
        if row.state == CardState.NEW or row.due is None or row.last_review is None:
            kind, queue, due, interval, factor, left, data = CardState.NEW, 0, position, 0, 0, 0, ""
        else:
            kind, factor, left = row.state, 2500, 0
            span = row.due - row.last_review
            if row.state == CardState.REVIEW:
                queue, due, interval = 2, self.day(row.due), max(1, round(span / _DAY))
            else:
                learning = row.state == CardState.LEARNING
                steps = settings.learning_step_times if learning else settings.relearning_step_times
                left = max(1, len(steps) - (row.step or 0))
                queue, due = (1, int(row.due.timestamp())) if span < _DAY else (3, self.day(row.due))
                interval, factor = (0, 0) if learning else (1, 2500)
            data = ""
            if row.stability is not None and row.difficulty is not None:
                # The JSON of Anki's memory state, written as json.dumps writes numbers (more cheaply).
                lrt, decay = int(row.last_review.timestamp()), self.decays[row.deck_id]
                retention, stability, difficulty = settings.desired_retention, row.stability, row.difficulty
                data = f'{{"s": {stability!r}, "d": {difficulty!r}, "dr": {retention!r}, "decay": {decay!r}, '
                data += f'"lrt": {lrt}}}'
        if row.suspended:
            queue = -1
        elif row.buried_until is not None and row.buried_until > now:
            # The learner buries a whole note; an answer buries the other cards of its note only.
            by_learner = all(card.buried_until == row.buried_until for card in self.notes[row.card_id])
            queue = _BURIED if by_learner else _SIBLING_BURIED
        return kind, queue, due, interval, factor, row.reps, row.lapses, left, data


def _revlog_rows(card_id: int, logs: list[StoredLog], used_ids: set[int]) -> Iterator[tuple[int, ...]]:
    """Anki revlog rows (without usn) for one card's log; ids are answer times in ms, made unique."""
    last_interval = 0
    for log in logs:
        revlog_id = log.reviewed_at // 1000
        while revlog_id in used_ids:
            revlog_id += 1
        used_ids.add(revlog_id)
        if log.rating == FORGOTTEN:  # a reset to new, as Anki logs its own: by hand, no interval
            yield revlog_id, card_id, 0, 0, last_interval, 0, 0, _REVLOG_MANUAL
            last_interval = 0
            continue
        span = 0 if log.due is None else log.due - log.reviewed_at
        if log.state == CardState.REVIEW or span >= DAY_US:
            interval = max(1, round(span / DAY_US))
        else:
            interval = -max(1, round(span / 1_000_000))
        factor = 0 if log.difficulty is None else round(((log.difficulty - 1) / 9 + 0.1) * 1000)
        kind = _REVLOG_KIND[log.previous_state]
        yield revlog_id, card_id, log.rating, interval, last_interval, factor, log.duration_ms or 0, kind
        last_interval = interval
