"""The body of a GitHub issue opened from our issue form (see issueform.py): '### label'
sections, '- [X]' ticks and '_No response_' for a field left empty, read by the labels.
"""

from __future__ import annotations

import re

from . import structure
from .answers import Reader
from .structure import ANSWER, BLANK, OURS, PROSE, TICK, Line

ISSUE_SECTION = re.compile(r"^###\s+Q(\d+)(?:\.\s+(?P<answer>Your answer)|\s+(?P<letter>[a-z])\)\s+in your words|\.\s+.+)\s*$")
ISSUE_TICK = re.compile(r"^\s*-\s+\[(?P<mark>[ xX])\]\s+(?P<letter>[a-z])\)\s")


def is_issue(lines: list[Line]) -> bool:
    """A body GitHub wrote from our issue form: '### Q1. ...' sections and '_No response_' or our labels."""
    sections = [line for line in lines if ISSUE_SECTION.match(line.raw)]
    marked = any(structure.NO_RESPONSE.match(line.raw.strip()) or
                 ISSUE_SECTION.match(line.raw).group("answer") or ISSUE_SECTION.match(line.raw).group("letter")
                 for line in lines if ISSUE_SECTION.match(line.raw) or structure.NO_RESPONSE.match(line.raw.strip()))
    return len(sections) >= 2 and marked


def read_issue(lines: list[Line], reader: Reader) -> None:
    """The body of an issue opened from our issue form, section by section, by the labels it wrote."""
    section: tuple[int, str, str] | None = None  # (question, kind, letter)
    value: list[tuple[int, str]] = []

    def settle() -> None:
        if section is None:
            return
        number, kind, letter = section
        question = reader.questions.get(number)
        text = [(n, t) for n, t in value if not structure.NO_RESPONSE.match(t.strip())]
        while text and not text[-1][1].strip():
            text.pop()
        while text and not text[0][1].strip():
            text.pop(0)
        if question is None:
            if text or kind == "ticks":
                reader.problem(value[0][0] if value else 1, f"Q{number}: no such question in the questions file")
            return
        if kind == "answer" and text:
            reader.guarded(lambda: reader.block(number, [(text[0][0], "")] + text, verbatim=True))
        elif kind == "blank" and text:
            option = reader.option(question, letter, text[0][0])
            if option is not None:
                reader.guarded(lambda: reader.choice(question, [option], " ".join(t.strip() for _, t in text),
                                                     [(text[0][0], "")]))

    for line in lines:
        heading = ISSUE_SECTION.match(line.raw)
        if heading:
            settle()
            kind = "answer" if heading.group("answer") else "blank" if heading.group("letter") else "ticks"
            section, value = (int(heading.group(1)), kind, heading.group("letter") or ""), []
            line.kind, line.note = OURS, f"Q{heading.group(1)}"
            continue
        if section is None:
            line.kind = BLANK if line.blank else PROSE
            continue
        tick = ISSUE_TICK.match(line.raw) if section[1] == "ticks" else None
        if tick:
            if tick.group("mark") != " ":
                question = reader.questions.get(section[0])
                if question is not None and reader.option(question, tick.group("letter"), line.number):
                    reader.choose(question, tick.group("letter"), line.number)
                line.kind, line.note = TICK, f"Q{section[0]} {tick.group('letter')})"
            else:
                line.kind = OURS
            continue
        value.append((line.number, line.raw))
        line.kind = BLANK if line.blank or structure.NO_RESPONSE.match(line.raw.strip()) else (
            ANSWER if section[1] != "ticks" else PROSE)
        if line.kind == ANSWER:
            line.note = f"Q{section[0]}"
    settle()
