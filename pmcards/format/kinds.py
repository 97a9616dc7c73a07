"""Card kinds as data: what each kind is called in a deck file, its fields, how many cards one note
makes, how its front and back read, and the Anki note type it becomes.

Adding a kind is one entry in `KINDS` (plus its renderers): the parser, lint, sync, review, status
and the Anki export all read this registry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property

from pmcards.errors import PmcardsError
from pmcards.format import cloze

Fields = Mapping[str, str]
"""A note's content: field name -> text (Markdown)."""


@dataclass(frozen=True)
class FieldSpec:
    """One content field: its name in the API, its label in a deck file and its name in Anki."""

    name: str
    label: str
    anki_name: str
    required: bool = False


@dataclass(frozen=True)
class AnkiTemplate:
    """One Anki card template: which card it makes, and its front and back HTML."""

    name: str
    front: str
    back: str


@dataclass(frozen=True)
class AnkiNoteType:
    """The Anki note type a kind becomes. `model_id` is fixed forever: Anki keeps a note type's id
    across imports only while its fields and templates keep their names, so change those and give
    it a new id. `cloze_field` names the field whose `{{cN::...}}` markers Anki reads, if any."""

    model_id: int
    name: str
    templates: tuple[AnkiTemplate, ...]
    cloze_field: str | None = None


@dataclass(frozen=True)
class Defect:
    """A problem with a note's content: the field it is in, the offset in that field, and why."""

    field: str
    offset: int
    message: str


@dataclass(frozen=True)
class Kind:
    """A card kind.

    `ordinals(fields)` numbers the cards one note makes (0 for a kind that makes one card; Anki's
    ordinal is `max(ordinal - 1, 0)`); `front` and `back` render card `ordinal` as Markdown;
    `check` finds problems that the field labels alone cannot show (cloze syntax);
    `typed_answer` lets the learner type an answer before revealing (the review shows it beside
    the card's).
    """

    name: str
    heading: str
    fields: tuple[FieldSpec, ...]
    front_field: str
    ordinals: Callable[[Fields], tuple[int, ...]]
    front: Callable[[Fields, int], str]
    back: Callable[[Fields, int], str]
    anki: AnkiNoteType
    check: Callable[[Fields], list[Defect]] = lambda _fields: []
    typed_answer: bool = False

    @cached_property
    def field_names(self) -> tuple[str, ...]:
        """The names of the kind's fields, in order."""
        return tuple(spec.name for spec in self.fields)


def _one_card(_fields: Fields) -> tuple[int, ...]:
    return (0,)


def _field(name: str) -> Callable[[Fields, int], str]:
    return lambda fields, _ordinal: fields[name]


def _sections(*parts: tuple[str, str]) -> str:
    """Labelled Markdown sections, skipping empty ones: ("Traps", text) -> "**Traps**\\n\\ntext"."""
    return "\n\n".join(f"**{label}**\n\n{text}" if label else text for label, text in parts if text)


# -- basic ----------------------------------------------------------------------------------------

_SOURCE = '{{#Source}}<div class="pm-source">{{Source}}</div>{{/Source}}'
_ANSWER_RULE = '\n<hr id="answer">\n'

BASIC = Kind(
    name="basic",
    heading="Basic",
    fields=(FieldSpec("question", "Q", "Question", required=True), FieldSpec("answer", "A", "Answer", required=True)),
    front_field="question",
    ordinals=_one_card,
    front=_field("question"),
    back=_field("answer"),
    anki=AnkiNoteType(
        1_731_500_000_001,
        "PM Cards Basic",
        (
            AnkiTemplate(
                "Card 1",
                '<div class="pm-question">{{Question}}</div>',
                "{{FrontSide}}" + _ANSWER_RULE + '<div class="pm-answer">{{Answer}}</div>\n' + _SOURCE,
            ),
        ),
    ),
)

# -- reverse: a basic note reviewed both ways ------------------------------------------------------

REVERSE = Kind(
    name="reverse",
    heading="Reverse",
    fields=(FieldSpec("front", "Front", "Front", required=True), FieldSpec("back", "Back", "Back", required=True)),
    front_field="front",
    ordinals=lambda _fields: (1, 2),
    front=lambda fields, ordinal: fields["front" if ordinal == 1 else "back"],
    back=lambda fields, ordinal: fields["back" if ordinal == 1 else "front"],
    anki=AnkiNoteType(
        1_731_500_000_004,
        "PM Cards Reverse",
        (
            AnkiTemplate(
                "Forward",
                '<div class="pm-question">{{Front}}</div>',
                "{{FrontSide}}" + _ANSWER_RULE + '<div class="pm-answer">{{Back}}</div>\n' + _SOURCE,
            ),
            AnkiTemplate(
                "Reverse",
                '<div class="pm-question">{{Back}}</div>',
                "{{FrontSide}}" + _ANSWER_RULE + '<div class="pm-answer">{{Front}}</div>\n' + _SOURCE,
            ),
        ),
    ),
)

# -- cloze ----------------------------------------------------------------------------------------


def _cloze_defects(fields: Fields) -> list[Defect]:
    text = fields["text"]
    defects = [Defect("text", defect.offset, defect.message) for defect in cloze.scan(text)[1]]
    if not defects:
        defects = [
            Defect(
                "text",
                deletion.start,
                f"cloze deletion '{deletion.markup}' is in a link's address or an image, where neither the "
                "review nor Anki shows it: put it in the link's text",
            )
            for deletion in cloze.hidden(text)
        ]
    return defects


CLOZE = Kind(
    name="cloze",
    heading="Cloze",
    fields=(FieldSpec("text", "Text", "Text", required=True), FieldSpec("extra", "Extra", "Extra")),
    front_field="text",
    ordinals=lambda fields: cloze.numbers(fields["text"]),
    front=lambda fields, ordinal: cloze.front(fields["text"], ordinal),
    back=lambda fields, ordinal: _sections(("", cloze.back(fields["text"], ordinal)), ("", fields["extra"])),
    check=_cloze_defects,
    anki=AnkiNoteType(
        1_731_500_000_002,
        "PM Cards Cloze",
        (
            AnkiTemplate(
                "Cloze",
                '<div class="pm-cloze">{{cloze:Text}}</div>',
                '<div class="pm-cloze">{{cloze:Text}}</div>\n'
                '{{#Extra}}<hr id="answer">\n<div class="pm-extra">{{Extra}}</div>{{/Extra}}\n' + _SOURCE,
            ),
        ),
        cloze_field="text",
    ),
)

# -- interview ------------------------------------------------------------------------------------

INTERVIEW = Kind(
    name="interview",
    heading="Interview",
    fields=(
        FieldSpec("question", "Q", "Question", required=True),
        FieldSpec("key_points", "Key points", "Key points", required=True),
        FieldSpec("traps", "Traps", "Traps"),
        FieldSpec("framework", "Framework", "Framework"),
    ),
    front_field="question",
    ordinals=_one_card,
    front=_field("question"),
    back=lambda fields, _ordinal: _sections(
        ("Framework", fields["framework"]), ("Key points", fields["key_points"]), ("Traps", fields["traps"])
    ),
    anki=AnkiNoteType(
        1_731_500_000_003,
        "PM Cards Interview",
        (
            AnkiTemplate(
                "Interview",
                '<div class="pm-label">Interview question</div>\n<div class="pm-question">{{Question}}</div>',
                "{{FrontSide}}" + _ANSWER_RULE + '<div class="pm-label">Key points</div>\n'
                '<div class="pm-key-points">{{Key points}}</div>\n'
                '{{#Traps}}<div class="pm-label">Traps</div>\n<div class="pm-traps">{{Traps}}</div>{{/Traps}}\n'
                '{{#Framework}}<div class="pm-label">Framework</div>\n'
                '<div class="pm-framework">{{Framework}}</div>{{/Framework}}\n' + _SOURCE,
            ),
        ),
    ),
    typed_answer=True,
)

KINDS: dict[str, Kind] = {kind.name: kind for kind in (BASIC, REVERSE, CLOZE, INTERVIEW)}
"""Every card kind, by name, in the order the documentation lists them."""


def kind_named(name: str) -> Kind:
    """The kind called `name`; a `PmcardsError` naming the known kinds otherwise."""
    try:
        return KINDS[name]
    except KeyError:
        raise PmcardsError(f"unknown card kind {name!r} (kinds: {', '.join(KINDS)})") from None
