"""The one model of QUESTIONS.md: read the file, split it into questions, check its form.

Every command reads the file through `load` (or `examine` for text already in hand). Lines
are numbered as `split_lines` splits them, so a writer can change a line by its number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .followup import Deferral, deferral, reference

HEADING = re.compile(r"^###\s+Q(\d+)\.\s+(.+?)\s*$")
LOOKS_LIKE_QUESTION = re.compile(r"^#{1,6}\s*Q\d", re.IGNORECASE)
OPTION = re.compile(r"^[-*]\s+\[([ xX])\]\s+([a-z])\)\s+(\S.*?)\s*$")
LOOKS_LIKE_OPTION = re.compile(r"^[-*]\s*\[")
BLOCKING_TAG = "`blocking`"
MULTI_CHOICE = "(all that apply)"
WHY, IF_UNANSWERED, ANSWER, SKIP = "Why:", "If unanswered:", "Answer:", "Skip if:"
LABELS = (SKIP, WHY, IF_UNANSWERED, ANSWER)
# earlier editions spelt the label out, and still read; the page and the issue form, with room, spell it out
WHY_IN_FULL = "Why it matters:"
SPELT_OUT = {WHY_IN_FULL: WHY}
# "Skip if: Q1 e (sent by mistake)", "Q3 only c, d", "Q2 not d": one or more, joined by '; or'
CONDITION = re.compile(r"^Q(?P<number>\d+)\s+(?:is\s+)?(?:(?P<how>only|not)\s+)?"
                       r"(?P<letters>[a-z](?:\s*(?:,|or|and|,\s*or)\s*[a-z])*)(?:\s*\((?P<label>[^()]*)\))?\.?$")
OTHER = re.compile(r"^other:\s*(.*)$", re.IGNORECASE)
FILLED = re.compile(r"^(?P<label>.*?):\s+(?P<value>\S.*)$")  # "label: words": a blank filled in
LAST_BLANK = re.compile(r":\s+_{3,}$")  # the form of an open blank: last, after ': '
BLANK = re.compile(r"^[_\s.]*$")
BLANK_RUN = re.compile(r"_{3,}")
BOM = "\ufeff"
NOTES = re.compile(r"^<details\b", re.IGNORECASE)
LETTER_REFERENCE = re.compile(r"^([a-z])\)[;,.]?\s*(.*)$")


class InputError(Exception):
    """The file cannot be read as a questions file at all (exit code 2)."""


@dataclass
class Slot:
    """Where an option takes the owner's words: the text before and after its blank."""
    before: str
    filled: str  # "" while the blank is open
    after: str

    def holding(self, words: str) -> str:
        """The option's text with the blank holding words ("___" opens it again)."""
        return f"{self.before}{words}{self.after}"


@dataclass
class Option:
    letter: str
    text: str
    ticked: bool
    line: int

    @property
    def chosen(self) -> bool:
        """Ticked, or its blank filled in without a tick."""
        if self.ticked:
            return True
        slot = self.slot
        return slot is not None and bool(slot.filled)

    @property
    def slot(self) -> Slot | None:
        """The option's blank, open (`___`) or filled in.

        A blank comes last in its option, after ': ' ("label: ___"), so a filled one is
        "label: words": the words after the option's first ': '. An option with no blank
        has no ': ' in its text.
        """
        run = BLANK_RUN.search(self.text)
        if run:
            return Slot(self.text[: run.start()], "", self.text[run.end():])
        filled = FILLED.match(self.text)
        if filled:
            value = filled.group("value")
            return Slot(self.text[: filled.start("value")], "" if BLANK.match(value) else value, "")
        return None


@dataclass
class Condition:
    """One condition of a skip rule: question `number` has any of, only, or none of `letters` chosen."""
    number: int
    how: str            # "any", "only" or "not"
    letters: list[str]
    label: str = ""

    def holds(self, question: "Question") -> bool:
        chosen = {option.letter for option in question.chosen}
        if not chosen:
            return False
        if self.how == "only":
            return chosen <= set(self.letters)
        if self.how == "not":
            return not chosen & set(self.letters)
        return bool(chosen & set(self.letters))

    def __str__(self) -> str:
        words = {"any": "", "only": "only ", "not": "not "}[self.how]
        letters = ", ".join(self.letters[:-1]) + " or " + self.letters[-1] if len(self.letters) > 1 else self.letters[0]
        return f"Q{self.number} is {words}{letters}" + (f" ({self.label})" if self.label else "")


@dataclass
class Question:
    number: int
    title: str
    blocking: bool
    line: int
    end: int = 0  # the question's last line: the one before the next heading, or the file's last
    options: list[Option] = field(default_factory=list)
    why: str | None = None
    assumption: str | None = None
    answer_line: int | None = None
    answer_text: list[str] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)  # lines between heading and options or labels
    skip_line: int | None = None
    skip_text: str = ""  # the words after 'Skip if:'

    @property
    def conditions(self) -> list[Condition]:
        """The skip rule's conditions; [] if it has none (or they cannot be read: --check says so)."""
        found = []
        for part in re.split(r"\s*;\s*(?:or\s+)?|,?\s+or\s+(?=Q\d)", self.skip_text.strip()):
            match = CONDITION.match(part.strip())
            if not match:
                return []
            letters = re.findall(r"[a-z]", re.sub(r"\b(?:or|and)\b", " ", match.group("letters")))
            found.append(Condition(int(match.group("number")), match.group("how") or "any", letters,
                                   match.group("label") or ""))
        return found

    def skipped_by(self, questions: dict[int, "Question"]) -> Condition | None:
        """The condition of the skip rule that the answers so far meet, if any (an answer wins over it)."""
        if self.answered or self.written:
            return None
        for condition in self.conditions:
            other = questions.get(condition.number)
            if other is not None and condition.holds(other):
                return condition
        return None

    @property
    def multi_choice(self) -> bool:
        return MULTI_CHOICE in self.title

    @property
    def chosen(self) -> list[Option]:
        return [option for option in self.options if option.chosen]

    @property
    def written(self) -> str:
        lines = list(self.answer_text)
        while lines and not lines[0].strip():
            lines.pop(0)
        while lines and not lines[-1].strip():
            lines.pop()
        return "\n".join(lines)

    @property
    def deferral(self):
        """A followup.Deferral if the answer only puts the question off ("TBD", "ask: Karin, IT")."""
        return None if self.chosen else deferral(self.written)

    @property
    def hand_ons(self) -> list[tuple[str, Deferral]]:
        """Who this question, or a chosen option's blank ("c) ask: Henk"), is handed on to: (letter or "", Deferral)."""
        found = [("", self.deferral)] if self.deferral is not None and self.deferral.person else []
        for option in self.chosen:
            handed = deferral(option.slot.filled) if option.slot and option.slot.filled else None
            if handed is not None and handed.person:
                found.append((option.letter, handed))
        return found

    @property
    def refers_to(self) -> int | None:
        """The question this answer only points to ("see Q3"), else None."""
        return None if self.chosen else reference(self.written)

    @property
    def answered(self) -> bool:
        """Answered for good: a choice, or words that do more than put the question off."""
        return bool(self.chosen) or (bool(self.written) and self.deferral is None)

    def assumption_in_words(self) -> str:
        """The assumption, with a leading option reference such as 'a);' spelt out."""
        text = self.assumption or ""
        reference = LETTER_REFERENCE.match(text)
        if not reference:
            return text
        option = next((o for o in self.options if o.letter == reference.group(1)), None)
        if option is None:
            return text
        rest = reference.group(2).strip()
        return f"{option.letter}) {option.text}" + (f"; {rest}" if rest else "")


@dataclass
class Problem:
    line: int
    message: str


def read_bytes(path: Path) -> bytes:
    """A file's bytes, or an InputError that says in a line why they cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from None


def read_raw(path: Path) -> str:
    """The file's text as it is, a byte order mark included."""
    return decode(read_bytes(path), path)


def decode(data: bytes, name: object) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(f"{name}:{line}: not UTF-8 (byte 0x{data[error.start]:02x})") from None
    if not text.strip():
        raise InputError(f"{name}: the file is empty")
    return text


def split_bom(text: str) -> tuple[str, str]:
    """(byte order mark or "", the text after it)."""
    body = text.lstrip(BOM)
    return text[: len(text) - len(body)], body


def read_text(path: Path) -> str:
    return split_bom(read_raw(path))[1]


def split_lines(text: str) -> list[str]:
    """The lines with their line ends; line n of the file is item n - 1."""
    return text.splitlines(keepends=True)


def cut_end(raw: str) -> tuple[str, str]:
    """A line from split_lines as (its text, its line end)."""
    parts = raw.splitlines()
    body = parts[0] if parts else ""
    return body, raw[len(body):]


def parse(text: str) -> tuple[list[Question], list[Problem]]:
    """Split the file into questions; report what cannot be read as intended."""
    questions: list[Question] = []
    problems: list[Problem] = []
    current: Question | None = None
    seen: set[str] = set()  # labels met in the current question

    lines = split_lines(text)
    for number, raw in enumerate((cut_end(each)[0] for each in lines), start=1):
        line = raw.strip()
        if line.startswith("#") or NOTES.match(line):  # a heading, or the team's folded notes, ends a question
            if current is not None:
                current.end = number - 1
            current, seen = None, set()
            heading = HEADING.match(line)
            if heading:
                title = heading.group(2)
                blocking = title.endswith(BLOCKING_TAG)
                if blocking:
                    title = title[: -len(BLOCKING_TAG)].rstrip()
                current = Question(int(heading.group(1)), title, blocking, number)
                questions.append(current)
            elif LOOKS_LIKE_QUESTION.match(line):
                problems.append(Problem(number, "question heading not in the form '### Q<n>. <question>?'"))
            continue
        if current is None:
            continue
        if ANSWER in seen:
            if LOOKS_LIKE_OPTION.match(line):
                problems.append(Problem(number, f"Q{current.number}: option after '{ANSWER}'"))
            current.answer_text.append(raw.rstrip())
            continue
        label = next((name for name in LABELS if line.startswith(name)), None)
        spelt = next((name for name in SPELT_OUT if line.startswith(name)), None)
        if spelt:
            label, line = SPELT_OUT[spelt], SPELT_OUT[spelt] + line[len(spelt):]
        if label:
            if label in seen:
                problems.append(Problem(number, f"Q{current.number}: second '{label}' line"))
                continue
            seen.add(label)
            value = line[len(label):].strip()
            if label == SKIP:
                current.skip_line, current.skip_text = number, value
            elif label == WHY:
                current.why = value
            elif label == IF_UNANSWERED:
                current.assumption = value
            else:
                current.answer_line = number
                if value:
                    current.answer_text.append(value)
            continue
        if LOOKS_LIKE_OPTION.match(line):
            option = OPTION.match(line)
            if not option:
                problems.append(Problem(number, f"Q{current.number}: option not in the form '- [ ] a) text'"))
            elif seen - {SKIP}:
                first = next(name for name in LABELS if name in seen and name != SKIP)
                problems.append(Problem(number, f"Q{current.number}: option after '{first}'"))
            else:
                ticked, letter, option_text = option.groups()
                current.options.append(Option(letter, option_text, ticked != " ", number))
            continue
        if not seen - {SKIP} and not current.options:
            current.preamble.append(raw.rstrip())
        elif line:
            problems.append(Problem(number, f"Q{current.number}: text outside an answer; write it after '{ANSWER}'"))
    if current is not None:
        current.end = len(lines)
    return questions, problems


def check(questions: list[Question]) -> list[Problem]:
    """Rules the whole file must keep, beyond what parsing found."""
    problems: list[Problem] = []
    by_number = {question.number: question for question in questions}
    first_line: dict[int, int] = {}
    expected = 1
    last_non_blocking: Question | None = None
    for question in questions:
        where, name = question.line, f"Q{question.number}"
        if question.number in first_line:
            problems.append(Problem(where, f"{name}: number used twice (first on line {first_line[question.number]})"))
        else:
            first_line[question.number] = where
            if question.number != expected:
                problems.append(Problem(where, f"{name}: out of order, expected Q{expected}"))
        expected = max(expected, question.number + 1)
        if not question.title.replace(MULTI_CHOICE, "").rstrip().endswith("?"):
            problems.append(Problem(where, f"{name}: the question does not end with '?'"))
        if question.blocking and last_non_blocking is not None:
            problems.append(Problem(where, f"{name}: blocking question after non-blocking Q{last_non_blocking.number}"))
        if not question.blocking:
            last_non_blocking = question
        for label, value in ((WHY, question.why), (IF_UNANSWERED, question.assumption)):
            if value is None:
                problems.append(Problem(where, f"{name}: no '{label}' line"))
            elif not value:
                problems.append(Problem(where, f"{name}: '{label}' is empty"))
        if question.answer_line is None:
            problems.append(Problem(where, f"{name}: no '{ANSWER}' line"))
        for position, option in enumerate(question.options):
            expected_letter = chr(ord("a") + position)
            if option.letter != expected_letter:
                problems.append(Problem(option.line, f"{name}: option '{option.letter})' where '{expected_letter})' belongs"))
            if BLANK_RUN.search(option.text) and not LAST_BLANK.search(option.text):
                problems.append(Problem(option.line, f"{name}: option {option.letter}): put its blank last, after ': ' ('label: ___')"))
        if not question.multi_choice and len(question.chosen) > 1:
            letters = ", ".join(option.letter for option in question.chosen)
            problems.append(Problem(where, f"{name}: {letters} chosen; tick one, or say '{MULTI_CHOICE}'"))
        reference = LETTER_REFERENCE.match(question.assumption or "")
        if reference and reference.group(1) not in {option.letter for option in question.options}:
            problems.append(Problem(where, f"{name}: '{IF_UNANSWERED}' names option {reference.group(1)}), which does not exist"))
        problems += check_skip(question, by_number)
    return problems


def check_skip(question: Question, by_number: dict[int, Question]) -> list[Problem]:
    """A skip rule names an earlier question with options, and options it has."""
    if question.skip_line is None:
        return []
    where, name = question.skip_line, f"Q{question.number}"
    conditions = question.conditions
    if not conditions:
        return [Problem(where, f"{name}: '{SKIP}' not in the form 'Q1 is e (label)', 'Q3 is only c or d' or "
                               "'Q2 is not a, b or d', joined by '; or'")]
    problems = []
    for condition in conditions:
        other = by_number.get(condition.number)
        if other is None or other.number >= question.number:
            problems.append(Problem(where, f"{name}: '{SKIP}' names Q{condition.number}, which is not an earlier question"))
        elif not other.options:
            problems.append(Problem(where, f"{name}: '{SKIP}' names Q{condition.number}, which has no options"))
        else:
            letters = {option.letter for option in other.options}
            for letter in condition.letters:
                if letter not in letters:
                    problems.append(Problem(where, f"{name}: '{SKIP}' names option {letter}) of Q{condition.number}, "
                                                   "which does not exist"))
    return problems


def examine(text: str, name: object) -> tuple[list[Question], list[Problem]]:
    """Parse and check the text of a questions file (without its byte order mark)."""
    questions, problems = parse(text)
    if not questions:
        raise InputError(f"{name}: no questions found (headings like '### Q1. What ...?')")
    problems += check(questions)
    problems.sort(key=lambda problem: problem.line)
    return questions, problems


def load(path: Path) -> tuple[list[Question], list[Problem]]:
    return examine(read_text(path), path)
