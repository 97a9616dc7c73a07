"""What an author says about the article, the reader or themselves rather than about the subject.

- answers put off: the text after a question says the answer comes later or elsewhere ("coming
  soon", "I'll break this one down in next week's session", "this one needs more than a post"),
  that there is none yet ("no answer here yet", "no idea yet, honestly", "TBD"), or that the
  author gives none ("We don't publish a model answer for this one");
- rhetorical questions: a question made only of pronouns, discourse words and reader talk ("See
  the pattern?", "What's yours?", "Why does this matter?"), with nothing in it a candidate could
  be asked about;
- credentials: the figures of the author's own experience ("From the 212 candidates I coached",
  "I've run 350 mock interviews"), which frame the article and are no knowledge to quote;
- polls of the audience: a speaker's "How many of you ...?", "Who here has ...?", "Raise your
  hand if ...?" ask the room, not the candidate (they count as rhetorical);
- templates: a prompt with a placeholder ("Design an AI feature for X.", "... for [industry]")
  shows the shape of a question, and is no question to practise;
- the text itself: a sentence about the issue or post ("So this issue is a short one: ...") and
  the outline labels of notes ("Context", "Opening", "Q&A", "Takeaways / todo", "Metrics hot
  takes", "Do" / "Don't"), which structure the notes and hold no knowledge of their own (a
  label about the occasion, "Context" or "Her background", frames what follows).

Each is a shape (a time or place to come together with the author's promise; a question with no
topic word; a figure counting the people or sessions an author coached, hired or interviewed; a
question to a group in the room; a placeholder; a label whose head word names a part of the notes
rather than a topic), not a list of phrases.
"""

# Articles use typographic quotes, apostrophes and dashes; the patterns must match them.
# ruff: noqa: RUF001

from __future__ import annotations

import re
from functools import lru_cache

from pmcards.extraction.text import stem, strip_markdown

# The patterns run on lowercased text without Markdown.
_PHRASES = re.compile(
    r"\b(?:coming (?:soon|in|next|up in)|answer (?:and discussion )?coming|(?:in|for|into) (?:a |the |our )?"
    r"(?:future|later|next|separate|upcoming|follow-up) (?:post|article|issue|episode|part|set|guide|session|edition|"
    r"week|newsletter|video)|in part (?:two|2|three|3|ii)"
    r"|we(?:[’']ll| will| are going to) (?:cover|take|tackle|answer|get to|go through|discuss|look at|come back)"
    r"|\b(?:we|i)(?:[’']ll| will| are going to| plan to)? (?:publish|post|share|add|write up|send)\b.{0,60}"
    r"\b(?:next (?:week|time|issue|post|episode|month)|later|soon|tomorrow)"
    r"|(?:is|are|am) (?:preparing|writing)\b.{0,30}\b(?:separate|follow-up|dedicated|up|future|next)\b"
    r"|stay tuned|to be (?:continued|announced)|\btbd\b"
    r"|will (?:add|post|share) (?:the|it|this|them)\b.{0,40}\b(?:when|once|later|next))"
)
"""Stock phrases of a postponed answer."""
_VENUE = (
    r"(?:post|article|issue|episode|session|thread|write-?up|deep dive|video|guide|newsletter|letter|stream"
    r"|livestream|live|call|class|meetup|workshop|webinar|ama|q&a|office hours|cohort|podcast|part|installment"
    r"|chapter|lesson|module|answer|paragraph|comment|reply|tweet)s?(?![\w-])"
)
_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_LATER = re.compile(
    rf"\b(?:next (?:week|month|time|one|{_DAY}|{_VENUE})|(?:upcoming|future|separate|dedicated) (?:\w+ )?{_VENUE}"
    rf"|follow-?up|later|soon|tomorrow|tonight|another (?:day|time|week|{_VENUE})|{_DAY}"
    r"|in (?:a|two|three|a few|a couple of) (?:days|weeks|months)|a couple of (?:days|weeks))\b"
)
"""A time to come, or another place: half of a postponed answer."""
_PROMISE = re.compile(
    r"\b(?:i|we)(?:[’'](?:ll|m|re|d like)| will| shall| am| are| plan| want| hope| intend| would like)\b|\blet me\b"
    r"|\b(?:answering|covering|tackling|saving|keeping|parking|holding|leaving|unpacking) (?:this|that|it|these"
    r"|those)\b|^more on (?:this|that|it)\b|\b(?:saved|reserved|kept|parked|held over) for\b"
    r"|\bwill be (?:answered|covered|tackled|addressed|discussed|explained|unpacked)\b"
)
"""The author's own promise, or the question set aside: the other half."""
_SET_ASIDE = re.compile(
    rf"\b(?:needs?|deserves?|merits?|gets?|warrants?|is worth|calls? for) (?:more than (?:a|one|this|that) {_VENUE}"
    rf"|(?:a|its|their) (?:own|whole|separate|dedicated|full|proper|longer) {_VENUE})"
    rf"|\b(?:is|[’']s|are) (?:\w+ )?(?:a|its|their) (?:own|whole|separate|dedicated) {_VENUE}"
    rf"|\b{_VENUE} (?:on|of) (?:its|their) own\b"
    rf"|\b(?:i|we|let me|let[’']s)(?:[’']ll| will| want to| need to| have to| plan to)? (?:\w+ ){{0,2}}"
    r"(?:come back|get back|circle back|return) to (?:this|that|it|them)\b|\bhold that thought\b"
    r"|\b(?:i|we)(?:[’']ll| will)? (?:keep|share|send|post|publish|maintain|have)\b[^.;]{0,40}\bfor (?:\w+ )?"
    r"(?:subscribers|members|students|clients|customers)\b"
)
"""An answer put off without a time: the question deserves a place of its own, the author will return to it,
or keeps it elsewhere ("I keep a current table for subscribers")."""
_NOT_YET = re.compile(
    r"\b(?:no|not an?|don[’']t have (?:an?|any)|do not have (?:an?|any)|haven[’']t (?:got|found) (?:an?|any))"
    r" (?:\w+ )?(?:answer|idea|clue|verdict|view|opinion)s?\b[^.;]{0,40}\byet\b"
    r"|\b(?:don[’']t|do not) know\b[^.;]{0,30}\byet\b|\bno answer (?:here|today|for now)\b"
    r"|\bnot (?:answering|covering) (?:this|that|it)\b"
    r"|\b(?:i|we)(?:[’']ve)? (?:don[’']t|do not|can[’']t|cannot|haven[’']t|have not)\b[^.;]{0,50}\byet\b"
    r"|\bstill (?:working|figuring|thinking|chewing|deciding|researching|debating|discussing|arguing)\b"
    r"[^.;]{0,12}\b(?:this|that|it)\b"
    r"|\b(?:i|we)(?:[’']ll)? (?:don[’']t|do not|won[’']t|will not|never) (?:\w+ )?(?:publish|give|share|provide|post"
    r"|offer|write) (?:an? |any |the )?(?:\w+ )?answers?\b"
    r"|\b(?:leave|leaving|pass|passing|defer|deferring) (?:that|this|it)(?: one| question)? to\b"
    r"|\b(?:discussed|covered|answered) (?:in|during) (?:the )?(?:class|session|call|workshop"
    r"|lecture|seminar|office hours)\b|\byour answer here\b|\bleft as an exercise\b"
)
"""No answer at all yet, or one given elsewhere, left to the reader or to someone else ("discussed in class",
"left as an exercise", "I'll leave that one to our recruiters")."""
_UNSETTLED = re.compile(
    r"\bstill (?:being )?(?:debated|discussed|decided|undecided|unresolved)\b"
    r"|\b(?:left|remains?|stays?) (?:still )?(?:open|unresolved|undecided|unsettled)\b(?! to\b)"
    r"|\b(?:could not|couldn[’']t|did not|didn[’']t) (?:reach|agree|settle|decide)\b"
    r"|^(?:-+>|→|=>)?\s?no (?:agreement|consensus)\b"
)
"""The question left undecided ("still being debated", "left open", "-> no agreement")."""
_UNKNOWN = re.compile(
    r"^(?:[a-z,]+ ){0,2}?(?:no (?:idea|clue)|not sure|(?:i|we)(?:[’']m| am| are)? not sure"
    r"|(?:i|we) (?:\w+ )?(?:don[’']t|do not|didn[’']t|did not) know)\b"
    r"|\b(?:i|we) (?:still )?(?:can[’']t|cannot|couldn[’']t|could not) answer\b"
    r"|\b(?:i|we) (?:still )?(?:do not|don[’']t|did not|didn[’']t) have (?:an?|any) (?:\w+ )?answer"
    r"|\bif (?:any ?one|any ?body|some ?one|some ?body) (?:here )?(?:has|knows)\b"
)
"""Whoever should answer does not know: "honestly no idea", "not sure", "a question I still can't answer", "if anyone
knows, tell me" (said at the start of a reply, or anywhere of the question itself)."""
_DEFERRAL_WORD_LIST = """
    coming future later next separate upcoming follow part we preparing writing tuned continued announced tbd add
    post share more own whole dedicated full proper longer back return thought subscribers members students clients
    customers yet answer answering covering still soon tomorrow tonight another monday tuesday wednesday thursday
    friday saturday sunday days weeks months discussed covered answered exercise here idea clue sure know anyone
    anybody someone somebody open unresolved undecided unsettled debated decided agreement consensus leave
    leaving pass passing defer deferring remain remains stay stays left reach agree settle decide
"""
_DEFERRAL_WORDS = frozenset(_DEFERRAL_WORD_LIST.split())
"""The words each way of putting an answer off needs one of: the patterns run only on a sentence holding one."""
_TOKEN = re.compile(r"[a-z]+")


def is_deferral(text: str) -> bool:
    """Whether a sentence puts its answer off: a stock phrase ("coming soon", "in part two"), a time
    or place to come with the author's promise ("I'm going to give this its own write-up next
    week", "Answering this one live at next month's meetup"), a place of its own ("this one needs
    more than a post", "let me come back to this one", "I keep a table for subscribers"), no answer
    yet ("no idea yet", "still working on this one"), none known ("honestly no idea", "if anyone knows"), or none
    agreed (see `unsettled`)."""
    low = text.lower()
    if _DEFERRAL_WORDS.isdisjoint(_TOKEN.findall(low)):
        return False
    low = strip_markdown(low).strip(" *_()[]")
    if _PHRASES.search(low) or _SET_ASIDE.search(low) or _NOT_YET.search(low) or _UNKNOWN.search(low):
        return True
    return bool(_LATER.search(low) and _PROMISE.search(low)) or unsettled(low)


def unsettled(text: str) -> bool:
    """Whether a sentence says its question was left undecided ("Left open, revisit later", "This one is still
    being debated", "-> no agreement"): what came before it was a discussion, not the answer."""
    return bool(_UNSETTLED.search(strip_markdown(text.lower())))


_NO_TOPIC_WORDS = """
    what how why who whom which when where whether is are was were am be been do does did has have had
    can could will would should shall may might must s re ll ve d t m i me my mine we us our ours you
    your they them their it its this that these those he she his her one ones the a an so and but or now
    then well really actually anyway just still even ever else any all about of to for in on with at by
    from up out here there not no yes ok okay right true wrong most more always never get got make makes
    say thing things
"""
_NO_TOPIC = frozenset(_NO_TOPIC_WORDS.split())
"""Words that name no topic: pronouns, auxiliaries, particles."""
_REMARK_WORDS = """
    yours see notice guess know sound sounds seem seems look looks feel mean means matter matters happen
    happens happened change changed think agree disagree care sense add miss missed wonder imagine
    remember familiar surprised surprising obvious crazy weird funny simple lucky pattern point catch
    result difference lesson problem twist takeaway reason answer secret trick kicker upshot fix deal
    idea story moral question list post thread article piece favorite favourite take experience thoughts
    view opinion
"""
_REMARK = frozenset(_REMARK_WORDS.split())
"""Words of a remark to the reader: seeing, agreeing, the point of it, the reader's own view."""
YOU = re.compile(r"\byou(?:r|rs|rself)?\b", re.IGNORECASE)
"""The reader (or candidate) addressed: "you", "your", "yours", "yourself"."""
_QUESTION_WORD = re.compile(r"[a-z0-9]+")
_MAX_RHETORICAL_WORDS = 8
_POLL_HINT = re.compile(r"[Oo]f you|[Hh]ere\b|[Rr]oom\b|[Hh]ands?\b")
_POLL = re.compile(
    r"\b(?:how many|which|who|any|anyone|anybody|some) of you\b|\b(?:who|anyone|anybody|everyone|somebody|someone)"
    r" (?:here|in (?:the|this) room)\b|\b(?:raise|put up|show) (?:of )?(?:your|a) hands?\b|\bhands up\b"
    r"|\bshow of hands\b"
)
"""A question to the people in the room: "how many of you", "who here", "raise your hand", "show of hands"."""


def poll(text: str) -> bool:
    """Whether a speaker polls the room ("How many of you ...?", "Raise your hand if ..."): a question to the
    audience, not to a candidate."""
    return bool(_POLL_HINT.search(text) and _POLL.search(text.lower()))


def rhetorical(question: str) -> bool:
    """Whether a question is rhetorical: a few words with no topic in them, a remark to the reader
    among pronouns and particles ("See the pattern?", "What's yours?", "Why does this matter?", "What
    would you add?"), or a poll of the audience ("How many of you could tell me ...?", "Raise your hand
    if ...?"). A knowledge question names what it is about ("Why AI?") or asks about the topic in hand
    ("What is it?")."""
    if poll(question):
        return True
    if question.count(" ") >= _MAX_RHETORICAL_WORDS:
        return False
    found = _QUESTION_WORD.findall(strip_markdown(question).lower())
    remarks = [word for word in found if word in _REMARK]
    return (
        bool(remarks)
        and len(found) <= _MAX_RHETORICAL_WORDS
        and all(word in _NO_TOPIC for word in found if word not in _REMARK)
    )


_AUTHOR = re.compile(r"\b(?:i|we|my|our|the (?:speaker|author|host|guest|writer|coach|presenter))\b", re.IGNORECASE)
_CREDENTIAL_VERB = re.compile(
    r"\b(?:coach|mentor|interview|hire|hiring|review|screen|run|ran|conduct|sat|sit|train|taught|teach|advise|help"
    r"|worked with|work with|place|judge|read|seen|saw|led|lead|manage|been|served|guide)(?:e?s|e?d|ing)?\b"
    r"(?!\s(?:for|at)\b)",
    re.IGNORECASE,
)
_COUNTED = re.compile(
    r"\+?\s(?:[\w-]+\s){0,3}?(?:candidates|people|pms|product managers|students|mentees|clients|interviews|loops"
    r"|panels|debriefs|committees|applications|applicants|resumes|résumés|cvs|sessions|hires|switchers|engineers"
    r"|founders|teams|cohorts|years|mocks|learners|job seekers|professionals|calls|screens|screenings|reviews)\b",
    re.IGNORECASE,
)
"""What an author's credential counts: the people, sessions or years of their experience."""


def credential(sentence: str, span: tuple[int, int]) -> bool:
    """Whether the figure at `span` counts the author's own experience: the sentence has the author
    (I, we, the speaker) coaching, hiring, interviewing, reviewing or running something, and the
    figure counts people, sessions or years ("From the 212 candidates I coached", "I've run 350+
    mock interviews"). A figure of the author's own story ("I applied to 61 companies") is kept."""
    return bool(_COUNTED.match(sentence, span[1]) and _AUTHOR.search(sentence) and _CREDENTIAL_VERB.search(sentence))


_PLACEHOLDER = re.compile(
    r"[XYZN](?<=[\s(“\"][XYZN])(?<!Gen [XYZN])(?<!Generation [XYZN])(?<!Series [XYZN])(?<!Type [XYZN])"
    r"(?<!Plan [XYZN])(?<!Phase [XYZN])(?![\w’'@-])"
    r"|\[(?:[a-z][\w /-]{0,30}|\.{3}|…)\]|<[a-z][\w /-]{0,30}>|\{[a-z][\w /-]{0,30}\}|_{3,}"
)
"""A placeholder: a lone X, Y, Z or N (not "Gen Z"), "[product]", "<company>", "{industry}", "___"."""


def template(question: str) -> bool:
    """Whether a question is a template with a placeholder ("Design an AI feature for X.", "How would you
    measure the success of [product]?", "Estimate the ___ market"): the shape of many prompts, no prompt
    to practise."""
    return bool(_PLACEHOLDER.search(question))


_ITSELF = re.compile(
    r"(?:(?:so|and|but|ok|okay|alright|well|in|for|on)[,:]?\s+)?(?:this|today[’']s|this week[’']s|this month[’']s)\s+"
    r"(?:issue|letter|edition|newsletter|email|episode|post|installment|dispatch|roundup|note)\b"
    r"|(?:a (?:warm )?)?welcome(?: back)?\b",
    re.IGNORECASE,
)


_ITSELF_CHARS = 40


def about_itself(sentence: str) -> bool:
    """Whether a sentence is about the issue or post itself ("So this issue is a short one: I'm writing from
    an airport with 14% battery.", "Welcome to the 120 new subscribers"): a greeting's framing, no fact to
    learn."""
    opening = sentence[:_ITSELF_CHARS].lower()
    hinted = "this" in opening or "today" in opening or "welcome" in opening
    return hinted and bool(_ITSELF.match(strip_markdown(sentence)))


_OUTLINE_WORDS = """
    context background setting logistics format attendees audience speaker speakers guest guests host hosts bio
    panel panelists opening intro introduction kickoff closing outro wrap-up wrapup ending q&a qa questions
    takeaways takeaway todo todos to-do to-dos follow-ups followups notes misc miscellaneous random agenda recap
    highlights thoughts takes quotes quotables part do dos do's don't don’t don'ts don’ts avoid
"""
_OUTLINE = frozenset(_OUTLINE_WORDS.split())
_OUTLINE_PAIRS = frozenset({"action items", "next steps", "open questions", "side notes"})
_FRAMING = frozenset(
    {"context", "background", "setting", "logistics", "format", "attendees", "audience", "speaker", "speakers",
     "guest", "guests", "host", "hosts", "bio", "panel", "panelists"}
)  # fmt: skip
_LABEL_PARTS = re.compile(r"\s{0,3}(?:/|\+|,|&(?!a\b)|\band\b)\s{0,3}", re.IGNORECASE)
_LABEL_WORD = re.compile(r"[\w&’'-]+")


def _label_heads(label: str) -> list[tuple[str, str]]:
    """The last two words of each part of a label ("Takeaways / todo" gives ("", "takeaways") and ("", "todo"))."""
    heads = []
    for part in _LABEL_PARTS.split(strip_markdown(label).lower().rstrip(" :")):
        found = _LABEL_WORD.findall(part)
        if found:
            heads.append((found[-2] if len(found) > 1 else "", found[-1]))
    return heads


@lru_cache(maxsize=4096)
def outline_label(label: str) -> bool:
    """Whether a label structures notes rather than names a topic: each part's head word names a part of the
    notes or the occasion ("Context", "Opening", "Q&A", "Takeaways / todo", "Metrics hot takes", "Do",
    "Don't", "Action items"), not what the list is about ("Day-to-day responsibilities")."""
    heads = _label_heads(label)
    return bool(heads) and all(last in _OUTLINE or f"{before} {last}" in _OUTLINE_PAIRS for before, last in heads)


@lru_cache(maxsize=4096)
def framing_label(label: str) -> bool:
    """Whether a label introduces the occasion or the people ("Context", "Her background", "About the
    speaker"): what follows frames the notes, and its figures are no facts to learn."""
    heads = _label_heads(label)
    return bool(heads) and all(last in _FRAMING for _, last in heads)


_COLLECTIVE_WORDS = "vocabulary glossary terminology jargon lingo cheatsheet checklist toolkit toolbox list shortlist"
_COLLECTIVE = frozenset(stem(word) for word in _COLLECTIVE_WORDS.split())
"""Singular nouns that name a collection of items."""
_MODIFIER_WORDS = """
    a an the my our your their his her some few more other key core top main quick last final basic common useful
    handy essential new big extra bonus must-know
"""
_MODIFIERS = frozenset(_MODIFIER_WORDS.split())
_ADJECTIVE_ENDINGS = ("ful", "al", "ic", "ive", "ous", "ent", "ant", "ary", "ed", "est", "ible", "able")
_POSTMODIFIER_WORDS = """
    worth to i we you they she he for of that on in from every each before after everyone nobody people candidates
    pms
"""
_POSTMODIFIERS = frozenset(_POSTMODIFIER_WORDS.split())
_WORD = re.compile(r"[\w’'-]+")
_MAX_MODIFIERS = 2


def _plural(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "’s", "'s"))


def _modifier(word: str, original: str) -> bool:
    """Whether a word can stand before a noun it qualifies: a determiner, a number, a hyphenated or
    adjective-like word, an acronym."""
    return (
        word in _MODIFIERS
        or word.isdigit()
        or "-" in word
        or word.endswith(_ADJECTIVE_ENDINGS)
        or (original.isupper() and len(original) > 1)
    )


@lru_cache(maxsize=4096)
def names_collection(title: str) -> bool:
    """Whether a heading only names a collection of items: its head noun is plural or collective, after at
    most two modifiers and before nothing but a qualifier ("Numbers worth knowing", "Frameworks I use",
    "Vocabulary to know cold", "Last-minute reminders"); not a claim or an instruction ("Metrics matter
    more than models", "Build eval habits")."""
    originals = _WORD.findall(strip_markdown(title))
    tokens = [word.lower() for word in originals]
    for position, word in enumerate(tokens[: _MAX_MODIFIERS + 1]):
        if _plural(word) or stem(word) in _COLLECTIVE:
            return position + 1 == len(tokens) or tokens[position + 1] in _POSTMODIFIERS
        if not _modifier(word, originals[position]):
            return False
    return False
