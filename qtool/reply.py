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

import copy
import re
from dataclasses import dataclass, field

from . import model, structure
from .choice import NUMBERED, leading_letters, mentions, references, segments
from .model import OTHER, Option, Problem, Question, Slot
from .structure import Line

# How a line was read (shown by --explain).
ANSWER, CONTINUED, TICK, FILL, OURS, QUOTE = "answer", "continues", "tick", "fill", "our text", "quote"
HEADER, CHAT, SIGNATURE, GREETING, CLOSING, PROSE, BLANK = (
    "mail header", "chat", "signature", "greeting", "closing", "prose", "blank")


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


def same(a: str, b: str) -> bool:
    """Equal but for spacing and line breaks (mail clients rewrap)."""
    return a.split() == b.split()


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


def fill_from(slot: Slot, text: str) -> str | None:
    """The words meant for a blank, from the option's text with the blank filled in (or the words alone)."""
    before, after = slot.before.strip(), slot.after.strip()
    if before and normal(text).startswith(normal(before)):
        text = text[len(before):] if text.lower().startswith(before.lower()) else text.split(":", 1)[-1]
    if after and text.endswith(after):
        text = text[: -len(after)]
    label = re.match(r"^\s*([^:]{1,30}):\s+(?=\S)", text)
    if label and set(normal(label.group(1)).split()) <= set(normal(before).split()):
        text = text[label.end():]
    text = text.strip()
    return None if model.BLANK.match(text) else text


def title_words(question: Question) -> re.Pattern:
    """The question's title as a reply may repeat it before the answer."""
    words = r"\s+".join(re.escape(word) for word in question.title.split())
    return re.compile(rf"^{words}(?:\s*{re.escape(model.BLOCKING_TAG)})?\s*", re.IGNORECASE)


HEADING = re.compile(r"^\s*(#{0,6})\s*\**Q(\d+)\.\**\s+(.+?)\s*$")
BOX = re.compile(r"^\s*(?:[-*+•]\s*)?(?:\[\s*(?P<mark>[^\]\s]?)\s*\]|(?P<glyph>[☐☒☑✅✔✓✗✘■□]))\s*"
                 r"(?P<letter>[a-zA-Z])\)\s*(?P<text>.*?)\s*$")
BARE_ANSWER = re.compile(r"^\s*(?:\*\*)?(\d{1,2})(?:\*\*)?\s?[.):]\s*(?:\*\*)?\s*(\S.*)$")
CONNECTOR = re.compile(r"^(?:and|en|also|ook|plus|\+|oh\s+(?:and|en)|btw|p\.?s\.?|en\s+ook|and\s+also|correction|"
                       r"correctie|edit|i\s+mean|ik\s+bedoel|or\s+rather|of\s+eigenlijk|sorry,?\s+(?:i\s+meant|bedoel))\b",
                       re.IGNORECASE)
PAGE_ANSWER = re.compile(r"^Q(\d+): (.*)$")
NUMBER_START = re.compile(r"^(\d{1,2})(?:[.):]|\s)\s*\S")
MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+\S")
CLOSING_LETTERS = re.compile(r":\s+(\(?[a-zA-Z]\)?(?:\s*(?:,|&|/|\+|\band\b|\ben\b)\s*\(?[a-zA-Z]\)?)*)\s*(?:[.!]\s|[.!]?$)")
TRAILING_LETTER = re.compile(r"\s\(([a-zA-Z])\)[.!]?$")
GOES_ON = re.compile(r"^(?:also|and|but|besides|moreover|furthermore|in\s+addition|however|second(?:ly)?|third(?:ly)?|"
                     r"finally|lastly|one\s+more|another|daarnaast|verder|bovendien|ook|en|maar|ten\s+(?:tweede|derde|slotte)|"
                     r"tot\s+slot|tenslotte|nog\s+iets|verder|overigens|wel)\b", re.IGNORECASE)
RULE_LINE = re.compile(r"^\s*(?:[-_*=]\s*){3,}$")
ANNOUNCE = re.compile(r"\b(?:two|three|four|five|several|a\s+few|some|twee|drie|vier|een\s+paar|enkele)\s+"
                      r"(?:things|points|remarks|notes|issues|dingen|punten|opmerkingen|zaken)\b", re.IGNORECASE)
META = re.compile(r"^(?:the\s+)?rest\b|\brest\s+(?:when|later|next|after|tomorrow|volgende|morgen|na)\b|"
                  r"\b(?:(?:for|as\s+for)\s+the\s+rest|the\s+rest\s+(?:of|i|we|will|follows|later)|voor\s+de\s+rest|"
                  r"de\s+rest\s+(?:van|doe|volgt|komt|stuur)|rest\s+of\s+(?:the|your)\s+questions|other\s+questions|"
                  r"overige\s+vragen|andere\s+vragen|remaining\s+questions)\b", re.IGNORECASE)
LIST_ITEM = re.compile(r"^\s*(?:[-*•+]|\d{1,2}[.)])\s+\S")
LONE_NAME = re.compile(r"^[A-Z][\w.'’-]*(?:\s+(?:van|de|der|den|ten|ter|[A-Z][\w.'’-]*)){0,3}$")
LABEL = re.compile(r"^\s*\**(Why it matters|If unanswered|Answer|Skip if|Ask)\**\s*:\**\s*(.*?)\s*$", re.IGNORECASE)
UNTICKED = "☐□"
OPTION_LINE = re.compile(r"^\s*(?:[-*•]\s+)?(?P<rest>\(?[a-zA-Z][):]\s.*)$")  # "d: none", "- b) the desk"
AND_LETTERS = re.compile(r"^\s*(?:and|en|also|ook|plus|\+|&)\s+(?P<rest>\(?[a-zA-Z]\)?(?:[\s,.;:)(-].*)?)$", re.IGNORECASE)


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
        first = title_words(question).sub("", lines[0][1].strip(), count=1)
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


@dataclass
class Block:
    numbers: list[int]
    lines: list[tuple[int, str]]
    speaker: str
    context: bool = False   # the owner's text under one of our questions, not after a reference
    verbatim: bool = False  # the answer page's reply: its lines are taken as written
    blanks: list[tuple[int, str]] = field(default_factory=list)


class Walk:
    """One pass over a reply's lines, in order: each line read, each answer's block collected."""

    def __init__(self, lines: list[Line], reader: Reader):
        self.lines = lines
        self.reader = reader
        self.ours = reader.ours
        self.block: Block | None = None
        self.context: tuple[int, bool, int] | None = None  # (question, its title is ours, heading line)
        self.signed = False       # after a closing or signature, until a break
        self.region = 0           # header blocks split a reply into regions
        self.regions: dict[int, dict] = {}
        self.numbered: set[int] = set()
        self.new_message = False
        self.answered_in_region = False
        self.context_closed = False
        self.last_number = 0      # the question the last answer was for
        first = next((line for line in lines if not line.blank), None)
        self.strict = bool(first and structure.FORM_HEADER.match(first.text))  # the answer page's own reply
        self.starts: set[int] = set()      # lines that start an answer or hold our text
        self.refs: set[int] = set()        # lines that start with a question reference
        self.ours_lines: set[int] = set()
        self.suspect: dict[int, str] = {}   # reference lines that look mistyped

    # --- before the pass -------------------------------------------------------------------
    def survey(self) -> None:
        """Regions, where our text is in each, whether the owner wrote between it; numbered answers."""
        region, refs, candidates, sequence = 0, False, [], []
        for line in self.lines:
            if line.header:
                region += 1
                continue
            line.region = region
            info = self.regions.setdefault(region, {"ours": [], "owner": [], "copy": False})
            if line.blank or line.chat_header:
                continue
            if self.structural(line) or self.ours.is_ours(line.text):
                info["ours"].append(line.number)
                self.starts.add(line.number)
                self.ours_lines.add(line.number)
                if not line.depth and self.ours.heading(line.text) and region == 0:
                    info["copy"] = True
                continue
            if line.depth:
                continue
            info["owner"].append(line.number)
            found_refs = references(line.text, self.is_choice)
            if found_refs:
                refs = True
                self.refs.add(line.number)
                self.starts.add(line.number)
                sequence += [(line.number, ref.numbers[0], line.speaker) for ref in found_refs if len(ref.numbers) == 1]
            elif NUMBERED.match(line.text):
                candidates.append(line)
        self.twice(sequence)
        for info in self.regions.values():
            ours = info["ours"]
            info["inline"] = any(ours and ours[0] < n < ours[-1] for n in info["owner"])
        last, found = 0, []
        for line in candidates:
            match = NUMBERED.match(line.text)
            number = int(match.group(1))
            question = self.reader.questions.get(number)
            if question is None or number <= last:
                continue
            found.append((line, question, match.group(2)))
            last = number
        lettered = [q for _, q, text in found if q.options and leading_letters(text)]
        sequence = len(found) >= 3 and found[0][1].number <= 2 and lettered
        if (sequence or (not refs and len(found) >= 2)) and (lettered or not any(q.options for _, q, _ in found)):
            self.numbered = {line.number for line, _, _ in found}
            self.starts |= self.numbered

    def twice(self, sequence: list[tuple[int, int, str]]) -> None:
        """'Q11, Q12, Q12, Q14' from one writer: the second Q12 is probably Q13; name it, not file it."""
        answered = {number for _, number, _ in sequence}
        for (_, before, who), (line, number, speaker), (_, after, _) in zip(sequence, sequence[1:],
                                                                            sequence[2:] + [(0, 0, "")]):
            if number == before and who == speaker and number + 1 not in answered and after == number + 2 \
                    and number + 1 in self.reader.questions:
                self.suspect[line] = f"Q{number} a second time, and Q{number + 1} not at all: is this Q{number + 1}?"

    def structural(self, line: Line) -> bool:
        return bool(self.ours.heading(line.text) or self.ours.option(line.text) or LABEL.match(line.text))

    def is_choice(self, number: int, words: str) -> bool:
        question = self.reader.questions.get(number)
        return bool(question and question.options and leading_letters(words.strip()) is not None)

    # --- the pass ----------------------------------------------------------------------------
    def run(self) -> None:
        self.survey()
        for index, line in enumerate(self.lines):
            self.read(index, line)
        self.close()

    def mark(self, line: Line, kind: str, note: str = "") -> None:
        line.kind, line.note = kind, note

    def close(self) -> None:
        block, self.block = self.block, None
        if block is None:
            return
        for number in block.numbers:
            self.reader.guarded(lambda: self.reader.block(number, block.lines, block.verbatim))

    def start(self, numbers: list[int], line: Line, content: str, context: bool = False) -> None:
        self.close()
        self.block = Block(numbers, [(line.number, content)], line.speaker, context)
        self.signed = False
        self.answered_in_region = True
        self.last_number = numbers[-1]

    def read(self, index: int, line: Line) -> None:
        if line.header:
            self.close()
            self.mark(line, HEADER)
            self.region += 1
            self.context, self.signed, self.answered_in_region = None, False, False
            return
        if line.depth:
            self.close()
            self.quoted(line)
            return
        if line.chat_header:
            self.signed = False
            self.new_message = True
            self.mark(line, CHAT, line.speaker)
            return
        if self.strict and not line.depth and self.page_line(line):
            return
        if line.blank or structure.NO_RESPONSE.match(line.text.strip()):
            if self.block:
                self.block.blanks.append((line.number, ""))
            self.mark(line, BLANK)
            return
        text = line.text.strip()
        message = self.new_message or line.chat_prefix
        self.new_message = False
        if line.speaker:
            self.signed = False
            others = [m for m in mentions(text) if self.block and int(re.sub(r"\D", "", m)) not in self.block.numbers]
            if self.block and not AND_LETTERS.match(text) and (self.block.speaker != line.speaker or (
                    message and (others or (structure.ACK.match(text) and not CONNECTOR.match(text))))):
                self.close()
        if RULE_LINE.match(text) and not self.strict:
            self.close()
            self.context_closed = True
            self.mark(line, PROSE, "a rule")
            return
        if self.copied(line):
            return
        if self.answered(line):
            return
        if structure.is_signature_start(text) or (self.signed and not structure.POSTSCRIPT.match(text)):
            self.close()
            self.signed = not line.speaker or structure.is_signature_start(text)
            self.mark(line, SIGNATURE)
            self.mentioned(line)
            return
        if line.speaker and structure.is_chatter(text, self.lines[index - 1].text if index else ""):
            self.mark(line, CHAT, "chatter")
            return
        if structure.is_closing(text) and not (self.block and self.block.lines[-1][1].rstrip().endswith((",", ":"))):
            self.close()
            opening = not self.answered_in_region and not structure.SIGN_OFF_WORDS.match(structure.plain(text))
            self.signed = not line.speaker and not opening
            self.mark(line, GREETING if opening else CLOSING)
            self.mentioned(line)
            return
        if structure.is_greeting(text) and not self.block:
            self.mark(line, GREETING)
            return
        if self.block:
            if self.continues(index, line):  # if not, continues() has read the line
                self.block.lines += self.block.blanks + [(line.number, line.text)]
                self.block.blanks = []
                self.mark(line, CONTINUED, self.names(self.block.numbers))
            return
        if self.in_context(line) and not self.intro(index):
            number = self.context[0]
            self.start([number], line, line.text, context=True)
            self.mark(line, ANSWER, f"Q{number}, under its question")
            self.mismatch(line)
            return
        self.mark(line, PROSE)
        self.mentioned(line)

    def page_line(self, line: Line) -> bool:
        """The answer page writes 'Q3: text' and continues with lines indented two spaces, read as written."""
        start = PAGE_ANSWER.match(line.raw)
        if start:
            self.start([int(start.group(1))], line, start.group(2))
            self.block.verbatim = True
            self.mark(line, ANSWER, f"Q{start.group(1)}")
            return True
        if self.block and line.raw.startswith("  "):
            self.block.lines += self.block.blanks + [(line.number, line.raw[2:])]
            self.block.blanks = []
            self.mark(line, CONTINUED, self.names(self.block.numbers))
            return True
        return False

    def continues(self, index: int, line: Line) -> bool:
        """Whether a line goes on with the open answer; if not, it is read here (and the answer closed).

        An answer goes on over its lines, and over later paragraphs while more answers follow
        (or the paragraph is indented or a list). A heading, a line that starts like the next
        question's number, an intro to the answers below ("The rest:"), a signature block or
        a lone name before the end do not go on with it.
        """
        block, text = self.block, line.text.strip()
        others = [m for m in mentions(text) if int(re.sub(r"\D", "", m)) not in block.numbers]
        flat = not line.text[:1].isspace() and not LIST_ITEM.match(line.text) and not OPTION_LINE.match(line.text)
        started = any(words.strip() for _, words in block.lines)  # "Vraag 16" then its answer on the next line
        if (others and started and (block.blanks or (flat and not block.context))) or META.search(text):
            self.close()
            self.mark(line, PROSE, "about other questions")
            self.mentioned(line)
            return False
        following = NUMBER_START.match(text)
        if following and int(following.group(1)) == block.numbers[-1] + 1:
            number = int(following.group(1))
            self.close()
            if number in self.reader.questions:
                self.reader.problem(line.number, f"starts like an answer to Q{number}; write 'Q{number}: ...' if it is one")
            else:
                self.reader.problem(line.number, f"Q{number}: no such question in the questions file")
            self.mark(line, PROSE, f"like Q{number}")
            return False
        if MARKDOWN_HEADING.match(text):
            self.close()
            self.mark(line, PROSE, "a heading")
            self.mentioned(line)
            return False
        if not block.blanks:
            if self.lone_name(index):
                self.close()
                self.signed = True
                self.mark(line, SIGNATURE, "a name")
                return False
            return True
        if self.signature_follows(index):
            self.close()
            self.signed = True
            self.mark(line, SIGNATURE)
            return False
        if self.intro(index):
            self.close()
            self.mark(line, PROSE, "leads to the answers below")
            return False
        indented = line.text[:1].isspace() or LIST_ITEM.match(line.text)
        if not (indented or self.answers_follow(index) or self.announced(block) or GOES_ON.match(text)):
            self.close()
            self.context_closed = True  # what follows the last answer is not under its question either
            self.mark(line, PROSE, "after the last answer")
            self.mentioned(line)
            return False
        return True

    def answers_follow(self, index: int) -> bool:
        """Whether another answer, or our own text, comes later in this part of the reply."""
        for line in self.lines[index + 1:]:
            if line.header:
                return False
            if line.number in self.starts:
                return True
        return False

    @staticmethod
    def announced(block: Block) -> bool:
        """An answer that says more is coming: "Two things:", "A few points.", ends in ':'."""
        text = " ".join(words for _, words in block.lines).strip()
        return text.endswith(":") or bool(ANNOUNCE.search(text))

    def intro(self, index: int) -> bool:
        """A one-line paragraph ending in ':' right before answers: 'The rest, quickly:'."""
        line = self.lines[index]
        if not line.text.rstrip().endswith(":") or len(line.text.split()) > 8:
            return False
        after = next((x for x in self.lines[index + 1:] if not x.blank), None)
        before_blank = index + 1 < len(self.lines) and self.lines[index + 1].blank
        return bool(after and after.number in self.starts and (before_blank or after.number in self.refs))

    def lone_name(self, index: int) -> bool:
        """A line that is only a name, with nothing but a header, a quote, our text or the end after it."""
        line = self.lines[index]
        if not LONE_NAME.match(line.text.strip()) or line.speaker:
            return False
        after = next((x for x in self.lines[index + 1:] if not x.blank), None)
        return after is None or after.header or bool(after.depth) or after.number in self.ours_lines or \
            structure.is_signature_start(after.text)

    @staticmethod
    def names(numbers: list[int]) -> str:
        return ", ".join(f"Q{n}" for n in numbers)

    def quoted(self, line: Line) -> None:
        """A quoted line: never an answer; our text in it sets which question the lines below are under."""
        heading = self.ours.heading(line.text)
        option = self.ours.option(line.text)
        if heading:
            self.context = (heading[0], heading[1], line.number)
            self.context_closed = False
        elif option:
            question = self.ours.find_option(option[1], option[2], self.context[0] if self.context else None)
            if question and (not self.context or self.context[0] != question.number):
                self.context = (question.number, True, line.number)
        self.mark(line, QUOTE, "our text" if heading or option or self.ours.is_ours(line.text) else "")

    def copied(self, line: Line) -> bool:
        """Our own text at depth 0 (a filled-in copy, a pasted original): its ticks, blanks and answers."""
        heading = self.ours.heading(line.text)
        if heading:
            self.close()
            self.context = (heading[0], heading[1], line.number)
            self.signed = self.context_closed = False
            self.mark(line, OURS, f"Q{heading[0]}" + ("" if heading[1] else ", another version's title"))
            return True
        option = self.ours.option(line.text)
        if option:
            self.close()
            self.signed = False
            ticked, letter, text = option
            question = self.ours.find_option(letter, text, self.context[0] if self.context else None)
            if question is None:
                self.reader.problem(line.number, f"option {letter}) is under no question of the questions file")
                self.mark(line, PROSE, "an option of no question")
                return True
            if not self.context or self.context[0] != question.number:
                self.context = (question.number, True, line.number)
            if self.context and not self.context[1]:
                if ticked or "___" not in text and not any(normal(text) == normal(o.text) for o in question.options):
                    self.mismatch(line)
                self.mark(line, OURS, "another version")
                return True
            said = []
            clean = self.reader.guarded(lambda: said.append(
                self.reader.copied_option(question, ticked, letter, text, line.number)))
            self.mark(line, TICK if clean and said and said[0] else OURS, f"Q{question.number} {letter})")
            return True
        label = LABEL.match(line.text)
        if label and self.context:
            self.close()
            self.signed = False
            name, rest = label.group(1).lower(), label.group(2)
            number = self.context[0]
            if name == "answer" and rest:
                self.start([number], line, rest, context=True)
                self.mark(line, ANSWER, f"Q{number}, after Answer:")
                self.mismatch(line)
            elif name in ("answer", "ask"):
                if name == "ask" and rest:
                    self.start([number], line, f"ask: {rest}", context=True)
                self.mark(line, OURS if not rest else ANSWER, f"Q{number}")
            else:
                self.mark(line, OURS, f"Q{number}")
            return True
        if self.ours.is_ours(line.text):
            self.close()
            self.mark(line, OURS)
            return True
        return False

    def answered(self, line: Line) -> bool:
        """A line that starts with question references, or a numbered answer: one answer each."""
        refs = references(line.text, self.is_choice)
        if refs and line.number in self.suspect:
            self.close()
            self.reader.problem(line.number, self.suspect[line.number])
            self.mark(line, PROSE, "a question answered twice")
            return True
        if refs:
            first = refs[0]
            if len(first.numbers) > 1 and first.mark == " " and mentions(first.content):
                self.close()
                self.mark(line, PROSE)
                self.mentioned(line)  # "Q8 and Q9 I discuss first; Q11 we skipped": no rule files it rightly
                return True
            for ref in refs:
                pieces = [p.strip() for p in ref.content.split(";")]
                if len(ref.numbers) > 1 and len(pieces) == len(ref.numbers):
                    for number, piece in zip(ref.numbers, pieces):
                        self.start([number], line, piece)
                    continue
                self.start(ref.numbers, line, ref.content)
            self.mark(line, ANSWER, self.names([n for ref in refs for n in ref.numbers]))
            if len(refs) > 1 or len(first.numbers) > 1:
                self.close()  # a line of several answers is not continued
            return True
        if line.number in self.numbered:
            match = NUMBERED.match(line.text)
            number, content, found = int(match.group(1)), match.group(2), []
            for more in re.finditer(r"(?:(?<=[.;])\s+|\s{2,})(\d{1,2})[.)]\s+", content):
                if int(more.group(1)) == number + 1 + len(found) and int(more.group(1)) in self.reader.questions:
                    found.append(more)
            pieces, position, numbers = [], 0, [number] + [int(m.group(1)) for m in found]
            for more in found:
                pieces.append(content[position:more.start()])
                position = more.end()
            pieces.append(content[position:])
            for each, piece in zip(numbers, pieces):
                self.start([each], line, piece.strip())
            if len(numbers) > 1:
                self.close()
            self.mark(line, ANSWER, self.names(numbers) + ", numbered")
            return True
        bare = BARE_ANSWER.match(line.text)
        if bare and not self.block and self.last_number and int(bare.group(1)) == self.last_number + 1:
            number = int(bare.group(1))
            if number not in self.reader.questions:
                self.reader.problem(line.number, f"Q{number}: no such question in the questions file")
                self.mark(line, PROSE, f"like Q{number}")
                return True
            self.start([number], line, bare.group(2))
            self.mark(line, ANSWER, f"Q{number}, after Q{number - 1}")
            return True
        handed = re.match(r"^\s*@([^\W\d][\w.-]*)", line.text)
        found = [int(re.sub(r"\D", "", m)) for m in mentions(line.text)]
        if handed and found:
            for number in found:
                self.start([number], line, line.text.strip())
            self.close()
            self.mark(line, ANSWER, self.names(found) + f", handed to {handed.group(1)}")
            return True
        return False

    def mentioned(self, line: Line) -> None:
        """Prose, a closing or a signature that names a question: it may hold an answer; name the line."""
        found = mentions(line.text)
        if found and not line.text.rstrip().endswith("?"):
            self.reader.problem(line.number, f"mentions {', '.join(found)} in a line that is not an answer; "
                                             f"start the line with the question, e.g. '{found[0].strip()}: ...'")
            line.note = "mentions a question"

    def mismatch(self, line: Line) -> bool:
        if self.context and not self.context[1]:
            number, _, heading = self.context
            question = self.reader.questions.get(number)
            if question is None:
                self.reader.problem(line.number, f"Q{number}: no such question in the questions file "
                                                 f"(heading on line {heading})")
            else:
                self.reader.problem(line.number, f'Q{number}: the reply\'s heading on line {heading} differs '
                                                 f'from the questions file\'s "{question.title}"; '
                                                 "is the reply from another version?")
            if self.block and self.block.context:
                self.block = None
            return True
        return False

    def in_context(self, line: Line) -> bool:
        """Owner's text under one of our questions: in a copy, or between quoted questions."""
        if not self.context or self.context_closed:
            return False
        info = self.regions.get(line.region, {})
        return bool(info.get("copy") or info.get("inline"))

    def signature_follows(self, index: int) -> bool:
        """Whether the paragraph at index is a signature block: a name, a role, a phone number;
        or a name and a line or two with nothing after them but a header, a quote or the end."""
        paragraph, end = [], len(self.lines)
        for position, line in enumerate(self.lines[index:], start=index):
            if line.blank or line.depth or line.header:
                end = position
                break
            paragraph.append(line.text)
        if structure.looks_like_signature(paragraph):
            return True
        after = next((x for x in self.lines[end:] if not x.blank), None)
        last = after is None or after.header or bool(after.depth) or after.number in self.ours_lines or \
            structure.is_signature_start(after.text)
        return last and len(paragraph) <= 3 and bool(LONE_NAME.match(paragraph[0].strip())) and all(
            len(text.split()) <= 8 for text in paragraph)


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
