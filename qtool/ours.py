"""The questions file's own text, to know it when a reply quotes it back or copies it."""

from __future__ import annotations

import re

from . import model
from .model import Question

HEADING = re.compile(r"^\s*(#{0,6})\s*\**Q(\d+)\.\**\s+(.+?)\s*$")
BOX = re.compile(r"^\s*(?:[-*+•]\s*)?(?:\[\s*(?P<mark>[^\]\s]?)\s*\]|(?P<glyph>[☐☒☑✅✔✓✗✘■□]))\s*"
                 r"(?P<letter>[a-zA-Z])\)\s*(?P<text>.*?)\s*$")
LABEL = re.compile(r"^\s*\**(Why it matters|Why|If unanswered|Answer|Skip if|Ask)\**\s*:\**\s*(.*?)\s*$", re.IGNORECASE)
UNTICKED = "☐□"


def normal(text: str) -> str:
    """Text as compared with the questions file: no Markdown marks, quotes or case."""
    text = re.sub(r"^\s*#{1,6}\s*", "", text)
    text = text.replace("`", "").replace("**", "").replace("*", "")
    text = text.translate(str.maketrans("“”„‘’", "\"\"\"''"))
    return " ".join(text.split()).casefold()


def title_key(title: str) -> str:
    text = normal(title).replace(normal(model.MULTI_CHOICE), "")
    text = re.sub(r"\bblocking\b", "", text)
    return " ".join(text.split()).rstrip(" ?.:")


class Ours:
    """The questions file's own text, to know it when a reply quotes it back or copies it."""

    def __init__(self, text: str, questions: list[Question]):
        self.questions = {question.number: question for question in questions}
        answers = {n for q in questions if q.answer_line for n in range(q.answer_line, q.end + 1)}
        fixed = [normal(model.cut_end(raw)[0]) for n, raw in enumerate(model.split_lines(text), start=1)
                 if n not in answers]
        self.lines = {line for line in fixed if line}
        self.joined = " " + " ".join(line for line in fixed if line) + " "
        self.titles = {title_key(q.title): q.number for q in questions}

    def heading(self, text: str) -> tuple[int, bool] | None:
        """(number, whether its title is ours) for a question heading; None for any other line."""
        match = HEADING.match(text)
        if not match:
            return None
        number, title = int(match.group(2)), match.group(3)
        question = self.questions.get(number)
        if question and title_key(question.title) == title_key(title):
            return number, True
        if match.group(1) and title.rstrip("`* ").rstrip().endswith(("?", "blocking")):
            return number, False
        return None

    def option(self, text: str) -> tuple[bool, str, str] | None:
        """(ticked, letter, text) for an option line with a box, ticked or not."""
        match = BOX.match(text)
        if not match:
            return None
        mark, glyph = match.group("mark"), match.group("glyph")
        ticked = bool(mark) or bool(glyph and glyph not in UNTICKED)
        return ticked, match.group("letter").lower(), match.group("text")

    def find_option(self, letter: str, text: str, context: int | None) -> Question | None:
        """The question an option line belongs to: the one in context, else the one whose option reads so."""
        key = normal(text)
        if context in self.questions and any(o.letter == letter for o in self.questions[context].options):
            return self.questions[context]
        matches = [q for q in self.questions.values()
                   if any(o.letter == letter and (normal(o.text) == key or
                                                  (o.slot and key.startswith(normal(o.slot.before)) and o.slot.before.strip()))
                          for o in q.options)]
        return matches[0] if len(matches) == 1 else None

    def is_ours(self, text: str) -> bool:
        key = normal(text)
        if not key:
            return False
        return key in self.lines or (len(key) >= 40 and f" {key} " in self.joined)
