"""Question references and option letters, the way people write them.

A reference: `Q4`, `q4`, `Q 4`, `Q.4`, `Question 4`, `Vraag 4`, `#4`, `(Q4)`, in bold or as
a list item, followed by `:` `)` `.` `-` `–` `—` `=` `->` or a space. Several on one line
(`Q3: b; Q4: a`) are several answers; a list or range before a colon (`Q7, Q8: TBD`,
`Q10-Q12: n/a`) gives them all the same answer.

Letters: `a`, `A & C`, `a/c`, `a + c`, `(a) and (c)`, `a, c and e`, `b en c`, and letters
followed by words after `-`, `,`, `:`, `)` or in brackets (`c, our Flask backend`,
`A & C (one record of our crawl)`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ONE = (r"(?<![\w#])(?:(?:q(?:uestions?)?|qs|vragen|vraag|vr|v|fragen?|punt|point|item|nr|no|nummer|number)"
        r"\s?\.?\s?(\d{1,2})|#(\d{1,2})|\(\s?q\s?(\d{1,2})\s?\))(?![\d\w])")
ONE = re.compile(_ONE, re.IGNORECASE)
BARE = re.compile(r"(\d{1,2})(?![\d\w])")
_JOIN = r"\s*(?:,|&|/|\+|\band\b|\ben\b)\s*"
_RANGE = r"\s*(?:-|–|—|\bto\b|\bt/m\b|\btot\b)\s*"
_MARK = r"\s*(?::|\)|\.(?!\d)|->|=>|→|=|–|—|-)\s*"
BOLD = r"(?:\*\*|__|\*|_)?"
LEAD = re.compile(r"^\s*(?:#{1,6}\s+|[-*+•]\s+|\d{1,2}[.)]\s+)?" + BOLD)
# Words before a reference that still make it the start of an answer: "Ad 1.:", "Re question 14:",
# "For Q11 ...", "PS: bij vraag 9 ...", "As for Q7, ...", "Wat betreft vraag 3: ..."
LEAD_IN = re.compile(r"^\s*(?:p\.?\s?s\.?\s*[:,-]?\s*)?(?:re:?|regarding|concerning|about|as\s+(?:for|to)|for|on|to|ad|"
                     r"bij|over|voor|wat\s+betreft|m\.?b\.?t\.?|betreft|zu|zur|zum|betreffend|"
                     r"and|en|also|ook)\s+(?:the\s+|de\s+)?", re.IGNORECASE)
AD_NUMBER = re.compile(r"^\s*(?:[^\W\d]+[!,.]\s+)?(?:ad|re:?|and|en|bij|over|for|voor)\s+(\d{1,2})\s?\.?(?=\s*[:.)])",
                       re.IGNORECASE)  # "Ad 1.:" (Latin "about 1"), "re 5: ...", "and 10: ..."
NUMBERED = re.compile(r"^\s*(\d{1,2})(?:\s?[.):]\s*|\s*(?:->|=>|→|–|—|-)\s+|\s+)(\S.*)$")  # "4. c", "4) c", "4 → c", "4 c"
MENTION = re.compile(r"(?<![\w#])(?:q\s?\.?\s?\d{1,2}|(?:question|vraag)\s?\d{1,2}|(?:re|ad)\s\d{1,2}(?=\s?[:.)]))(?![\d\w])",
                     re.IGNORECASE)
QUARTER = re.compile(  # "by the end of Q2", "in Q3 2027", "Q4 '26": a quarter of a year, not a question
    r"(?:\b(?:end|start|beginning|middle|half)\s+of\s+(?:the\s+)?q[1-4](?![\d\w])|\b(?:eind|begin|half|midden)\s+q[1-4](?![\d\w])|"
    r"(?<![\w#])q[1-4]\s*(?:'\d{2}|20\d{2})\b)", re.IGNORECASE)


@dataclass
class Ref:
    numbers: list[int]   # the questions this answer is for
    content: str         # the answer's words on this line, after the reference
    column: int          # where the reference starts in the line
    mark: str = ":"      # what followed the reference: ':', '-', ... or ' ' (a space only)


def _numbers(match: re.Match) -> int:
    return int(next(group for group in match.groups() if group))


def _refs_at(text: str, position: int) -> list[tuple[list[int], int, bool]]:
    """The references at position, longest reading first: (numbers, end, whether a bare number is in it).

    A list or range may go on with bare numbers ("Vraag 4, 8 en 16:", "Questions 10-12:");
    such a reading stands only if a mark such as ':' follows it.
    """
    first = ONE.match(text, position)
    if not first:
        return []
    readings = [([_numbers(first)], first.end(), False)]
    while True:
        numbers, end, bare = readings[-1]
        following = None
        for link, is_range in ((re.compile(_JOIN, re.IGNORECASE).match(text, end), False),
                               (re.compile(_RANGE, re.IGNORECASE).match(text, end), True)):
            if link and link.end() > end:
                after = ONE.match(text, link.end())
                plain = None if after else BARE.match(text, link.end())
                if after or plain:
                    following = (after or plain, is_range, bool(plain))
                    break
        if following is None:
            return readings[::-1]
        after, is_range, plain = following
        number = _numbers(after)
        link_text = text[end:after.start()]
        if is_range and plain and link_text.strip() in "-–—" and link_text.strip() != link_text:
            return readings[::-1]  # "Q4 - 12 servers": a bare number after a spaced dash is no range
        if is_range and number > numbers[-1]:
            more = numbers + list(range(numbers[-1] + 1, number + 1))
        elif is_range:
            return readings[::-1]  # "Q4 - 2 servers": not a range
        else:
            more = numbers + [number]
        readings.append((more, after.end(), bare or plain))


def _mark(text: str, end: int) -> tuple[str, int] | None:
    """The mark after a reference ("", a space, or ':' etc.) and where the content begins."""
    bold = re.compile(BOLD).match(text, end)
    position = bold.end() if bold else end
    mark = re.compile(_MARK).match(text, position)
    if mark and mark.end() > position:
        end = mark.end()
        if mark.group(0).strip() == ".":  # "Ad 2.: x", "Q4. - b": a full stop, then the mark
            more = re.compile(r"\s*(?::|->|=>|→|=|–|—|-)\s*").match(text, end)
            end = more.end() if more else end
        content = re.compile(r"\s*" + BOLD + r"\s*").match(text, end)
        return mark.group(0).strip(), content.end()
    if position >= len(text.rstrip()):
        return "", len(text)
    space = re.compile(r"\s+").match(text, position)
    if space:
        return " ", space.end()
    return None


def _tight_range(text: str, start: int, end: int) -> bool:
    """'q8-19': a range written without spaces, which a bare second number may end."""
    return bool(re.fullmatch(r"\W{0,2}(?:q|vraag|question)\s?\d{1,2}[-–]\d{1,2}", text[start:end].strip(), re.IGNORECASE))


def references(text: str, is_choice) -> list[Ref]:
    """The answers a line starts with its question references; [] if it does not start with one.

    `is_choice(number, words)` tells whether words after a bare reference and a space (no
    mark) read as a choice of options, which a second reference on the line needs.
    """
    lead = LEAD.match(text)
    start = lead.end() if lead else 0
    lead_in = LEAD_IN.match(text, start)
    ad = AD_NUMBER.match(text, start)
    if ad:  # "Ad 1.: (d)": the number alone, then a mark
        mark = _mark(text, ad.end())
        if mark and mark[0] not in ("", " "):
            return [Ref([int(ad.group(1))], text[mark[1]:].strip(), start, mark[0])]
    readings, led = _refs_at(text, start), False
    if not readings and lead_in:
        readings = _refs_at(text, lead_in.end())
        if readings and not QUARTER.match(text, start):
            start, led = lead_in.end(), True
        else:
            readings = []
    for numbers, end, bare in readings:
        mark = _mark(text, end)
        if mark is None and led and text[end:end + 1] == ",":
            mark = (",", end + 1 + len(text[end + 1:]) - len(text[end + 1:].lstrip()))  # "As for Q7, a and b"
        if mark is None:
            continue
        sign, content_start = mark
        if len(numbers) > 1 and sign in ("", " ") and bare and len(numbers) < 3 and not _tight_range(text, start, end):
            continue  # "Q4 and 5 servers": the bare number is not a question
        break
    else:
        return []
    refs = [Ref(numbers, "", start, sign or " ")]
    position = content_start
    while True:
        split = _next_split(text, position, is_choice)
        if split is None:
            refs[-1].content = text[position:].strip()
            return refs
        at, numbers, begin = split
        refs[-1].content = text[position:at].strip().rstrip(";,|").strip()
        refs.append(Ref(numbers, "", at, text[end:begin].strip() or " "))
        position = begin


SPLIT = re.compile(r"(?:[;|]|,|\s{2,}|\t|(?<=[.!?])\s)\s*")


def _next_split(text: str, position: int, is_choice) -> tuple[int, list[int], int] | None:
    """A further answer on the line: a reference after ';', ',', '|' or a wide gap, with a mark."""
    for separator in SPLIT.finditer(text, position):
        if separator.start() == position:
            continue
        found = _refs_at(text, separator.end())
        if not found:
            continue
        numbers, end, _ = found[-1]
        mark = _mark(text, end)
        if mark is None:
            continue
        sign, begin = mark
        if sign in ("", " ") and (text[separator.start()] not in ",;|" or not (
                len(numbers) == 1 and is_choice(numbers[0], _first_words(text[begin:])))):
            continue
        return separator.start(), numbers, begin
    return None


def _first_words(text: str) -> str:
    return re.split(r"[;|]|,\s*(?=(?:q|vraag|question)\s?\.?\s?\d)", text, maxsplit=1, flags=re.IGNORECASE)[0]


def mentions(text: str) -> list[str]:
    """The questions a text names ("see Q5", "vraag 7"), not quarters of a year ("by the end of Q2")."""
    return MENTION.findall(QUARTER.sub(" ", text))


# --- letters -------------------------------------------------------------------------------

LETTER_AT = re.compile(r"\s*(?:\(([a-zA-Z])\)|\[([a-zA-Z])\]|([a-zA-Z])(\)|\.(?=\s|$))?)(?![\w'’])")
JOINER = re.compile(r"\s*(?:,|&|/|\+|;)\s*(?:(?:and|en|or|of|&)\s+)?|\s+(?:and|en|or|of|&)\s+|\s+")
BEFORE_LETTERS = re.compile(r"^\s*(?:ook|also|is|=|just|alleen|only|probably|waarschijnlijk|definitely|zeker|mostly|"
                            r"vooral|options?|opties?|antwoord|answer|letters?|i\s+(?:think|guess|pick|choose)|"
                            r"we\s+(?:pick|choose|need)|ik\s+(?:denk|kies))\s*:?\s+(?=\(?[a-zA-Z]\)?(?:$|[\s,.;:!)(&/+-]))",
                            re.IGNORECASE)
NOT_LETTERS = re.compile(r"^\s*(?:n\s?/\s?a|n\.\s?a\.|n\.?v\.?t\.?|a\.?k\.?a\.?|i\.?e\.?|e\.?g\.?)(?![\w/])",
                         re.IGNORECASE)
EACH = re.compile(r"\s*\(([^()]*)\)")
JOINED_LETTER = re.compile(r"(?:\s*(?:,|&|/|\+|;)\s*(?:(?:and|en|or|of)\s+)?|\s+(?:and|en|&|or|of)\s+)"
                           r"(?:\(([a-zA-Z])\)|([a-zA-Z])\)?)(?![\w'’])")
HEDGED = re.compile(r"^(?:and|en|plus|also|ook)\s+(?:[^\W\d]+\s+){1,3}?\(?([a-zA-Z])\)?\s*[:)–-]\s+")
QUALIFIER = re.compile(r"^\s*(?:only|alleen|both|beide|all|allebei|too|ook)\b", re.IGNORECASE)
SEPARATOR = re.compile(r"^\s*(?:[-–—:,;=!]+|\.(?=\s|$)|->|→)\s*|^\s*(?=\()")


@dataclass
class Choice:
    letters: list[str]
    words: str          # what follows the letters ("" if nothing)
    each: dict[str, str] = None  # words in brackets right after a letter: "a (ours) and e (EU)"

    def __post_init__(self) -> None:
        self.each = dict(self.each or {})


def _terminal(rest: str) -> str | None:
    """The words after letters, if rest can follow a list of letters; None if it cannot."""
    if not rest.strip():
        return ""
    qualifier = QUALIFIER.match(rest)
    if qualifier:
        rest = rest[qualifier.end():]
        if not rest.strip():
            return ""
    separator = SEPARATOR.match(rest)
    if not separator:
        return None
    words = rest[separator.end():].strip()
    bracket = re.match(r"^\((.*)\)\s*[.!]?$", words)
    if bracket and "(" not in bracket.group(1):
        words = bracket.group(1).strip()
    return words


def leading_letters(text: str) -> Choice | None:
    """The letters a text starts with, and the words after them; None if it starts otherwise.

    Words after a mark ('-', ',', ':', ')', a bracket) always follow letters. Words after a
    mere space follow a list of two or more letters ("b, c only offline"), or a single letter
    that is not a word of its own ("b for training", but not "a lot" or "I think").
    """
    if NOT_LETTERS.match(text):
        return None
    before = BEFORE_LETTERS.match(text)
    if before:
        found = leading_letters(text[before.end():])
        if found:
            return found
    letters: list[str] = []
    each: dict[str, str] = {}
    marked: Choice | None = None   # the longest reading with a mark (or nothing) after the letters
    spaced: Choice | None = None   # the longest reading with words after a space
    position = 0
    while True:
        match = LETTER_AT.match(text, position)
        if not match:
            break
        letter = next(group for group in match.groups()[:3] if group)
        letters.append(letter.lower())
        end = match.end()
        bracket = EACH.match(text, end)
        if bracket and JOINED_LETTER.match(text, bracket.end()):
            each[letters[-1]] = bracket.group(1).strip()  # "a (ours) and e (EU)": words for each letter
            end = bracket.end()
        rest = text[end:]
        explicit = bool(match.group(1) or match.group(2) or match.group(4))
        words = _terminal(rest)
        if words is not None:
            marked = Choice(list(letters), words, each)
        elif rest[:1].isspace() and (explicit or (letter.lower() not in "ai" and (len(letters) >= 2 or letter.islower()))):
            spaced = Choice(list(letters), rest.strip(), each)
        if match.group(4) == ".":
            break  # "b and f. A match is ...": a full stop ends the letters
        joiner = JOINER.match(text, end)
        if not joiner or joiner.end() == end:
            break
        position = joiner.end()
    best = spaced if spaced and (marked is None or len(spaced.letters) > len(marked.letters)) else marked
    hedged = HEDGED.match(best.words) if best else None
    if hedged:  # "c, en een beetje d: ...": d is chosen too
        best = Choice(best.letters + [hedged.group(1).lower()], best.words[hedged.end():].strip(), best.each)
    return best


_NAMED = r"(?=\(?[a-zA-Z]\)?\s*[-–—:)]\s)"  # a letter and a mark: "e - ", "d: ", "(b) "
SEGMENT = re.compile(rf"\s*;\s*|[,.]\s+(?:(?:and|en|also|ook|plus)\s+)?{_NAMED}|\s+(?:and|en)\s+{_NAMED}", re.IGNORECASE)


def segments(text: str) -> list[Choice] | None:
    """'a - ours; e - EU', 'd: none; e: EU': several choices on one line, each with its words.

    None unless the text starts with letters and every piece after a ';' (or after a comma,
    when a letter and a mark follow it) starts with letters too.
    """
    pieces = SEGMENT.split(text)
    if len(pieces) < 2:
        return None
    choices = [leading_letters(piece) for piece in pieces]
    if not choices[0] or not all(choices[1:]):
        # only the pieces that start with letters begin a new choice; the rest belong to the one before
        if not choices[0]:
            return None
        merged: list[Choice] = []
        for piece, choice in zip(pieces, choices):
            if choice:
                merged.append(choice)
            else:
                merged[-1].words = f"{merged[-1].words}; {piece}".strip("; ")
        return merged if len(merged) >= 2 else None
    return choices
