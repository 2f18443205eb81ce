"""One pass over a reply's lines, in order: each line read as an answer, its continuation,
our own text, a header, a chat line, a greeting, a closing, a signature, or prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import structure
from .answers import AND_LETTERS, OPTION_LINE, Reader
from .choice import NUMBERED, leading_letters, mentions, references
from .ours import LABEL, normal
from .structure import (ANSWER, BLANK, CHAT, CLOSING, CONTINUED, GREETING, HEADER, OURS, PROSE, QUOTED, SIGNATURE,
                        TICK, Line)

BARE_ANSWER = re.compile(r"^\s*(?:\*\*)?(\d{1,2})(?:\*\*)?(?:\s?[.):]\s*(?:\*\*)?\s*|\s+)(\S.*)$")
CONNECTOR = re.compile(r"^(?:and|en|also|ook|plus|\+|oh\s+(?:and|en)|btw|p\.?s\.?|en\s+ook|and\s+also|correction|"
                       r"correctie|edit|i\s+mean|ik\s+bedoel|or\s+rather|of\s+eigenlijk|sorry,?\s+(?:i\s+meant|bedoel))\b",
                       re.IGNORECASE)
PAGE_ANSWER = re.compile(r"^Q(\d+): (.*)$")
NUMBER_START = re.compile(r"^(\d{1,2})(?:[.):]|\s)\s*\S")
MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+\S")
APPROVED = re.compile(r"(?<![\w#])(?P<ref>(?:q|vraag|question)\s?\.?\s?\d{1,2})\s*[:=-]?\s*"
                      r"(?P<letters>\(?[a-z]\)?(?:\s*(?:,|&|/|\+|and|en)\s*\(?[a-z]\)?)*)\s+"
                      r"(?:(?:is|are|was)\s+(?:fine|ok|okay|correct|right|good|goed|prima|juist|in\s+orde)|"
                      r"klopt|kloppen|geldt|gelden|applies|apply)\b", re.IGNORECASE)
GOES_ON = re.compile(r"^(?:also|and|but|besides|moreover|furthermore|in\s+addition|however|second(?:ly)?|third(?:ly)?|"
                     r"finally|lastly|one\s+more|another|daarnaast|verder|bovendien|ook|en|maar|ten\s+(?:tweede|derde|slotte)|"
                     r"tot\s+slot|tenslotte|nog\s+iets|overigens|wel)\b", re.IGNORECASE)
RULE_LINE = re.compile(r"^\s*(?:[-_*=]\s*){3,}$")
ANNOUNCE = re.compile(r"\b(?:two|three|four|five|several|a\s+few|some|twee|drie|vier|een\s+paar|enkele)\s+"
                      r"(?:things|points|remarks|notes|issues|dingen|punten|opmerkingen|zaken)\b", re.IGNORECASE)
META = re.compile(r"^(?:the\s+)?rest\b|\brest\s+(?:when|later|next|after|tomorrow|volgende|morgen|na)\b|"
                  r"\b(?:(?:for|as\s+for)\s+the\s+rest|the\s+rest\s+(?:of|i|we|will|follows|later)|voor\s+de\s+rest|"
                  r"de\s+rest\s+(?:van|doe|volgt|komt|stuur)|rest\s+of\s+(?:the|your)\s+questions|other\s+questions|"
                  r"overige\s+vragen|andere\s+vragen|remaining\s+questions)\b", re.IGNORECASE)
LIST_ITEM = re.compile(r"^\s*(?:[-*•+]|\d{1,2}[.)])\s+\S")
LONE_NAME = re.compile(r"^[A-Z][\w.'’-]*(?:\s+(?:van|de|der|den|ten|ter|[A-Z][\w.'’-]*)){0,3}$")


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

    def after_colon(self, line: Line) -> bool:
        """Whether the line before (not blank) ends in ':', so a numbered line is a list in that answer."""
        before = [x for x in self.lines[:line.number - 1] if not x.blank]
        return bool(before) and before[-1].text.rstrip().endswith(":")

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
        self.mark(line, QUOTED, "our text" if heading or option or self.ours.is_ours(line.text) else "")

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
        loose = NUMBERED.match(line.text) if self.numbered and not line.text[:1].isspace() and not self.signed else None
        if loose and re.search(r"[^\W\d_]", loose.group(2)) and not self.after_colon(line):
            # In a numbered reply, "4 d) ..." again or "9 d" after 12 is an answer too; "41 b" is named.
            number = int(loose.group(1))
            if number not in self.reader.questions:
                self.close()
                self.reader.problem(line.number, f"Q{number}: no such question in the questions file")
                self.mark(line, PROSE, f"like Q{number}")
                return True
            self.start([number], line, loose.group(2).strip())
            self.mark(line, ANSWER, f"Q{number}, numbered")
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
        """Prose, a closing or a signature that names a question: it may hold an answer; name the line.

        One form is read: a question and letters that the line says are right ("PS: our lawyer
        says Q18 d is fine", "onze jurist zegt dat Q18 b klopt").
        """
        found = mentions(line.text)
        approved = APPROVED.search(line.text) if found else None
        choice = leading_letters(approved.group("letters")) if approved else None
        if choice and not choice.words:
            number = int(re.sub(r"\D", "", approved.group("ref")))
            self.start([number], line, approved.group("letters"))
            self.close()
            line.kind, line.note = ANSWER, f"Q{number}, said to be right"
            return
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
