"""What an author says about the article, the reader or themselves rather than about the subject.

- answers put off: the text after a question says the answer comes later or elsewhere ("coming
  soon", "I'll break this one down in next week's session", "this one needs more than a post"),
  or that there is none yet ("no answer here yet", "no idea yet, honestly");
- rhetorical questions: a question made only of pronouns, discourse words and reader talk ("See
  the pattern?", "What's yours?", "Why does this matter?"), with nothing in it a candidate could
  be asked about;
- credentials: the figures of the author's own experience ("From the 212 candidates I coached",
  "I've run 350 mock interviews"), which frame the article and are no knowledge to quote.

Each is a shape (a time or place to come together with the author's promise; a question with no
topic word; a figure counting the people or sessions an author coached, hired or interviewed),
not a list of phrases.
"""

# Articles use typographic quotes, apostrophes and dashes; the patterns must match them.
# ruff: noqa: RUF001

from __future__ import annotations

import re

from pmcards.extraction.text import strip_markdown

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
    r"|\bstill (?:working|figuring|thinking|chewing|deciding|researching)\b[^.;]{0,12}\b(?:this|that|it)\b"
)
"""No answer at all yet."""
_DEFERRAL_WORD_LIST = """
    coming future later next separate upcoming follow part we preparing writing tuned continued announced tbd add
    post share more own whole dedicated full proper longer back return thought subscribers members students clients
    customers yet answer answering covering still soon tomorrow tonight another monday tuesday wednesday thursday
    friday saturday sunday days weeks months
"""
_DEFERRAL_WORDS = frozenset(_DEFERRAL_WORD_LIST.split())
"""The words each way of putting an answer off needs one of: the patterns run only on a sentence holding one."""
_TOKEN = re.compile(r"[a-z]+")


def is_deferral(text: str) -> bool:
    """Whether a sentence puts its answer off: a stock phrase ("coming soon", "in part two"), a time
    or place to come with the author's promise ("I'm going to give this its own write-up next
    week", "Answering this one live at next month's meetup"), a place of its own ("this one needs
    more than a post", "let me come back to this one", "I keep a table for subscribers"), or no answer
    yet ("no idea yet", "still working on this one")."""
    low = text.lower()
    if _DEFERRAL_WORDS.isdisjoint(_TOKEN.findall(low)):
        return False
    low = strip_markdown(low).strip(" *_()[]")
    if _PHRASES.search(low) or _SET_ASIDE.search(low) or _NOT_YET.search(low):
        return True
    return bool(_LATER.search(low) and _PROMISE.search(low))


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


def rhetorical(question: str) -> bool:
    """Whether a question is rhetorical: a few words with no topic in them, a remark to the reader
    among pronouns and particles ("See the pattern?", "What's yours?", "Why does this matter?", "What
    would you add?"). A knowledge question names what it is about ("Why AI?") or asks about the topic
    in hand ("What is it?")."""
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
