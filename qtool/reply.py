"""Read an owner's reply: what it answers, question by question, and on which line.

A reply is a mail (typed on top, inline under the quoted questions, or saved as `.eml`),
a chat or issue paste, a filled-in copy of the questions file, or the text the answer
page writes. Every line is read as one of:

- an answer: it starts with a question reference (`Q4: c`, `Vraag 4 - c`, `**Q4:** c`,
  `[10:42] Jan: Q4 c`; see choice.py), or a bare number (`4. c`) in a reply that has no
  references; or it is the owner's text under one of our questions (a filled-in copy, an
  inline reply): a tick, a filled blank, or text;
- the continuation of the answer above it: its later lines, paragraphs and lists, up to
  the next reference, our own text, a closing or a signature;
- our own text, quoted back or copied; a mail header block; a chat name and time;
  a greeting, a closing, a signature;
- prose. A line of prose that mentions a question (`Q18`, `vraag 6`) is a problem, named
  by its line: it may hold an answer that no rule can file rightly. So is a reference to a
  question or option that does not exist.

Quoted lines (`> `) are never answers: they are the mail being replied to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import structure
from .answers import Answer, Reader, same
from .choice import leading_letters
from .issuebody import is_issue, read_issue
from .model import Problem, Question
from .ours import Ours
from .structure import PROSE, Line
from .walk import Walk

__all__ = ["Answer", "Reading", "read", "same"]

@dataclass
class Reading:
    """All a reply says: its answers, its problems, and how each of its lines was read."""
    answers: list[Answer]
    problems: list[Problem]
    lines: list[Line]

    @property
    def prose(self) -> list[Line]:
        """The lines read as prose: passed over, not answers."""
        return [line for line in self.lines if line.kind == PROSE]


def read(text: str, questions: list[Question], file_text: str = "", partial: bool = False) -> Reading:
    """Every answer in a reply (text without its byte order mark), for the given questions file."""
    lines = structure.prepare(text)
    reader = Reader(questions, Ours(file_text, questions))
    if is_issue(lines):
        read_issue(lines, reader)
    else:
        Walk(lines, reader).run()
    reader.check(partial)
    if not reader.answers and not reader.problems:
        near = [line for line in lines if line.kind == PROSE and (
            re.search(r"\b\d{1,2}\b", line.text) or leading_letters(line.text.strip()))][:5]
        where = ", ".join(str(line.number) for line in near) or "none"
        reader.problem(near[0].number if near else 1,
                       "no answers found: write lines like 'Q4: c', or send back a filled-in copy of the "
                       f"questions file (lines that came nearest: {where})")
    reader.problems.sort(key=lambda problem: problem.line)
    answers = sorted(reader.answers.values(), key=lambda answer: answer.number)
    return Reading(answers, reader.problems, lines)
