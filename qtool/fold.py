"""Fold a reply's answers into the lines of a questions file: which lines change, and how.

Only answer lines change: an option's tick, the words in its blank, the text after
'Answer:'. An answer the file already holds is never overwritten unless asked to.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import ANSWER, OPTION, Option, Problem, Question, cut_end
from .reply import Answer, same


@dataclass
class Edit:
    """Lines first..last of the file (numbered from 1) become these lines (without line ends)."""
    first: int
    last: int
    lines: list[str]


def short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def describe(question: Question) -> str:
    """The answer a question holds, in one line: 'c) more than 10 million; "text"', or 'open'."""
    parts = [f"{option.letter}) {option.text}" for option in question.chosen]
    if question.written:
        parts.append(f'"{short(question.written)}"')
    return "; ".join(parts) or "open"


class Folder:
    """Edits and conflicts for one reply against one file's lines and questions."""

    def __init__(self, lines: list[str], reply_name: str):
        self.lines = lines
        self.reply_name = reply_name
        self.edits: list[Edit] = []
        self.conflicts: list[Problem] = []

    def conflict(self, line: int, number: int, old: str, new: str, reply_line: int) -> None:
        self.conflicts.append(Problem(line, f'Q{number}: already answered "{short(old)}"; '
                                            f'the reply says "{short(new)}" ({self.reply_name}:{reply_line})'))

    def fold(self, question: Question, answer: Answer) -> None:
        """Record where the reply differs from answers the question holds, and the edits it makes."""
        chosen, wanted = {o.letter for o in question.chosen}, answer.chosen
        if wanted and chosen and wanted != chosen:
            first = min(o.line for o in question.chosen)
            self.conflict(first, question.number, ", ".join(sorted(chosen)), ", ".join(sorted(wanted)),
                          min([*answer.letters.values(), *(line for _, line in answer.fills.values())]))
        for option in question.options:
            fill = answer.fills.get(option.letter)
            slot = option.slot
            if fill and slot and slot.filled and not same(slot.filled, fill[0]):
                self.conflict(option.line, question.number, f"{option.letter}) {slot.filled}",
                              f"{option.letter}) {fill[0]}", fill[1])
        words = answer.words
        if words and question.written and not same(question.written, "\n".join(words)):
            self.conflict(question.answer_line or question.line, question.number, question.written,
                          "\n".join(words), answer.text[0][0])
        for option in question.options:
            self.option(option, answer, chosen != wanted and bool(wanted))
        if words and not same(question.written, "\n".join(words)):
            self.answer(question, words)

    def option(self, option: Option, answer: Answer, choice_changes: bool) -> None:
        ticked, text, slot = option.ticked, option.text, option.slot
        fill = answer.fills.get(option.letter)
        if option.letter in answer.chosen:
            ticked = True
        elif choice_changes and option.chosen:  # a conflict, unless replacing
            ticked = False
            if slot and slot.filled:
                text = slot.holding("___")
        if fill and slot and not same(slot.filled, fill[0]):
            text = slot.holding(fill[0])
        if ticked != option.ticked or text != option.text:
            self.edits.append(Edit(option.line, option.line, [self.option_line(option.line, ticked, text)]))

    def option_line(self, number: int, ticked: bool, text: str) -> str:
        body = cut_end(self.lines[number - 1])[0]
        indent = len(body) - len(body.lstrip())
        match = OPTION.match(body[indent:])
        tick = match.group(1) if (match.group(1) != " ") == ticked else ("x" if ticked else " ")
        start, end = indent + match.start(1), indent + match.end(1)
        return body[:start] + tick + body[end: indent + match.start(3)] + text + body[indent + match.end(3):]

    def answer(self, question: Question, words: list[str]) -> None:
        """The text after 'Answer:' becomes words; blank lines before the next question stay."""
        first = question.answer_line
        last = max([first] + [n for n in range(first, question.end + 1) if cut_end(self.lines[n - 1])[0].strip()])
        body = cut_end(self.lines[first - 1])[0]
        label = body[: body.index(ANSWER) + len(ANSWER)]
        if words[0][:1].isspace():
            new = [label] + words
        else:
            new = [f"{label} {words[0]}"] + words[1:]
        self.edits.append(Edit(first, last, new))


def newline_of(lines: list[str]) -> str:
    return next((cut_end(line)[1] for line in lines if cut_end(line)[1]), "\n")


def render(lines: list[str], edits: list[Edit]) -> str:
    """The file's text with the edits made; every other line as it was, line end included."""
    out, newline = [], newline_of(lines)
    at = {edit.first: edit for edit in edits}
    number = 1
    while number <= len(lines):
        edit = at.get(number)
        if edit is None:
            out.append(lines[number - 1])
            number += 1
            continue
        inner = cut_end(lines[edit.first - 1])[1] or newline
        last_end = cut_end(lines[edit.last - 1])[1]
        out += [line + inner for line in edit.lines[:-1]] + [edit.lines[-1] + last_end]
        number = edit.last + 1
    return "".join(out)


def fold(questions: list[Question], answers: list[Answer], lines: list[str],
         replace: bool, reply_name: str) -> tuple[list[Edit], list[Problem]]:
    """The edits that write the answers into the file's lines, and the conflicts that stop them."""
    folder = Folder(lines, reply_name)
    by_number = {question.number: question for question in questions}
    for answer in answers:
        folder.fold(by_number[answer.number], answer)
    conflicts = [] if replace else sorted(folder.conflicts, key=lambda problem: problem.line)
    return folder.edits, conflicts
