"""Interview questions inside blocks, each with the answer that follows it in the article.

Where they come from:
- lists of questions: each answered by the rest of its own item ("Is an MBA worth it? Rarely."),
  by the items nested under it, or, when the questions have paragraphs between them (the numbered
  questions of a post or thread), by those paragraphs; and blockquoted or quoted prompts under an
  interview heading (answered by what follows, up to the next prompt). The steps of a labelled
  structure ("**Users:** Who is this for?") are no list of questions, but questions under one
  repeated label are ("Audience Q: how big ...?", the label dropped);
- questions asked in prose: a quotation after "asked" ('asked: “Why now?”', also an interviewer's
  'I ask every candidate: “...”'), a quoted question put to "you" or a quoted prompt ('it opens
  with "walk me through your background"'), or a reported question ("someone asks what you would
  do in your first ninety days", "he never said how he would evaluate the model", "asked to
  design a ..."): the answer is the rest of the paragraph, or, when the question ends its own,
  the list right after it, the sample answer a line introduces after it ("My answer, roughly:"
  over a quotation), else the next paragraph;
- transcripts: a turn of the interviewer that ends in a question (not in a question it quotes),
  answered by the next turns of the other speakers up to a poll of the room.
Rhetorical questions and polls of the audience, templates ("Design an AI feature for X."),
questions the candidate says back or a candidate asks ("a candidate who asks how the labels were
made"), and questions inside an answer are not interview questions.
"""

# Articles use typographic quotes, apostrophes and dashes; the patterns must match them.
# ruff: noqa: RUF001

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from pmcards.extraction.answers import Answer, answer_to, continued, is_question, puts_off, sentences_answer
from pmcards.extraction.article import INTERVIEW, PROMPT, Article, Block, Section, question_label
from pmcards.extraction.discourse import YOU, is_deferral, poll, rhetorical, template
from pmcards.extraction.draft import Draft, Found, Usage, bullets, interview, sentence_keys
from pmcards.extraction.frameworks import label
from pmcards.extraction.text import QUOTE_OPEN, mask_quotes, quoted_spans, sentences, strip_markdown, unquote, words

_ASKED_QUOTE = re.compile(r"\b(?:ask(?:s|ed|ing)?|prompt(?:s|ed)?)\b[^“\"”.!?]{0,40}$", re.IGNORECASE)
_NOT_BEFORE = re.compile(r"\bnot\b[^.;]{0,30}$", re.IGNORECASE)
_WH = r"(?:what|how|why|whether|which|when|where|who)\b"
_REPORTED = re.compile(
    r"\b(?:ask(?:s|ed)|wonder(?:s|ed))(?:\s+(?:you|me|us|them|him|her|candidates?|\w+ly|last \w+|once|again)){0,3}"
    rf"\s+(?P<asked>{_WH}[^.;!?]{{3,200}})"
    rf"|\b(?:never|didn[’']t|did not|couldn[’']t|could not|failed to|forgot to|unable to)\s+"
    r"(?:say|said|explain(?:ed)?|mention(?:ed)?|describe[ds]?|articulate[ds]?|justif(?:y|ied)|specif(?:y|ied)"
    rf"|tell (?:us|me|them)|told (?:us|me|them))\s+(?P<missed>{_WH}[^.;!?]{{3,200}})"
    r"|\b(?:interviewers?|panels?|recruiters?|(?:hiring )?managers?|someone|somebody|executives?|stakeholders?"
    r"|leaders?)"
    r"(?:\s+(?:\w+ly|often|always|usually|sometimes|also|will|may|might|then|love to|like to|tend to)){0,2}\s+ask"
    rf"(?:\s+(?:you|candidates?))?\s+(?P<asks>{_WH}[^.;!?]{{3,200}})"
    r"|\basked to\s+(?P<task>(?:design|build|estimate|prioriti[sz]e|explain|describe|walk|critique|define|improve"
    r"|launch|measure|sketch|plan|propose|evaluate|compare|choose|diagnose|pitch|size|analy[sz]e)\b[^.;!?]{3,200})",
    re.IGNORECASE,
)
_REPORTED_HINT = re.compile(r"\bask|\bwonder|never|n[’']t|not |failed|forgot|unable", re.IGNORECASE)
_SAID = re.compile(
    r",? (?:and|but|so) (?:she|he|they|i|we|the \w+) (?:said|answered|replied|told \w+) (?:that )?",
    re.IGNORECASE,
)
_LAST_CLAUSE = re.compile(rf",\s*(?=(?:and\s+)?{_WH}|(?:would|could|should|do|does|did|is|are|can|will)\s+you\b)", re.I)
_INVERT = re.compile(
    r"(?P<wh>what|how|why|which|when|where|who)(?P<object>(?:\s+\w+){0,2}?)\s+you\s+"
    r"(?P<aux>would|will|should|could|can|do|did|might|must|are|were)\b",
    re.IGNORECASE,
)
_PRONOUNS = {
    "i": "you", "he": "you", "she": "you", "they": "you", "my": "your", "his": "your", "her": "your",
    "their": "your", "me": "you", "him": "you", "them": "you", "myself": "yourself", "himself": "yourself",
    "herself": "yourself", "themselves": "yourself", "i'd": "you'd", "i’d": "you’d", "he'd": "you'd",
    "she'd": "you'd", "they'd": "you'd",
}  # fmt: skip
_PRONOUN = re.compile(r"\b(?:i[’']d|he'd|she'd|they'd|i|he|she|they|my|his|her|their|me|him|them|myself|himself"
                      r"|herself|themselves)\b", re.IGNORECASE)  # fmt: skip
_DIRECT = re.compile(
    r"(?:what|how|why|which|when|where|who)\s+(?:would|will|do|does|did|can|could|should|is|are|was|were|might|must)\b",
    re.IGNORECASE,
)
_PLAIN_VERB = re.compile(
    r"(?P<wh>what|how|why|which|when|where)(?P<object>(?:\s+\w+){0,2}?)\s+you\s+(?=[a-z]+(?<!ed)\b)", re.IGNORECASE
)
_DETERMINERS = frozenset({"a", "an", "the", "of", "in", "on", "for", "with", "to", "this", "that", "your", "our"})
_MENTION = re.compile(r"(?<![\w.])@[A-Za-z]")
_BACK_REFERENCE = re.compile(r"\b(?:this|that|it|these|those|they)\b", re.IGNORECASE)
_CHAT_LABEL = re.compile(r"(?:\w{1,8},?[ \t]){0,2}(?:q|question)[ \t]?\d{1,2}[ \t]?[:.)-][ \t]*", re.IGNORECASE)
_OPENS_QUESTION = re.compile(
    r"(?:how|what|why|which|when|where|who|is|are|do|does|did|should|can|could|would|will)\b", re.IGNORECASE
)
_LEADING_AND = re.compile(r"\A(?:and|so|but|okay|ok|now|then)\b[,\s]+", re.IGNORECASE)
_SPEAKER = re.compile(r"\b(?:I|I[’'](?:m|ve|d|ll)|my)\b")
_NOT_QUOTE_ASKERS = frozenset({"to", "you", "i", "we", "should", "must"})
_TO_CANDIDATE = re.compile(r"\b(?:candidates?|applicants?|interviewees?|everyone|every (?:pm|one)|you)\b", re.I)
"""Whom an interviewer's question is put to ("I ask every candidate: “...”")."""
_NOT_ASKERS = frozenset(
    {"they", "we", "i", "you", "candidate", "candidates", "people", "users", "one", "it", "this", "that", "each"}
)
_RELATIVE = frozenset({"who", "that", "which"})
_NEW_CLAUSE = re.compile(r",\s+(?:I|we|he|she|they)\s+\w", re.IGNORECASE)
"""Where a reported question ends and the story goes on ("asked how I'd know it was good, I listed ...")."""
_YOU_D = re.compile(r"\byou[’']d\b", re.IGNORECASE)
_BETTER_ANSWER = re.compile(
    r"\b(?:what|how) (?:i|you|we|they|she|he) (?:should|would|could) have (?:said|answered|done|put it)"
    r"|\b(?:better|stronger|right|model|ideal) answer\b|\bwhat to say\b",
    re.IGNORECASE,
)
"""The line that introduces the answer the author should have given."""
_MIN_QUESTION_WORDS = 3
_LISTED_SENTENCES = 3
_QUOTED_CHARS = 60
_MIN_QUOTED_CHARS = 12
_LISTED_KINDS = ("item", "quote", "paragraph")


def _as_you(text: str) -> str:
    """A reported question addressed to the reader: "he", "they" and "I" become "you"."""

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        return _PRONOUNS.get(word.lower(), word)

    return _PRONOUN.sub(swap, text)


def _whether(clause: str) -> str:
    """ "whether a certificate helps" as "Does a certificate help?" (the first -s verb after the subject)."""
    tokens = clause.split()[1:]
    for position in range(1, len(tokens)):
        token = tokens[position]
        if token.endswith("s") and not token.endswith(("ss", "us", "is")) and tokens[position - 1] not in _DETERMINERS:
            verb = token[:-2] if token.endswith(("ches", "shes", "xes")) else token[:-1]
            return " ".join(["Does", *tokens[:position], verb, *tokens[position + 1 :]]) + "?"
    return f"Is it true that {' '.join(tokens)}?"


def as_question(clause: str) -> str:
    """A reported question ("what you would do next") as a direct one ("What would you do next?")."""
    clause = _YOU_D.sub("you would", _as_you(" ".join(clause.split()).rstrip(" ,;:?.")))
    parts = _LAST_CLAUSE.split(clause)
    clause = _LEADING_AND.sub("", parts[-1], count=1) if len(parts) > 1 and words(parts[-1]) >= 3 else clause
    if clause.lower().startswith("whether "):
        return _whether(clause)
    direct = _DIRECT.match(clause)
    inverted = None if direct else _INVERT.match(clause)
    plain = None if direct or inverted else _PLAIN_VERB.match(clause)
    if inverted:
        clause = (
            f"{inverted.group('wh')}{inverted.group('object')} {inverted.group('aux')} you{clause[inverted.end() :]}"
        )
    elif plain:
        clause = f"{plain.group('wh')}{plain.group('object')} do you {clause[plain.end() :].lstrip()}"
    return clause[:1].upper() + clause[1:] + "?"


def _draft(section: Section, line: int, question: str, answer: Answer) -> Draft:
    return interview(section.title, line, question, bullets(list(answer.points)), bullets(list(answer.traps)))


def _siblings(content: list[Block], position: int) -> list[Block]:
    """The list items around an item at its own depth: the nearest one each way, past the items nested
    under it and past the paragraphs that answer a question of the list."""
    depth = content[position].depth
    found = []
    for step in (-1, 1):
        index = position + step
        while 0 <= index < len(content) and (content[index].kind != "item" or content[index].depth > depth):
            index += step
        if 0 <= index < len(content) and content[index].depth == depth:
            found.append(content[index])
    return found


def _nested(content: list[Block], position: int) -> list[Block]:
    """The items nested under an item: its own points."""
    depth = content[position].depth
    found = []
    for block in content[position + 1 :]:
        if block.kind != "item" or block.depth <= depth:
            break
        found.append(block)
    return found


def asked(block: Block) -> tuple[str, str] | None:
    """The question a block asks and the text after it in the block, if any: a short question (a
    scenario may come before it; a lead-in such as "Then:" may), a quotation that asks or prompts
    ("“Tell me about a time ...”"), or a first sentence that asks followed by its answer ("Is an
    MBA worth it? Rarely."); None when the block asks nothing, or only rhetorically."""
    plain = strip_markdown(block.text)
    if words(plain) < _MIN_QUESTION_WORDS:
        return None
    if is_question(block, _LISTED_SENTENCES):
        quotes = quoted_spans(plain)
        lead = plain[: quotes[-1][0]].rstrip() if quotes else ""
        introduced = lead.endswith(":") and not plain[quotes[-1][1] :].strip(" .")  # 'Then: "How is ...?"'
        question, rest = unquote(plain[quotes[-1][0] :] if introduced else plain), ""
    elif plain[:1] in QUOTE_OPEN and (span := next(iter(quoted_spans(plain)), None)) and span[0] == 0:
        question, rest = unquote(plain[: span[1]]), plain[span[1] :]
        if not (question.rstrip(".").endswith("?") or PROMPT.match(question)):
            return None
    elif block.sentences and block.sentences[0][1].endswith("?") and len(block.sentences) > 1:
        question, rest = strip_markdown(block.sentences[0][1]), plain[len(block.sentences[0][1]) :]
    else:
        return None
    question = question[question_label(question) :]  # "Audience Q: how big ...?"
    if words(question) < _MIN_QUESTION_WORDS or rhetorical(question) or template(question):
        return None
    return question[:1].upper() + question[1:], rest.strip(" .,;:—–-→")


def _prompted(block: Block) -> bool:
    """Whether a block is a blockquote or a whole quotation (a prompt under an interview heading)."""
    plain = strip_markdown(block.text)
    return block.kind == "quote" or (plain[:1] in QUOTE_OPEN and plain.rstrip(".")[-1:] in '”"')


def _is_listed(content: list[Block], position: int, interview_section: bool) -> bool:
    """Whether a block is a listed question: an item in a list of questions, or a bulleted question or a
    blockquoted or quoted prompt under an interview heading; not a step of a labelled structure
    ("**Users:** Who is this for?")."""
    block = content[position]
    if block.kind not in _LISTED_KINDS or words(block.text) < _MIN_QUESTION_WORDS:
        return False
    if interview_section and _prompted(block):
        return True
    if block.kind != "item" or asked(block) is None:
        return False
    siblings = _siblings(content, position)
    steps = label(block.text) and not question_label(strip_markdown(block.text))
    if steps and siblings and all(label(other.text) for other in siblings):
        return False
    return interview_section or any(asked(other) for other in siblings)


def _separated(content: list[Block], listed: list[int]) -> bool:
    """Whether listed questions each have blocks of their own after them (a paragraph between each two)."""
    return len(listed) > 1 and all(
        any(block.kind != "item" for block in content[a + 1 : b]) for a, b in pairwise(listed)
    )


def _listed_answer(content: list[Block], position: int, end: int, rest: str, separated: bool, last: bool) -> Answer:
    """A listed question's answer: the rest of its own block, the items nested under it, or (when each
    question of the list has blocks of its own) what follows it up to the next one (the paragraphs
    after the last one are the article's, not its answer's)."""
    block = content[position]
    if rest:
        if puts_off(rest):
            return Answer(deferred=True)
        points = tuple(sentence for _, sentence in sentences(rest)) or (rest,)
        return Answer(rest, points)
    nested = _nested(content, position)
    if nested:
        if puts_off(nested[0].text):
            return Answer(blocks=tuple(nested), deferred=True)
        texts = [item.text for item in nested]
        return Answer(bullets(texts), tuple(texts), (), tuple(nested))
    if block.kind != "item" or separated:
        answer = answer_to(content[position + 1 : end])
        return answer if last else continued(answer, content[position + 1 : end])
    return Answer()


def _listed(article: Article, usage: Usage, found: Found) -> None:
    """Listed questions, each answered by the rest of its block, the items nested under it, or what
    follows it up to the next one (a blockquoted or quoted prompt, or a list whose questions have
    paragraphs between them); an item in a list of questions has no other answer."""
    for section in article.sections:
        if section.noise:
            continue
        content = [block for block in section.blocks if not block.noise]
        interview_section = any(INTERVIEW.search(title) for title in section.context)
        listed = [
            position
            for position, block in enumerate(content)
            if not usage.taken(block) and _is_listed(content, position, interview_section)
        ]
        separated = _separated(content, listed)
        for number, position in enumerate(listed):
            block = content[position]
            question, rest = asked(block) or (unquote(strip_markdown(block.text)), "")
            end = listed[number + 1] if number + 1 < len(listed) else len(content)
            answer = _listed_answer(content, position, end, rest, separated, number + 1 == len(listed))
            found.drafts.append(_draft(section, block.line, question, answer))
            found.use([block, *answer.blocks])


def _in_prose(text: str) -> Iterator[tuple[int, int, str, str]]:
    """The questions asked in a paragraph: (where each starts, where its sentence ends, question, the
    text after it in its sentence that answers it, if any). A quotation is asked when it is a question
    after "asked" or put to "you", or an interview prompt ("walk me through your background")."""
    for start, end in quoted_spans(text):
        content = unquote(text[start:end])
        before = text[max(0, start - 60) : start]
        verb = _ASKED_QUOTE.search(before)
        asker = before[: verb.start()].split()[-1:] if verb else []
        to_candidate = verb is not None and _TO_CANDIDATE.search(before, verb.start())  # "I ask every candidate: “...”"
        if (verb and asker and asker[0].lower() in _NOT_QUOTE_ASKERS and not to_candidate) or _NOT_BEFORE.search(
            before[-8:]
        ):
            continue  # "you must be able to ask: “...?”", "not “...?”": no question put to the candidate
        question = content[: content.rindex("?") + 1] if "?" in content else content.rstrip(" .")
        if words(question) < _MIN_QUESTION_WORDS or rhetorical(question) or template(question):
            continue
        put = YOU.search(question) and not _SPEAKER.search(question)  # "can you walk me through it?" is said back
        if ("?" in content and (verb or put)) or PROMPT.match(content):
            if not verb or "?" not in content:  # a prompt or a question the article does not call one
                question = question[:1].upper() + question[1:]
            yield start, end, question + ("" if "?" in content else "."), ""
    if not _REPORTED_HINT.search(text):
        return
    for offset, sentence in sentences(text):
        for match in _REPORTED.finditer(sentence):
            asker = [word.lower() for word in sentence[: match.start()].split()[-2:]]
            if len(asker) > 1 and asker[-1] in _RELATIVE:
                asker = asker[:1]  # "a candidate who asks how ...": the candidate asks
            if match.group("asked") and asker and asker[-1] in _NOT_ASKERS:
                continue  # "they asked what happens ...": a story about the candidates, not a question put to them
            clause = match.group("asked") or match.group("asks") or match.group("missed") or match.group("task")
            said = _SAID.search(clause)
            answer = clause[said.end() :] if said else ""
            clause = clause[: said.start()] if said else clause
            story = _NEW_CLAUSE.search(clause)
            clause = clause[: story.start()] if story else clause
            if words(clause) <= _MIN_QUESTION_WORDS:
                continue  # "asks how I'm feeling", "will ask what yours is": too short to stand as a question alone
            if match.group("task"):
                question = _as_you(clause.rstrip(" ,")).capitalize().rstrip(".") + "."
            else:
                question = as_question(clause)
            yield offset + match.start(), offset + len(sentence), question, answer


def _asked_in_prose(article: Article, usage: Usage, found: Found) -> None:
    """Questions asked or reported in paragraphs and turns; the rest of the paragraph answers them, or, when
    the question ends its paragraph, the list or the introduced sample answer right after it, else the next
    paragraph."""
    for section in article.sections:
        if section.noise:
            continue
        content = [block for block in section.blocks if not block.noise]
        for position, block in enumerate(content):
            if block.kind not in ("paragraph", "item", "quote", "note") or usage.taken(block):
                continue
            for start, end, question, said in _in_prose(block.text):
                following = [(offset, sentence) for offset, sentence in block.sentences if offset >= end]
                answering = block
                after = content[position + 1 :]
                asked = max((offset for offset, _ in block.sentences if offset <= start), default=0)
                if is_deferral(block.text[asked:start]):  # "One question I still can't answer: “...”"
                    answer = Answer(deferred=True)
                    found.used |= {(block.index, offset) for offset, _ in following}
                else:
                    answer = Answer() if said else _shown_after(after, usage, [sentence for _, sentence in following])
                if answer:
                    found.use(answer.blocks)
                elif not answer.deferred:
                    if not said and not following and after and _answers_in_turn(after[0], usage):
                        answering, following = after[0], list(after[0].sentences)  # the question ends its paragraph
                    answer = sentences_answer([said] if said else [sentence for _, sentence in following], bool(said))
                    if not said and (answer or answer.deferred):
                        found.used |= {
                            (answering.index, offset) for offset, s in following if s in answer.points or not answer
                        }
                found.drafts.append(_draft(section, block.line_at(start), question, answer))
                found.used.add((block.index, asked))


def _shown_after(after: list[Block], usage: Usage, following: list[str]) -> Answer:
    """The answer a question ending its paragraph (or followed there only by a line introducing what comes,
    "What she wants to hear:") gets from a list right after it, or from a sample answer introduced right after
    it ("My answer, roughly:" over a quotation); else none. A better answer introduced in the next paragraph
    ("What I should have said:" over a list) answers it whatever its own paragraph goes on to say."""
    if not after or usage.taken(after[0]):
        return Answer()
    first = after[0]
    introduces = first.kind == "paragraph" and strip_markdown(first.text).endswith(":") and len(after) > 1
    corrected = introduces and _BETTER_ANSWER.search(first.text)  # "What I should have said, in order:"
    if not corrected and (len(following) > 1 or (following and not strip_markdown(following[0]).endswith(":"))):
        return Answer()
    if first.kind != "item" and not (introduces and after[1].kind in ("item", "quote")):
        return Answer()
    answer = answer_to(after)
    return answer if not any(usage.taken(block) for block in answer.blocks) else Answer()


def _answers_in_turn(block: Block, usage: Usage) -> bool:
    """Whether the block after a paragraph that ends in a question can answer it: prose nobody used."""
    return block.kind in ("paragraph", "quote", "note") and not usage.taken(block) and not is_question(block)


def _turns(article: Article, usage: Usage, found: Found) -> None:
    """A transcript's questions: the interviewer's turns that end in a question, each answered by the
    turns of the other speakers that follow, up to the interviewer's next question. In a chat export
    whoever asks is the asker of that question (a message pinging someone with "@" asks nothing to
    card), and a first reply that says it does not know ("no idea, ask @Jo") leaves it unanswered."""
    turns = [(section, block) for section, block in article.blocks() if block.speaker]
    asking = [block for _, block in turns if _asked(block, article.chat)]
    if not asking:
        return
    for position, (section, turn) in enumerate(turns):
        asker = turn.speaker if article.chat else asking[0].speaker
        asked = _asked(turn, article.chat)
        if turn.speaker != asker or asked is None or usage.taken(turn):
            continue
        replies: list[Block] = []
        exchange: list[Block] = []
        linked = [later for _, later in turns[position + 1 :] if later.speaker != asker and _quoted_in(later, turn)]
        for _, later in [] if linked else turns[position + 1 :]:
            if ((later.speaker == asker or article.chat) and _asked(later, article.chat)) or poll(later.text):
                break  # the next question, or a poll of the room ("Raise your hand if ...")
            if later.speaker != asker:
                replies.append(later)
            elif not exchange or exchange[-1].speaker == asker or not _asked(exchange[-1], article.chat):
                break  # the asker moves on (not answering the other's clarifying question)
            exchange.append(later)
        replies = linked or replies
        points = [s for block in replies for _, s in block.sentences if not s.endswith("?") and words(s) >= 3]
        if replies and puts_off(replies[0].text):
            answer = Answer(deferred=True)
        elif article.chat and not points and (replies or _answered_by_question(turns, position)):
            continue  # small talk answered in kind ("got a sec?" / "sure, shoot"), or a request answered by questions
        else:
            answer = Answer(" ".join(points[:6]), tuple(points[:6]), (), tuple(replies)) if points else Answer()
        offset, question = asked
        question = _LEADING_AND.sub("", question, count=1)
        found.drafts.append(_draft(section, turn.line_at(offset), question[:1].upper() + question[1:], answer))
        found.used |= sentence_keys(turn)
        found.use(exchange)


def _quoted_in(reply: Block, message: Block) -> bool:
    """Whether a chat reply says it answers `message`: its "replying to" line quotes the message's start."""
    quoted = " ".join(reply.replies_to.lower().split())[:_QUOTED_CHARS]
    return len(quoted) >= _MIN_QUOTED_CHARS and quoted in " ".join(message.text.lower().split())


def _answered_by_question(turns: list[tuple[Section, Block]], position: int) -> bool:
    """Whether the message after a chat question is someone else's question ("Any questions for me?" / "Sure:
    what is ...?"): the first was an invitation, not a question to card."""
    following = turns[position + 1] if position + 1 < len(turns) else None
    return (
        following is not None
        and following[1].speaker != turns[position][1].speaker
        and bool(_asked(following[1], chat=True))
    )


def _asked(turn: Block, chat: bool) -> tuple[int, str] | None:
    """The question a turn asks, with its offset (none when it replies to another message): its last sentence
    when that ends in a question (not in a question it quotes). A chat message may ask before its last
    sentence, or without a question mark after a label ("q2: how do you ..."); a question leaning on what
    the message said first ("is that just ...?") keeps it."""
    said = turn.sentences
    if not said or turn.replies_to or (chat and _MENTION.search(turn.text)):
        return None
    for index in range(len(said) - 1, -1 if chat else len(said) - 2, -1):
        offset, sentence = said[index]
        if mask_quotes(sentence).rstrip(" ”\"'").endswith("?") and words(sentence) >= 4:
            if chat and index and _BACK_REFERENCE.search(sentence):
                offset, sentence = said[0][0], turn.text[said[0][0] : offset + len(sentence)]
            return _unlabelled(offset, sentence) if chat else (offset, sentence)
    if chat:
        offset, sentence = _unlabelled(*said[0])
        if offset != said[0][0] and _OPENS_QUESTION.match(sentence) and words(sentence) >= 4:
            return offset, sentence
    return None


def _unlabelled(offset: int, sentence: str) -> tuple[int, str]:
    """A chat question without its numbering label ("ok q1: ..."): its offset and text."""
    label = _CHAT_LABEL.match(sentence)
    return (offset + label.end(), sentence[label.end() :]) if label else (offset, sentence)


def find_prompts(article: Article, usage: Usage) -> Found:
    """Interview cards for the questions listed, asked in prose or asked in a transcript."""
    found = Found()
    _turns(article, usage, found)
    _listed(article, usage.with_(found), found)
    _asked_in_prose(article, usage.with_(found), found)
    return found
