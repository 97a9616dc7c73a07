"""What in an article is not content: calls to action, advertisements, link lists, navigation, footers."""

# Articles use typographic quotes, apostrophes and dashes; the patterns must match them.
# ruff: noqa: RUF001

from __future__ import annotations

import re

from pmcards.extraction.text import strip_markdown, words

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
_CTA_VERB = re.compile(
    r"(?:get|grab|download|join|check out|learn more|read more|find out more|start|try|book|register|claim|enrol+)\b"
)
_PROMO_WORD = re.compile(rf"\b(?:{_PROMO})\b")
_ADVERT_HINTS = (
    "amazon", "kindle", "audible", "gumroad", "book", "sponsor", "affiliate", "code", "coupon", "% off", "course",
    "newsletter", "camp", "masterclass", "cohort", "program", "academy", "prep system",
)  # fmt: skip
_ADVERT = re.compile(
    r"available (?:on|at|from) (?:amazon|kindle|audible|gumroad)|\bthe (?:e-?)?book is\b|\bsponsored\b|affiliate link"
    r"|\buse (?:code|coupon)\b|\bpromo code\b|\b\d+% off\b"
    r"|\b(?:my|our) (?:new )?(?:book|e-?book|course|newsletter|bootcamp|masterclass|cohort|program)\b"
)
_PRODUCT_NAME = re.compile(
    r"\b(?:[A-Z][\w-]*\s+){1,4}(?:Playbook|Handbook|Masterclass|Bootcamp|Academy|Prep System|Course|Newsletter)\b"
)
_FOOTER_HINTS = ("©", "(c)", "all rights reserved", "privacy policy", "terms of service", "terms of use", "cookie")
_LINK_ONLY = re.compile(
    r"(?:\[[^\]]*\]\([^)]*\)|<?https?://\S+?>?)(?:\s*[-–—|,·]?\s*(?:\[[^\]]*\]\([^)]*\)|<?https?://\S+?>?))*[.,;]?"
)
_IMAGE_ONLY = re.compile(r"(?:!\[[^\]]*\]\([^)]*\)\s*)+")
_NAVIGATION = re.compile(
    r"(?:home|menu|back to top|skip to (?:main )?content"
    r"|(?:previous|next|prev|older|newer) (?:post|article|page|story)s?)\b.*"
    r"|(?:posted|filed) (?:in|on|under)\b.*|(?:tags|categories|share)\s*:.*"
)
_BREADCRUMB = re.compile(r"[\w ]{1,30}(?:\s[>›»/]\s[\w ]{1,40}){2,}")
_HEADING_NOISE = (
    (
        re.compile(
            r"related(?: reading| posts?| articles?| content| links| guides| resources)?|further reading|read next"
            r"|(?:you )?(?:may|might) also (?:like|enjoy)|more (?:from|on|articles|posts)\b.*"
            r"|recommended (?:reading|posts?|articles?)"
        ),
        "related reading",
    ),
    (re.compile(r"subscribe\b.*|newsletter|sponsored|advertisement"), "advertisement"),
    (
        re.compile(
            r"about the author|author bio|share this\b.*|comments?|leave a (?:reply|comment)|footer|navigation"
            r"|table of contents"
        ),
        "navigation or footer",
    ),
)


def noise_reason(text: str) -> str:
    """Why a block (paragraph, list item, heading) is not content, or "" when it is content."""
    count = words(text)
    if count > 40:
        return ""
    stripped = text.strip().lstrip("-*•+ ").strip()
    if ("](" in stripped or "http" in stripped) and (_IMAGE_ONLY.fullmatch(stripped) or _LINK_ONLY.fullmatch(stripped)):
        return "image" if _IMAGE_ONLY.fullmatch(stripped) else "link list"
    plain = strip_markdown(text)
    low = plain.lower()
    if count <= 20 and (
        _CTA_ALWAYS.match(low)
        or (_CTA_VERB.match(low) and (low.endswith(("→", "»", "!", "⟶")) or _PROMO_WORD.search(low)))
    ):
        return "call to action"
    if any(hint in low for hint in _ADVERT_HINTS) and (_ADVERT.search(low) or _PRODUCT_NAME.search(plain)):
        return "advertisement"
    if count <= 8 and (_NAVIGATION.fullmatch(low) or _BREADCRUMB.fullmatch(low)):
        return "navigation"
    if count <= 25 and any(hint in low for hint in _FOOTER_HINTS):
        return "footer"
    return ""


def heading_noise(title: str) -> str:
    """Why a section with this heading is not content (its whole body goes), or "" when it may be."""
    plain = strip_markdown(title).rstrip(":").strip().lower()
    for pattern, reason in _HEADING_NOISE:
        if pattern.fullmatch(plain):
            return reason
    return noise_reason(title)
