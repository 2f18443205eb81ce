"""Answers that only put a question off: "TBD", "ask Karin", "weet ik nog niet", "see attached".

An answer that only points to another one ("see Q3", "same as Q3", "zie vraag 3") is not put
off: it stands or falls with the answer it points to (`status` follows it).

Such an answer is kept as written, but the question stays open: `status` lists it under
"To follow up", with the words, and the questions handed on to someone by that person.
An owner hands a question on with `ask: NAME, ROLE`; "ask Karin", "vraag het aan Karin"
and "@karin" read the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Who a question is handed to: the words after these, up to a comma, bracket or "in/from/at".
HAND_ON = re.compile(
    r"^(?:(?:please|pls|svp|graag)\s+)?(?:ask:?|vraag(?:\s+het)?(?:\s+even)?\s+(?:na\s+bij|aan)|check\s+with|"
    r"navragen\s+bij|na\s+te\s+vragen\s+bij|handed\s+(?:on\s+)?to|doorgezet\s+naar|overleggen\s+met|"
    r"(?:i(?:'ll|\s+will)\s+|we(?:'ll|\s+will)\s+)?(?:ask|check\s+with|consult)|@)\s*(?P<who>.+)$",
    re.IGNORECASE)
KNOWS = re.compile(r"^(?P<who>[A-Z][\w.'-]*(?:\s+(?:van|de|der|den|ten|ter|in\s+'t|[A-Z][\w.'-]*)){0,3})\s+"
                   r"(?:knows|will\s+answer(?:\s+this)?|answers\s+this|weet\s+(?:dit|het)|beantwoordt\s+dit)$")
WHO_END = re.compile(r"\s*(?:[,;(\[]|\s-\s|\s–\s|\s(?:in|from|at|of|about|van|bij|op|over|for|voor|"
                     r"can|could|will|kan|wil|to|om|if|als|who|die)\s).*$", re.IGNORECASE)
ARTICLE = re.compile(r"^(?:our|onze|ons|the|de|het|my|mijn|your)\s+", re.IGNORECASE)

_PUT_OFF = [
    r"t\.?b\.?[dc]\.?", r"n\.?t\.?b\.?", r"tba", r"to\s+(?:be\s+)?(?:decided|determined|confirmed|defined|follow|come)",
    r"(?:to\s+)?follow(?:s|ing)?(?:\s+(?:later|soon))?", r"later", r"pending", r"in\s+progress",
    r"(?:i(?:'ll|\s+will)|we(?:'ll|\s+will))\s+(?:get\s+back\s+to\s+you|come\s+back\s+to\s+(?:you|this|it)|"
    r"answer\s+(?:this|that|it)\s+later|let\s+you\s+know|check|find\s+out|confirm)(?:\s+.*)?",
    r"(?:i|we)\s+(?:don'?t|do\s+not|dont)\s+know(?:\s+yet)?", r"don'?t\s+know(?:\s+yet)?", r"dunno",
    r"not\s+(?:sure|known|decided|clear)(?:\s+yet)?", r"(?:still\s+)?unknown(?:\s+yet)?", r"unclear", r"unsure",
    r"no\s+idea(?:\s+yet)?", r"(?:still\s+)?to\s+be\s+checked", r"need\s+to\s+check", r"checking",
    r"(?:ik\s+)?weet\s+(?:ik|het|dat|we)?\s*(?:nog\s+)?niet", r"weet\s+ik\s+(?:nog\s+)?niet", r"geen\s+idee",
    r"(?:nog\s+)?(?:niet\s+)?(?:bekend|onbekend)", r"nog\s+niet\s+bekend", r"nog\s+onduidelijk", r"onduidelijk",
    r"volgt(?:\s+(?:later|nog))?", r"komt\s+(?:nog|later)", r"later\s+meer", r"(?:nog\s+)?uitzoeken",
    r"wordt\s+(?:nog\s+)?uitgezocht", r"(?:dat\s+)?moet\s+ik\s+(?:nog\s+)?(?:navragen|uitzoeken|checken|nagaan)",
    r"(?:ik\s+)?kom\s+(?:er|hierop)\s+(?:nog\s+)?op\s+terug", r"nog\s+niet",
    r"(?:laat|laten)\s+(?:ik|we|wij)\s+(?:voor\s+nu\s+)?(?:nog\s+)?(?:even\s+)?open", r"(?:leave|leaving)\s+(?:it|this|that|these|them)\s+open(?:\s+for\s+now)?",
    r"(?:bespreek|bespreken)\s+(?:ik|we|wij)\s+(?:nog|later|eerst)(?:\s+.*)?", r"(?:i|we)(?:'ll|\s+will)\s+discuss(?:\s+.*)?",
    r"(?:daar\s+)?moet\s+ik\s+(?:nog\s+)?(?:met\s+.+\s+)?(?:over\s+)?(?:praten|overleggen|bespreken)",
    r"(?:to\s+)?discuss(?:\s+(?:with|later).*)?", r"ask\s+(?:me|us)\s+(?:again\s+)?(?:later|in\s+.+|next\s+.+|after\s+.+)",
    r"ask\s+again\s+(?:later|in\s+.+|next\s+.+|after\s+.+)",
    r"see\s+(?:the\s+)?attach(?:ed|ment)(?:\s+.*)?", r"attached", r"zie\s+(?:de\s+)?(?:bijlage|attachment)(?:\s+.*)?",
    r"in\s+(?:de\s+)?bijlage", r"idem",
]
PUT_OFF = re.compile(r"^(?:" + "|".join(_PUT_OFF) + r")$", re.IGNORECASE)
FILLER = re.compile(r"^(?:(?:she|he|they|zij|hij|ze)\s+(?:knows?|owns?|runs?|has|have|handles?|does|manages?|weet|weten|"
                    r"beheert|beheren|doet|heeft|regelt)(?:\s+.*)?|sorry|hmm+|good\s+question|goeie\s+vraag|goede\s+vraag|yet|still|nog|for\s+now|"
                    r"voorlopig|eh+|um+|not\s+yet|ok|oké|okay)$", re.IGNORECASE)
# "see Q3", "same as for Q3", "zie vraag 3", "idem Q3", "as in Q3 above": the answer is given there
REFERENCE = re.compile(r"^(?:see|zie|cf\.?|(?:the\s+)?same\s+as|(?:het\s+)?zelfde\s+als|idem|as\s+(?:in|for)|"
                       r"like)\s+(?:(?:for|in|at|under|bij|onder)\s+)?(?:q|question\s*|vraag\s*)(?P<number>\d+)"
                       r"(?:\s+(?:above|hierboven))?$", re.IGNORECASE)
CLAUSES = re.compile(r"\s*(?:[,;:.!?]+|\s[-–—]\s|\(|\)|\s(?:and|en|or|of|but|maar)\s)\s*", re.IGNORECASE)


@dataclass
class Deferral:
    words: str      # the answer as written, on one line
    person: str     # who it is handed to, or ""


NOT_A_PERSON = re.compile(r"^(?:again|me|us|later|back|around|about|for|him|her|them|it|this|that|yourself|"
                          r"opnieuw|mij|ons|later|hem|haar|ze)\b", re.IGNORECASE)


def person_in(clause: str) -> str:
    """The person a clause hands the question to ("ask Karin in IT" -> "Karin"), or ""."""
    clause = clause.strip()
    known = KNOWS.match(clause)
    match = HAND_ON.match(clause)
    if not (match or known):
        return ""
    who = (match or known).group("who").strip()
    who = ARTICLE.sub("", WHO_END.sub("", who)).strip(" .:!?'\"")
    if not who or NOT_A_PERSON.match(who) or len(who.split()) > 4:
        return ""
    return who


def reference(text: str) -> int | None:
    """The number of the question an answer only points to ("see Q3"), else None."""
    match = REFERENCE.match(" ".join(text.split()).strip(" .!*_"))
    return int(match.group("number")) if match else None


def deferral(text: str) -> Deferral | None:
    """A Deferral if the text only puts the question off or hands it on, else None."""
    words = " ".join(text.split())
    if not words or reference(words) is not None:
        return None
    person = ""
    hand_on = re.match(r"^ask:\s*(?P<who>[^,;(]+)", words, re.IGNORECASE)
    if hand_on:  # the documented form: "ask: NAME, ROLE"
        return Deferral(words, hand_on.group("who").strip(" ."))
    mention = re.match(r"^@(\w[\w.-]*)", words)
    if mention:
        return Deferral(words, mention.group(1))
    if PUT_OFF.match(words.strip(" !?")):
        return Deferral(words, "")
    bare = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", words)  # "(IT)", "[for now]": a role or an aside
    clauses = [c for c in CLAUSES.split(bare) if c and c.strip()]
    if not clauses or len(words) > 160:
        return None
    for clause in clauses:
        clause = clause.strip(" '\"*_")
        if not clause or FILLER.match(clause) or PUT_OFF.match(clause) or REFERENCE.match(clause):
            continue
        who = person_in(clause)
        if who:
            person = person or who
            continue
        return None
    if all(FILLER.match(c.strip(" '\"*_")) or not c.strip(" '\"*_") for c in clauses):
        return None  # "ok", "sorry": not an answer, but not a deferral either
    return Deferral(words, person)
