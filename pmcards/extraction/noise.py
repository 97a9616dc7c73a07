"""What in an article is not knowledge: calls to action, advertisements, link lists, navigation,
metadata and bylines, legends, footers and postal addresses (answers put off to later are in
`discourse`)."""

# Articles use typographic quotes, apostrophes and dashes; the patterns must match them.
# ruff: noqa: RUF001

from __future__ import annotations

import re

from pmcards.extraction.text import sentences, strip_markdown, words

# The patterns run on lowercased text (case-insensitive matching is many times slower).
_PROMO = (
    r"free|now|today|newsletter|course|e-?book|book|playbook|system|program|bootcamp|masterclass|webinar"
    r"|discount|coupon|code|trial|waitlist|here|link|below|community|cohort|template|toolkit"
)
_CTA_ALWAYS = re.compile(
    r"(?:ready to|subscribe|sign up|click here|buy now|order now|enrol+ now|don[’']t miss|follow (?:me|us)\b"
    r"|share (?:this|on)\b|join (?:our|the|my) (?:newsletter|community|waitlist|list|cohort|course)"
    r"|download (?:the|our|my|your) free)"
)
_CTA_ANYWHERE = re.compile(
    r"\b(?:subscribe (?:to|here|now|for)|sign up (?:below|here|now|for|to get)|tell (?:me|us) in the comments"
    r"|leave a (?:comment|reply)|comments are open|give (?:it|this|us) a clap|follow (?:me|us) (?:on|for)"
    r"|rate (?:us|this)|save your (?:seat|spot)|reserve your (?:seat|spot)"
    r"|chat with (?:an?|our) (?:advisor|coach|expert)|upgrade to|spots are limited|get an email whenever"
    r"|you are receiving this|unsubscribe|view in (?:your )?browser|reply to this email|forward (?:it|this) to"
    r"|suggest (?:it|one|a term) here"
    r"|link in (?:my )?(?:bio|profile)"
    r"|if (?:this|you found this|you liked this) (?:was |post |guide )?(?:useful|helpful|helped)|enjoyed this"
    r"|if you enjoyed|still have (?:a |any )?questions?"
    r"|want me to review|book (?:a|your) (?:free |1:1 |one-on-one )?(?:call|session|demo|mock|coaching)"
    r"|(?:i|we) (?:run|offer) (?:\[)?(?:mock interviews|coaching|1:1)|thanks for (?:joining|reading|listening)"
    r"|wherever you get your podcasts|see you (?:next|on|then|soon|\w+day)\b"
    r"|(?:drop|share|post|leave|put|tell (?:me|us)|let (?:me|us) know)\b[^.!?]{0,40}"
    r"\b(?:below|in the (?:comments|replies)|in a (?:comment|reply))"
    r"|hit reply|reply and (?:tell|let|share)|join (?:our|the|my) (?:newsletter|community|waitlist|list|cohort|course)"
    r"|\b(?:repost|reshare)\b)"
)
_CTA_HINTS = (
    "subscribe", "sign up", "comment", "leave a", "clap", "follow me", "follow us", "rate us", "rate this",
    "your seat", "your spot", "chat with", "upgrade to", "spots are", "an email", "receiving this", "browser",
    "this email", "forward", "suggest", "if this", "if you found", "if you liked", "enjoyed this", "if you enjoyed",
    "still have", "me to review", "book a", "book your", "mock interview", "coaching", "1:1", "thanks for",
    "podcasts", "see you", "below", "repl", "join ", "repost", "reshare", "link in",
)  # fmt: skip
"""A substring of each of `_CTA_ANYWHERE`'s phrases: the pattern runs only on text holding one."""
_CTA_VERB = re.compile(
    r"(?:get|grab|download|join|check out|learn more|read more|find out more|start|try|book|register|claim|enrol+)\b"
)
_PROMO_WORD = re.compile(rf"\b(?:{_PROMO})\b")
_ADVERT_HINTS = (
    "amazon", "kindle", "audible", "gumroad", "book", "sponsor", "affiliate", "code", "coupon", "% off", "course",
    "newsletter", "camp", "masterclass", "cohort", "program", "academy", "prep system", "coach", "try it free",
)  # fmt: skip
_ADVERT = re.compile(
    r"available (?:on|at|from) (?:amazon|kindle|audible|gumroad)|\bthe (?:e-?)?book is\b|\bsponsor(?:ed|s)?\b"
    r"|affiliate link|\buse (?:code|coupon)\b|\bpromo code\b|\b\d+% off\b|\btry it free\b"
    r"|\b(?:my|our) (?:new )?(?:book|e-?book|course|newsletter|bootcamp|masterclass|cohort|program)\b"
    r"|\bwith one of our coaches\b"
)
_PRODUCT_NAME = re.compile(
    r"\b(?:[A-Z][\w-]*\s+){1,4}(?:Playbook|Handbook|Masterclass|Bootcamp|Academy|Prep System|Course|Newsletter)\b"
)
_FOOTER_HINTS = ("©", "(c)", "all rights reserved", "privacy policy", "terms of service", "terms of use", "cookie")
_LINK = r"(?:\[[^\]]{0,300}\]\([^)\s]{0,500}\)|<?https?://[^\s>]{1,500}>?)"
_LINK_ONLY = re.compile(rf"{_LINK}(?:\s{{0,3}}[-–—|,·•]?\s{{0,3}}{_LINK})*[.,;]?")
_IMAGE_ONLY = re.compile(r"(?:!\[[^\]]{0,300}\]\([^)\s]{0,500}\)\s{0,3})+")
_TABLE_OF_CONTENTS = re.compile(
    r"(?:in this (?:guide|post|article|issue)|jump to|on this page|(?:table of )?contents|skip to)\b[^.?!]{0,20}:"
)
_NAVIGATION = re.compile(
    r"(?:home|menu|back to top|skip to (?:main )?content"
    r"|(?:previous|next|prev|older|newer)(?: (?:post|article|page|story|episode)s?)?\s*:"
    r"|(?:previous|next|prev|older|newer) (?:post|article|page|story)s?)\b.{0,200}"
    r"|(?:posted|filed) (?:in|on|under)\b.{0,200}|(?:tags|categories|share(?: this(?: \w+)?)?)\s{0,3}:.{0,200}"
    r"|[←→↑].{0,80}|[^←→↑]{0,80}[←→↑]"
)
_BREADCRUMB = re.compile(r"[\w ]{1,30}(?:\s[>›»/]\s[\w ]{1,40}){2,}")
_UI_WORDS = frozenset(
    {"follow", "listen", "share", "subscribe", "clap", "save", "menu", "home", "log in", "sign in", "sign up", "print",
     "email", "tweet", "like", "reply", "more", "comment", "comments", "search", "--", "—", "…", "close", "open in app"}
)  # fmt: skip
_SEGMENTS = re.compile(r"\s{1,5}[·|•]\s{1,5}|\s{0,5}\|\s{0,5}")
_META_KEY = re.compile(
    r"(?:source|difficulty|round|company|companies|asked (?:at|in|by)|frequency|tags?|categor(?:y|ies)|filed under"
    r"|posted(?: on| in| by)?|published(?: on)?|updated|last updated|reviewed by|author|date|reading time|read time"
    r"|runtime|duration|topics?)\s*:"
)
_META_VALUE = re.compile(
    r"(?:by|written by|posted by|reviewed by|updated|published|posted|recorded|edited|filed under)\b.{0,200}"
    r"|\d{1,3}\s?(?:-\s?)?min(?:ute)?s?\.?(?: read| listen)?|\d[\d.,]*\s?[km]?(?: \w+)?"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}|\d{4}-\d\d-\d\d"
    r"|\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]* \d{4}|(?:updated|published) \w+"
)
_META_HINTS = ("record", "runtime", "transcript", "edited", "publish", "updated", "reading time", "min read")
_META_WORDS = re.compile(r"\b(?:recorded|runtime|transcript|edited|published|updated|reading time|min read)\b")
_LEGEND = re.compile(r"[✅❌▫◻⬜✔✗☑]\ufe0f?\s*(?:marks|means|=|is)\b")
_LEGEND_SYMBOLS = "✅❌▫◻⬜✔✗☑"
_IMAGE_HINTS = ("photo", "image", "illustration", "picture", "unsplash")
_IMAGE_CREDIT = re.compile(r"(?:photo|image|illustration|picture)s? (?:by|credit|courtesy|source)\b|\bon unsplash\b")
CALL_TO_ACTION = "call to action"
"""The reason for a block that asks the reader to do something (subscribe, comment, share, buy)."""
ABOUT_THE_ARTICLE = "about the article itself"
"""The reason for a section on the article's own audience or method: only its own text goes."""
_HEADING_NOISE = (
    (
        re.compile(
            r"related(?: reading| posts?| articles?| content| links| guides| resources)?|further reading|read next"
            r"|additional reading|(?:you )?(?:may|might) also (?:like|enjoy)|more (?:from|on|articles|posts)\b.{0,200}"
            r"|recommended (?:reading|posts?|articles?|from)\b.{0,200}|resources|references|sources|bibliography"
            r"|citations|links|footnotes|credits|acknowledge?ments"
        ),
        "related reading",
    ),
    (
        re.compile(
            r"(?:episode |show )?(?:timestamps|time ?codes|chapters|chapter markers|in this episode)"
            r"|(?:about|meet) (?:the|our|this|today[’']s|this week[’']s) (?:guests?|hosts?|speakers?|panel(?:ists)?"
            r"|presenters?|interviewers?)|(?:guest|speaker|host) bios?"
        ),
        "episode furniture",
    ),
    (
        re.compile(
            r"methodology|methods|about (?:the|this|our) (?:data|survey|report|study)"
            r"|how we (?:did|ran|built)\b.{0,200}|who (?:this|it) is for|who this (?:guide|post|article|course) is for"
            r"|who should read(?: this)?"
        ),
        ABOUT_THE_ARTICLE,
    ),
    (
        re.compile(
            r"subscribe\b.{0,200}|newsletter|sponsored|sponsors?|advertisement|get .{0,80} in your inbox|join\b.{0,200}"
            r"|sign up\b.{0,200}"
        ),
        "advertisement",
    ),
    (
        re.compile(
            r"about the author|author bio|about (?:me|us)|written by\b.{0,200}|share this\b.{0,200}|comments?"
            r"|leave a (?:reply|comment)|footer|navigation|table of contents|contents|tags"
            r"|in this (?:guide|post|article)"
        ),
        "navigation or footer",
    ),
)
_ADDRESS = re.compile(
    r"\b\d{1,5}[A-Za-z]?,?\s(?:[A-Z][\w.'’-]{0,30}\s){1,4}(?:St|Street|Ave|Avenue|Blvd|Boulevard|Rd|Road|Lane|Ln|Way"
    r"|Dr|Drive|Pl|Place|Sq|Square|Ct|Court|Pkwy|Parkway|Hwy|Highway|Terrace|Row|Plaza)\b"
    r"|\b\d{1,5},?\s(?:Rue|Avenue|Boulevard|Place|Calle|Via|Piazza)\s"
    r"|\b(?:[A-Z]{2}|[A-Z][a-z]{3,15})\s\d{5}(?:-\d{4})?\b|\b\d{5}\s[A-Z][a-z]{2,20}\b"
    r"|\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b|\b(?:P\.?\s?O\.?\s)?Box\s\d{1,6}\b"
)
"""A street with its number, a postcode ("CA 94704", "75005 Paris", "EC1V 9AE") or a post box."""
_MAX_ADDRESS_WORDS = 20
_LETTER = re.compile(
    r"(?:hi|hello|hey|dear|greetings|good morning|morning|howdy)(?: [\w’'-]{1,20}){0,3} ?[,!:—–]$"
    r"|(?:until|till) (?:next|the next|then)\b[^.!?]{0,25}[,!]$|see you (?:in|next|on|soon|then)\b[^.!?]{0,30}[,!.]$"
    r"|talk (?:soon|next \w+)[,!.]$|(?:cheers|best|warmly|thanks|thank you|take care|onward|yours|regards"
    r"|best wishes|with love)(?: [\w’'-]{1,20}){0,2}[,!]$"
    r"|welcome(?: back)? to\b[^.!?]{0,80}\b(?:issue|newsletter|edition|letter|subscribers|readers|members)\b"
)
"""A letter's greeting ("Hi friends,") or sign-off ("Until next Tuesday,", "Cheers,"), or its welcome."""
_MAX_LETTER_WORDS = 15
_FOOTNOTE = re.compile(r"\[\^[\w-]{1,20}\]:")
"""A footnote's text ("[^2]: Ties count as half a win."): an aside to the page, no card."""
_CHAPTER = re.compile(r"\[?(?:\d{1,2}:)?\d{1,2}:\d{2}\]?[ \t]*[-–—|·:][ \t]")
"""An episode's chapter marker ("18:40 – The feature that failed in the warehouse"): where to listen, not what."""
_MAX_CHAPTER_WORDS = 15
_MIN_ADDRESS_PARTS = 3
_MAX_META_SEGMENT_WORDS = 6
_MAX_TELEGRAPHIC_WORDS = 5
_DOC_META = re.compile(
    r"(?:last (?:edited|modified|updated)|(?:edited|modified|created) (?:by|on)|shared with|owners?|status|visibility"
    r"|access)\s*:"
)
"""The keys of a shared document's header (what an exported doc or wiki page says about itself)."""
_MAX_DOC_META_WORDS = 15


def _telegraphic(plain: str) -> bool:
    """Whether a paragraph is three or more clipped sentences ("Transcript. Recorded May 2025. ...")."""
    found = sentences(plain)
    return len(found) >= 3 and all(words(sentence) <= _MAX_TELEGRAPHIC_WORDS for _, sentence in found)


def _metadata(plain: str, low: str) -> str:
    """ "metadata" when a short line is bylines, dates, reading times or `key: value` facts about the page."""
    separated = "·" in low or "|" in low or "•" in low
    if not separated and words(low) > _MAX_META_SEGMENT_WORDS:
        segments = []  # one long segment: neither a byline nor navigation
    else:
        segments = [segment.strip(" *_") for segment in _SEGMENTS.split(low) if segment.strip(" *_")]
    if words(low) <= _MAX_DOC_META_WORDS and _DOC_META.match(low):
        return "metadata"  # a shared document's header: "Last edited: 17 Apr by Ana", "Shared with: ..."
    if low.endswith((".", "!", "?", ":")) and len(segments) == 1:
        segments = []
    if (
        segments
        and all(words(segment) <= _MAX_META_SEGMENT_WORDS for segment in segments)
        and any(_META_KEY.match(s) or _META_VALUE.fullmatch(s) or "min read" in s for s in segments)
    ):
        return "metadata"
    if any(map(low.__contains__, _META_HINTS)) and _META_WORDS.search(low) and _telegraphic(plain):
        return "metadata"
    if len(segments) >= 3 and all(words(s) <= 3 and not s.endswith((".", "?", "!")) for s in segments):
        return "navigation"
    return ""


def noise_reason(text: str) -> str:
    """Why a block (paragraph, list item, heading) is not content, or "" when it is content."""
    count = words(text)
    if count > 40:
        return ""
    stripped = text.strip().lstrip("-*•+ ").strip()
    if ("](" in stripped or "http" in stripped) and (_IMAGE_ONLY.fullmatch(stripped) or _LINK_ONLY.fullmatch(stripped)):
        return "image" if _IMAGE_ONLY.fullmatch(stripped) else "link list"
    plain = strip_markdown(text)
    low = plain.lower().strip()
    if low.strip(" .!") in _UI_WORDS:
        return "navigation"
    if (count <= 20 and _CTA_ALWAYS.match(low)) or (
        any(map(low.__contains__, _CTA_HINTS)) and _CTA_ANYWHERE.search(low)
    ):
        return CALL_TO_ACTION
    if count <= 20 and _CTA_VERB.match(low) and (low.endswith(("→", "»", "!", "⟶")) or _PROMO_WORD.search(low)):
        return CALL_TO_ACTION
    if count <= 25 and any(map(low.__contains__, _FOOTER_HINTS)):
        return "footer"
    if any(map(low.__contains__, _ADVERT_HINTS)) and (_ADVERT.search(low) or _PRODUCT_NAME.search(plain)):
        return "advertisement"
    if _TABLE_OF_CONTENTS.match(low) or (count <= 8 and (_NAVIGATION.fullmatch(low) or _BREADCRUMB.fullmatch(low))):
        return "navigation"
    if any(map(low.__contains__, _LEGEND_SYMBOLS)) and _LEGEND.search(low):
        return "legend"
    if count <= 12 and any(map(low.__contains__, _IMAGE_HINTS)) and _IMAGE_CREDIT.search(low):
        return "image credit"
    if count <= _MAX_LETTER_WORDS and _LETTER.match(low):
        return "greeting or sign-off"
    if count <= _MAX_ADDRESS_WORDS and plain.count(",") >= _MIN_ADDRESS_PARTS - 1 and _ADDRESS.search(plain):
        return "postal address"  # comma-separated parts, one a street with its number or a postcode
    if _FOOTNOTE.match(stripped):
        return "footnote"
    if count <= _MAX_CHAPTER_WORDS and _CHAPTER.match(low):
        return "chapter marker"
    if count <= 30:
        return _metadata(plain, low)
    return ""


def section_noise(title: str) -> str:
    """Why a section so titled is page furniture ("Related reading", "Subscribe", "About the author"):
    its whole body goes; "" when it may be content."""
    plain = strip_markdown(title).rstrip(":").strip().lower()
    return next((reason for pattern, reason in _HEADING_NOISE if pattern.fullmatch(plain)), "")


def heading_noise(title: str) -> str:
    """Why a section with this heading is not content (furniture, or a heading that is itself a call
    to action or metadata), or "" when it may be."""
    return section_noise(title) or noise_reason(title)
