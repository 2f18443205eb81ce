"""Read an owner's reply: what it answers, question by question, and on which line.

A reply is a mail, a comment pasted from an issue or a chat, or the text the `form` page
writes. An answer starts a line with its question number:

    Q2: a, c             letters; also 'a and c', 'a & c', 'a c', 'c)', 'Q4 c', 'q4) c'
    Q5: a) two servers   words for the blank of option a (filling a blank chooses it;
                         the lines that continue it are free text)
    Q5: other: a phone   words for the 'other: ___' option
    Q4: c) a remark      option c, which has no blank, and the remark as free text
    Q3: free text        the text after 'Answer:'

The lines after an answer continue it if indented, or if unindented with no blank line
between; a blank line then an indented line is a paragraph break, a blank line then an
unindented one ends the answer. Mail quoting ('> ', '>> '), a signature after '-- ' and
the prose around the answers are passed over. A reply with '### Q<n>.' headings is a
filled-in copy of the questions file, read with the file's own parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import model
from .model import OTHER, Option, Problem, Question, Slot

QUOTE = re.compile(r"^[ \t]*((?:>[ \t]?)+)")
SIGNATURE = "--"
# "Q4: c", "q4) c", "Q4. c", "- **Q4:** c"; "Q4 c" (no mark) only when a choice follows.
START = re.compile(r"^\s*(?:[-*]\s+)?[*_]{0,2}Q(\d+)[*_]{0,2}(?:\s*([:.)])[*_]{0,2}|(?=\s))\s*(.*)$", re.IGNORECASE)
AND = re.compile(r"\s+(?:and|en)\s+", re.IGNORECASE)
LETTER = re.compile(r"^\(?([a-z])\)?\.?$", re.IGNORECASE)
CHOICE = re.compile(r"^\(?([a-z])\)\s*(.*)$", re.IGNORECASE)


@dataclass
class Answer:
    """What a reply says about one question; every part keeps the reply line it came from."""
    number: int
    letters: dict[str, int] = field(default_factory=dict)  # letter -> line
    fills: dict[str, tuple[str, int]] = field(default_factory=dict)  # letter -> (words for its blank, line)
    text: list[tuple[int, str]] = field(default_factory=list)  # (line, text) for 'Answer:'

    @property
    def chosen(self) -> set[str]:
        """The letters the reply chooses; filling a blank chooses its option."""
        return set(self.letters) | set(self.fills)

    @property
    def words(self) -> list[str]:
        """The free text, one item a line, without blank lines around it."""
        lines = [text.rstrip() for _, text in self.text]
        while lines and not lines[0]:
            lines.pop(0)
        while lines and not lines[-1]:
            lines.pop()
        return lines


def same(a: str, b: str) -> bool:
    """Equal but for spacing and line breaks (mail clients rewrap)."""
    return a.split() == b.split()


def unquote(text: str) -> list[tuple[int, str] | None]:
    """Each line as (quote depth, text without the quote marks); None past a signature."""
    lines: list[tuple[int, str] | None] = []
    signed_at: int | None = None  # quote depth of the last signature line, until the depth drops
    for raw in model.split_lines(text):
        body = model.cut_end(raw)[0]
        quote = QUOTE.match(body)
        depth = quote.group(1).count(">") if quote else 0
        body = body[quote.end():] if quote else body
        if signed_at is not None and depth < signed_at:
            signed_at = None
        if signed_at is None and body.rstrip() == SIGNATURE:
            signed_at = depth
        lines.append(None if signed_at is not None else (depth, body))
    return lines


def letters_in(text: str) -> list[str] | None:
    """The letters of 'a', 'a, c', 'a and c', 'a & c', 'a c', 'a) c)'; None if text is not such a list."""
    tokens = [token for token in re.split(r"[\s,;/&+]+", AND.sub(",", text.strip())) if token]
    found = [LETTER.match(token) for token in tokens]
    if not tokens or not all(found):
        return None
    return [match.group(1).lower() for match in found if match]


def looks_like_a_choice(text: str) -> bool:
    """Whether text after a bare 'Q4 ' (no ':') answers; 'Q1 and Q2 were hard' does not."""
    return letters_in(text) is not None or bool(CHOICE.match(text) or OTHER.match(text))


def fill_from(slot: Slot, text: str) -> str | None:
    """The words meant for a blank, from the option's text with the blank filled in (or the words alone)."""
    before, after = slot.before.strip(), slot.after.strip()
    if before and text.lower().startswith(before.lower()):
        text = text[len(before):]
    if after and text.endswith(after):
        text = text[: -len(after)]
    text = text.strip()
    return None if model.BLANK.match(text) else text


def title_words(question: Question) -> re.Pattern:
    """The question's title as a reply may repeat it before the answer."""
    words = r"\s+".join(re.escape(word) for word in question.title.split())
    return re.compile(rf"^{words}(?:\s*{re.escape(model.BLOCKING_TAG)})?\s*", re.IGNORECASE)


class Reader:
    """Collects the answers of one reply against the questions of the file it is for."""

    def __init__(self, questions: list[Question]):
        self.questions = {question.number: question for question in questions}
        self.answers: dict[int, Answer] = {}
        self.problems: list[Problem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(line, message))

    def answer(self, number: int) -> Answer:
        return self.answers.setdefault(number, Answer(number))

    def option(self, question: Question, letter: str, line: int) -> Option | None:
        option = next((o for o in question.options if o.letter == letter), None)
        if option is None:
            letters = f"{question.options[0].letter}–{question.options[-1].letter}" if question.options else "none"
            self.problem(line, f"Q{question.number}: no option {letter}) (its options: {letters})")
        return option

    def choose(self, question: Question, letter: str, line: int) -> None:
        self.answer(question.number).letters.setdefault(letter, line)

    def fill(self, question: Question, option: Option, words: str, line: int) -> None:
        fills = self.answer(question.number).fills
        earlier = fills.get(option.letter)
        if earlier and not same(earlier[0], words):
            self.problem(line, f'Q{question.number}: {option.letter}) filled in twice ("{earlier[0]}" on line {earlier[1]})')
        fills.setdefault(option.letter, (words, line))

    def write(self, question: Question, lines: list[tuple[int, str]]) -> None:
        if not any(text.strip() for _, text in lines):
            return
        answer = self.answer(question.number)
        if answer.text:
            answer.text.append((lines[0][0], ""))
        answer.text.extend(lines)

    # A block of `Q<n>` lines: the first line's text and its continuation lines.
    def block(self, number: int, lines: list[tuple[int, str]]) -> None:
        line = lines[0][0]
        question = self.questions.get(number)
        if question is None:
            self.problem(line, f"Q{number}: no such question in the questions file")
            return
        first = title_words(question).sub("", lines[0][1].strip(), count=1)
        rest = [(n, text, len(text) - len(text.lstrip())) for n, text in lines[1:]]
        indent = min((depth for _, text, depth in rest if text.strip() and depth), default=0)
        lines = [(line, first)] + [(n, text[min(indent, depth):].rstrip()) for n, text, depth in rest]
        while lines and not lines[-1][1].strip():
            lines.pop()
        while lines and not lines[0][1].strip():
            lines.pop(0)
        if not lines:
            return
        if not question.options:
            self.write(question, lines)
            return
        (line, first), more = lines[0], lines[1:]
        letters = letters_in(first)
        if letters is not None:
            for letter in letters:
                if self.option(question, letter, line):
                    self.choose(question, letter, line)
            self.write(question, more)
            return
        choice, other = CHOICE.match(first), OTHER.match(first)
        if choice:
            option = self.option(question, choice.group(1).lower(), line)
            if option is None:
                return
            words = choice.group(2)
        else:
            option = next((o for o in question.options if other and OTHER.match(o.text)), None)
            if option is None:
                self.write(question, lines)
                return
            words = other.group(1)
        self.choice(question, option, words, lines)

    def choice(self, question: Question, option: Option, words: str, lines: list[tuple[int, str]]) -> None:
        """`c) words`: words for the option's blank, its own text again, or a remark on it.

        A filled blank is one line; the lines that continue it are free text. Once a blank
        is filled the option has none, so words it already holds are its own text again.
        """
        line, more = lines[0][0], lines[1:]
        self.choose(question, option.letter, line)
        slot = option.slot
        if slot is not None:
            filled = fill_from(slot, words)
            if filled:
                self.fill(question, option, filled, line)
        elif not (model.BLANK_RUN.search(words) or " ".join(words.split()) in " ".join(option.text.split())):
            more = [(line, words)] + more
        self.write(question, more)

    def mail(self, lines: list[tuple[int, str] | None]) -> None:
        """The `Q<n>` lines, each with the lines that continue it."""
        number, block, blanks, depth = 0, [], [], 0
        for line, entry in enumerate(lines, start=1):
            start = START.match(entry[1]) if entry else None
            if start and (start.group(2) or looks_like_a_choice(start.group(3))):
                if block:
                    self.block(number, block)
                number, block, blanks, depth = int(start.group(1)), [(line, start.group(3))], [], entry[0]
                continue
            if not block:
                continue
            if entry is None or entry[0] != depth or (blanks and entry[1].strip() and not entry[1][:1].isspace()):
                self.block(number, block)
                block = []
            elif not entry[1].strip():
                blanks.append((line, ""))
            else:
                block += blanks + [(line, entry[1])]
                blanks = []
        if block:
            self.block(number, block)

    def copy(self, copied: list[Question]) -> None:
        """A filled-in copy of the questions file: its ticks, filled blanks and 'Answer:' text."""
        for question in copied:
            mine = self.questions.get(question.number)
            said = [o for o in question.options if o.chosen or (mine and self.filled(mine, o))]
            if not said and not question.written:
                continue
            if mine is None:
                self.problem(question.line, f"Q{question.number}: no such question in the questions file")
                continue
            if mine.title.split() != question.title.split():
                self.problem(question.line, f'Q{question.number}: the reply asks "{question.title}", '
                                            f'the questions file "{mine.title}"; is the reply from another version?')
                continue
            for option in said:
                self.copied_option(mine, option)
            if question.written:
                self.write(mine, [(question.answer_line or question.line, text) for text in question.written.splitlines()])

    @staticmethod
    def filled(question: Question, option: Option) -> bool:
        """Whether the copy fills in a blank of the file's option (filling it chooses it)."""
        mine = next((o for o in question.options if o.letter == option.letter), None)
        still_open = option.slot is not None and not option.slot.filled
        return bool(mine and mine.slot and not still_open and not same(mine.text, option.text))

    def copied_option(self, question: Question, option: Option) -> None:
        mine = self.option(question, option.letter, option.line)
        if mine is None:
            return
        self.choose(question, mine.letter, option.line)
        if same(mine.text, option.text) or (option.slot and not option.slot.filled):
            return
        slot = mine.slot
        if slot is None or not option.text.lower().startswith(slot.before.strip().lower()):
            self.problem(option.line, f'Q{question.number}: option {mine.letter}) reads "{option.text}" in the reply, '
                                      f'"{mine.text}" in the questions file; change that line by hand')
            return
        words = fill_from(slot, option.text)
        if words:
            self.fill(question, mine, words, option.line)

    def check(self) -> None:
        """What the answers must keep once all are read."""
        for answer in self.answers.values():
            question = self.questions[answer.number]
            if not question.multi_choice and len(answer.chosen) > 1:
                line = max([*answer.letters.values(), *(line for _, line in answer.fills.values())])
                letters = ", ".join(sorted(answer.chosen))
                self.problem(line, f"Q{answer.number}: {letters} chosen, but the question takes one option")
            for line, text in answer.text:
                stripped = text.strip()
                option = model.LOOKS_LIKE_OPTION.match(stripped)
                start = "#" if stripped.startswith("#") else option.group(0) if option else None
                if start:
                    self.problem(line, f"Q{answer.number}: an answer line may not start with '{start}' "
                                       "(the questions file would read it as a heading or an option)")


def read(text: str, questions: list[Question]) -> tuple[list[Answer], list[Problem]]:
    """The answers in a reply (text without its byte order mark), for the given questions."""
    reader = Reader(questions)
    lines = unquote(text)
    plain = "\n".join(entry[1] if entry else "" for entry in lines)
    if any(model.HEADING.match(entry[1]) for entry in lines if entry):  # not indented: not an answer's line
        copied, problems = model.parse(plain)
        reader.problems += problems
        reader.copy(copied)
        inside = {n for question in copied for n in range(question.line, question.end + 1)}
        lines = [None if n in inside else entry for n, entry in enumerate(lines, start=1)]
    reader.mail(lines)
    reader.check()
    if not reader.answers and not reader.problems:
        reader.problem(1, "no answers found: write lines like 'Q4: c', or send back a filled-in copy of the questions file")
    reader.problems.sort(key=lambda problem: problem.line)
    return sorted(reader.answers.values(), key=lambda answer: answer.number), reader.problems
