"""What a reply says about each question: ticks, filled blanks and free text, line by line.

`Reader` collects the answers of one reply; the walk over the reply's lines (walk.py) and
the reader of issue bodies (issuebody.py) hand it each answer's lines.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from . import model
from .choice import leading_letters, segments
from .model import OTHER, Option, Problem, Question, Slot
from .ours import Ours, normal

CLOSING_LETTERS = re.compile(r":\s+(\(?[a-zA-Z]\)?(?:\s*(?:,|&|/|\+|\band\b|\ben\b)\s*\(?[a-zA-Z]\)?)*)\s*(?:[.!]\s|[.!]?$)")
TRAILING_LETTER = re.compile(r"\s\(([a-zA-Z])\)[.!]?$")
OPTION_LINE = re.compile(r"^\s*(?:[-*•]\s+)?(?P<rest>\(?[a-zA-Z](?:[):]|\s[-–—])\s.*)$")  # "d: none", "- b) the desk", "e - EU"
ANSWER_WORD = re.compile(r"^\s*\**(?:antwoord|answer|reply|reactie)\**\s*:\**\s*", re.IGNORECASE)  # "ANTWOORD: ..."
AND_LETTERS = re.compile(r"^\s*(?:and|en|also|ook|plus|\+|&)\s+(?P<rest>\(?[a-zA-Z]\)?(?:[\s,.;:)(-].*)?)$", re.IGNORECASE)


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

    @property
    def lines(self) -> set[int]:
        return ({*self.letters.values()} | {line for _, line in self.fills.values()}
                | {line for line, text in self.text if text.strip()})


def same(a: str, b: str) -> bool:
    """Equal but for spacing and line breaks (mail clients rewrap)."""
    return a.split() == b.split()


def fill_from(slot: Slot, text: str) -> str | None:
    """The words meant for a blank, from the option's text with the blank filled in (or the words alone)."""
    before, after = slot.before.strip(), slot.after.strip()
    if before and normal(text).startswith(normal(before)):
        text = text[len(before):] if text.lower().startswith(before.lower()) else text.split(":", 1)[-1]
    if after and text.endswith(after):
        text = text[: -len(after)]
    label = re.match(r"^\s*([^:]{1,30}):\s+(?=\S)", text)
    if label and set(re.findall(r"\w+", normal(label.group(1)))) <= set(re.findall(r"\w+", normal(before))):
        text = text[label.end():]
    lead = before.split(";")[-1].strip().rstrip(":").strip()  # "match or compare; a match is: ___"
    if ";" in before and len(lead.split()) >= 2 and re.match(re.escape(lead) + r"\s*:?\s+\S", text.strip(), re.IGNORECASE):
        text = text.strip()[len(lead):].lstrip(" :")
    text = text.strip()
    return None if model.BLANK.match(text) else text


def title_words(question: Question) -> re.Pattern:
    """The question's title as a reply may repeat it before the answer."""
    words = r"\s+".join(re.escape(word) for word in question.title.split())
    return re.compile(rf"^{words}(?:\s*{re.escape(model.BLOCKING_TAG)})?\s*", re.IGNORECASE)


class Reader:
    """Collects the answers of one reply against the questions of the file it is for."""

    def __init__(self, questions: list[Question], ours: Ours):
        self.questions = {question.number: question for question in questions}
        self.ours = ours
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

    def guarded(self, work) -> bool:
        """Run work; if it names a problem, undo what it read (the line is named instead). True if clean."""
        answers, count = copy.deepcopy(self.answers), len(self.problems)
        work()
        if len(self.problems) > count:
            self.answers = answers
            return False
        return True

    # A block: the first line's text after its reference, and the lines that continue it.
    def block(self, number: int, lines: list[tuple[int, str]], verbatim: bool = False) -> None:
        line = lines[0][0]
        question = self.questions.get(number)
        if question is None:
            self.problem(line, f"Q{number}: no such question in the questions file")
            return
        first = ANSWER_WORD.sub("", title_words(question).sub("", lines[0][1].strip(), count=1), count=1)
        rest = [(n, text, len(text) - len(text.lstrip())) for n, text in lines[1:]]
        indent = 0 if verbatim else min((depth for _, text, depth in rest if text.strip() and depth), default=0)
        lines = [(line, first)] + [(n, text[min(indent, depth):].rstrip()) for n, text, depth in rest]
        while lines and not lines[-1][1].strip():
            lines.pop()
        while lines and not lines[0][1].strip():
            lines.pop(0)
        if not lines:
            return
        for n, text in lines:
            stripped = text.strip()
            option = model.LOOKS_LIKE_OPTION.match(stripped)
            start = "#" if stripped.startswith("#") else option.group(0) if option else None
            if start:
                self.problem(n, f"Q{number}: an answer line may not start with '{start}' "
                                "(the questions file would read it as a heading or an option)")
        if not question.options:
            self.write(question, lines)
            return
        (line, first), more = lines[0], lines[1:]
        if OPTION_LINE.match(first) and re.match(r"^\s*[-*•]\s", first):  # "Ad 18.:" then "- (d) names ..."
            self.further(question, lines)
            return
        pieces = segments(first)
        if pieces:
            for piece in pieces:
                options = [self.option(question, letter, line) for letter in piece.letters]
                if None in options:
                    return
                self.choice(question, options, piece.words, [(line, "")])
            self.further(question, more)
            return
        choice = leading_letters(first)
        if choice is None:
            named = self.named_option(question, first)
            if named:
                self.choose(question, named.letter, line)
                self.write(question, more)
                return
            closing = CLOSING_LETTERS.search(first)
            found = leading_letters(closing.group(1)) if closing else None
            if found and not found.words and all(any(o.letter == x for o in question.options) for x in found.letters):
                for letter in found.letters:  # "... was de commissie het snel eens: a, b en c."
                    self.choose(question, letter, line)
                self.write(question, lines)
                return
            last = TRAILING_LETTER.search(first)
            trailing = next((o for o in question.options if last and o.letter == last.group(1).lower()), None)
            if trailing:
                self.choice(question, [trailing], first[: last.start()].strip(), lines)
                return
            other = OTHER.match(first)
            option = next((o for o in question.options if other and OTHER.match(o.text)), None)
            if option is not None:
                self.choice(question, [option], other.group(1), lines)
                return
            self.write(question, lines)
            return
        options = [self.option(question, letter, line) for letter in choice.letters]
        if None in options:
            return
        if choice.each:
            for option in options:
                words = choice.each.get(option.letter, "")
                if option is options[-1] and choice.words:
                    words = f"{words} {choice.words}".strip()
                self.choice(question, [option], words, [(line, "")])
            self.further(question, more)
            return
        self.choice(question, options, choice.words, [(line, "")])
        self.further(question, more)

    def further(self, question: Question, lines: list[tuple[int, str]]) -> None:
        """The lines after an answer's first: a line that names an option ('d: none', 'and c') is a choice."""
        text: list[tuple[int, str]] = []
        pending: tuple[list[Option], str, int, int] | None = None  # options, words, line, indent

        def settle() -> None:
            nonlocal pending
            if pending:
                self.choice(question, pending[0], pending[1], [(pending[2], "")])
                pending = None

        for line, words in lines:
            named = OPTION_LINE.match(words) or AND_LETTERS.match(words)
            choice = leading_letters(named.group("rest")) if named else None
            options = [o for letter in (choice.letters if choice else [])
                       for o in question.options if o.letter == letter]
            depth = len(words) - len(words.lstrip())
            if pending and words.strip() and depth > pending[3]:
                pending = (pending[0], f"{pending[1]} {words.strip()}", pending[2], pending[3])  # a wrapped line
                continue
            settle()
            if choice and len(options) == len(choice.letters):
                self.write(question, text)
                text = []
                pending = (options, choice.words, line, depth)
            elif choice and OPTION_LINE.match(words):
                for letter in choice.letters:
                    self.option(question, letter, line)  # "g: a dashboard" where there is no option g: named
            else:
                text.append((line, words))
        settle()
        self.write(question, text)

    @staticmethod
    def named_option(question: Question, text: str) -> Option | None:
        """The option whose own words the text repeats ("open-source packages"), if any."""
        key = normal(text).rstrip(" .!")
        return next((o for o in question.options if key and normal(o.text) == key), None)

    def choice(self, question: Question, options: list[Option], words: str, lines: list[tuple[int, str]]) -> None:
        """Letters and the words after them: for the one chosen option with a blank, else a remark.

        A filled blank is one line; the lines that continue it are free text. Words an
        option already holds are its own text again, not a remark.
        """
        line, more = lines[0][0], lines[1:]
        for option in options:
            self.choose(question, option.letter, line)
        with_blank = [option for option in options if option.slot is not None]
        words = words.strip()
        if words and len(with_blank) == 1:
            filled = fill_from(with_blank[0].slot, words)
            if filled and not (with_blank[0].slot.filled and same(filled, with_blank[0].text)):
                self.fill(question, with_blank[0], filled, line)
        elif words and not model.BLANK_RUN.search(words) and not any(
                " ".join(words.split()).lower() in " ".join(o.text.split()).lower() for o in options):
            more = [(line, words)] + more
        self.write(question, more)

    def copied_option(self, question: Question, ticked: bool, letter: str, text: str, line: int) -> bool:
        """An option line of a filled-in copy: its tick, its filled blank, or words added to it."""
        mine = self.option(question, letter, line)
        if mine is None:
            return False
        slot = mine.slot
        if same(normal(text), normal(mine.text)) or (slot and not slot.filled and normal(text) == normal(slot.holding("___"))):
            if ticked:
                self.choose(question, letter, line)
            return ticked
        if slot and normal(text).startswith(normal(slot.before)) and slot.before.strip():
            words = fill_from(slot, text)
            if words is None:
                if ticked:
                    self.choose(question, letter, line)
                return ticked
            self.choose(question, letter, line)
            self.fill(question, mine, words, line)
            return True
        if normal(text).startswith(normal(mine.text)):
            remark = text.strip()[len(mine.text.strip()):].strip(" ,;:-–—()<>=")
            if ticked or remark:
                self.choose(question, letter, line) if ticked else None
                if remark:
                    self.write(question, [(line, remark)])
                return True
            return False
        self.problem(line, f'Q{question.number}: option {letter}) reads "{text.strip()}" in the reply, '
                           f'"{mine.text}" in the questions file; is the reply from another version?')
        return False

    def check(self, partial: bool) -> None:
        """What the answers must keep once all are read."""
        for number, answer in list(self.answers.items()):
            question = self.questions[number]
            if not question.multi_choice and len(answer.chosen) > 1:
                line = max([*answer.letters.values(), *(line for _, line in answer.fills.values())])
                letters = ", ".join(sorted(answer.chosen))
                self.problem(line, f"Q{number}: {letters} chosen, but the question takes one option")
                if partial:
                    del self.answers[number]
            elif not answer.chosen and not answer.words:
                del self.answers[number]
