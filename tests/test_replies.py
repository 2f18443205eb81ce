"""The corpus of owners' replies in tests/replies/: each folded into a copy of its questions file.

The replies in tests/replies/ answer its questions.md (the second edition of QUESTIONS.md);
those in a folder below it with a questions.md of its own answer that one (third/: the
third edition). Every reply is applied twice, as a team member would: plainly, then with
--partial. The
folded file is compared with what the reply's owner meant (its .json, see the corpus
README). The test asserts: no answer lands in a question it was not meant for (and no
header, chat line or signature lands anywhere); no answer is dropped without its line
being named; unreadable lines are named; plain runs fold at least 75% of the answers and
--partial runs at least 90%.

    python3 tests/test_replies.py [NAME...]    a report per reply, then the totals
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import sys
import tempfile
import unittest
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "replies"
sys.path.insert(0, str(ROOT))
from qtool import model  # noqa: E402  (the folded file is read back with the tool's own parser)
from qtool.cli import main as questions_py  # noqa: E402
from qtool.mail import reply_text  # noqa: E402  (to find the lines of a saved mail's text)

PLAIN_RATE, PARTIAL_RATE = 0.75, 0.90
COVER = 0.75  # share of an answer's words that must come back for it to count as folded
OWN = 0.6     # share of a folded line's words that must be among its question's meant words


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def covered(part: list[str], whole: list[str]) -> float:
    """The share of part's words (as a multiset) found in whole."""
    if not part:
        return 1.0
    have = Counter(whole)
    found = 0
    for word in part:
        if have[word] > 0:
            have[word] -= 1
            found += 1
    return found / len(part)


@dataclass
class Unit:
    """One answer the owner meant: a ticked letter, or their words for a question."""
    question: int
    line: int
    letter: str = ""
    words: str = ""
    span: int = 1  # how many reply lines it may take

    def __str__(self) -> str:
        return f"Q{self.question} line {self.line}: " + (f"{self.letter})" if self.letter else repr(self.words[:60]))


@dataclass
class Run:
    code: int
    stderr: str
    folded: dict[int, dict] = field(default_factory=dict)  # question -> {"letters", "content"}

    @property
    def named(self) -> set[int]:
        return {int(n) for n in re.findall(r"^[^\n]*?:(\d+): ", self.stderr, re.MULTILINE)}


def expected_units(name: str, expected: dict, body: list[str]) -> tuple[list[Unit], list[int]]:
    units = []
    for entry in expected["answers"]:
        line = locate(entry, body)
        span = max(1, len(entry.get("words", "").splitlines()) + entry.get("words", "").count("\n\n"))
        for letter in entry.get("letters", []):
            units.append(Unit(entry["q"], line, letter=letter.lower()))
        if entry.get("option") and entry["option"].lower() not in entry.get("letters", []):
            units.append(Unit(entry["q"], line, letter=entry["option"].lower()))
        if entry.get("words", "").strip():
            units.append(Unit(entry["q"], line, words=entry["words"], span=span + 3))
    unreadable = [locate(entry, body) for entry in expected.get("unreadable", [])]
    return units, unreadable


def locate(entry: dict, body: list[str]) -> int:
    """The entry's line; in a saved mail, the line nearest it that holds its snippet of text."""
    line, snippet = entry["line"], entry.get("text")
    if snippet:
        found = [n for n, text in enumerate(body, start=1) if snippet.strip() in text]
        if found:
            return min(found, key=lambda n: abs(n - line))
    return line


def fold(reply: Path, *flags: str) -> Run:
    """`questions.py apply [FLAGS] REPLY COPY`, run in this process (the command's own main), on a fresh copy
    of the questions file the reply answers (the one in its folder)."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "questions.md"
        shutil.copyfile(reply.parent / "questions.md", target)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = questions_py(["apply", *flags, str(reply), str(target)])
        run = Run(code, err.getvalue())
        questions, problems = model.parse(target.read_text(encoding="utf-8"))
        assert not problems, problems
        for question in questions:
            letters = {option.letter for option in question.chosen}
            content = [option.slot.filled for option in question.chosen if option.slot and option.slot.filled]
            content += [line for line in question.written.splitlines() if line.strip()]
            if letters or content:
                run.folded[question.number] = {"letters": letters, "content": content}
    return run


@dataclass
class Score:
    name: str
    units: int = 0
    plain: int = 0
    partial: int = 0
    misfiled: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    unnamed: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)  # not folded with --partial, but named


def score(reply: Path) -> Score:
    expected = json.loads(reply.with_suffix(".json").read_text(encoding="utf-8"))
    body = reply_text(reply.read_bytes(), reply.name)[0].splitlines()
    units, unreadable = expected_units(reply.name, expected, body)
    result = Score(reply.name, units=len(units))
    meant: dict[int, dict] = {}
    for unit in units:
        entry = meant.setdefault(unit.question, {"letters": set(), "words": []})
        if unit.letter:
            entry["letters"].add(unit.letter)
        else:
            entry["words"] += words(unit.words)
    for flags in ((), ("--partial",)):
        run = fold(reply, *flags)
        how = "partial" if flags else "plain"
        for number, got in run.folded.items():
            want = meant.get(number, {"letters": set(), "words": []})
            for letter in sorted(got["letters"] - want["letters"]):
                result.misfiled.append(f"{how}: Q{number} {letter}) ticked, not meant")
            for text in got["content"]:
                if covered(words(text), want["words"]) < OWN:
                    result.misfiled.append(f"{how}: Q{number} holds {text[:70]!r}")
        for unit in units:
            got = run.folded.get(unit.question, {"letters": set(), "content": []})
            if unit.letter:
                done = unit.letter in got["letters"]
            else:
                done = covered(words(unit.words), [w for text in got["content"] for w in words(text)]) >= COVER
            if done:
                setattr(result, how, getattr(result, how) + 1)
                continue
            named = any(unit.line <= n < unit.line + unit.span for n in run.named)
            if run.code == 0 or (flags and not named):
                result.dropped.append(f"{how}: {unit} (exit {run.code})")
            elif flags:
                result.missed.append(str(unit))
        for line in unreadable:
            if line not in run.named:
                result.unnamed.append(f"{how}: line {line} holds no readable answer but is not named")
    return result


def corpus(names: list[str] | None = None) -> list[Path]:
    """Every reply: in tests/replies/ (for its questions.md) and in each folder below it with a questions.md."""
    folders = [CORPUS] + sorted(d for d in CORPUS.iterdir() if d.is_dir() and (d / "questions.md").exists())
    replies = sorted(p for folder in folders for p in folder.iterdir()
                     if p.suffix in (".txt", ".md", ".eml") and p.name not in ("questions.md", "README.md"))
    return [p for p in replies if not names or any(n in p.name for n in names)]


class CorpusTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scores = [score(reply) for reply in corpus()]

    def test_the_corpus_is_large_and_varied(self):
        replies = corpus()
        self.assertGreaterEqual(len(replies), 40)
        self.assertGreaterEqual(sum(p.suffix == ".eml" for p in replies), 4)
        for reply in replies:
            self.assertTrue(reply.with_suffix(".json").exists(), reply.name)

    def test_no_answer_is_misfiled(self):
        self.assertEqual([f"{s.name}: {m}" for s in self.scores for m in s.misfiled], [])

    def test_no_answer_is_dropped_without_its_line_named(self):
        self.assertEqual([f"{s.name}: {d}" for s in self.scores for d in s.dropped], [])

    def test_unreadable_lines_are_named(self):
        self.assertEqual([f"{s.name}: {u}" for s in self.scores for u in s.unnamed], [])

    def test_fold_rates(self):
        units = sum(s.units for s in self.scores)
        plain = sum(s.plain for s in self.scores) / units
        partial = sum(s.partial for s in self.scores) / units
        self.assertGreaterEqual(plain, PLAIN_RATE, f"plain runs fold {plain:.0%}")
        self.assertGreaterEqual(partial, PARTIAL_RATE, f"--partial runs fold {partial:.0%}")


def main(names: list[str]) -> None:
    scores = [score(reply) for reply in corpus(names)]
    for s in scores:
        print(f"{s.name}: {s.units} answers, plain {s.plain}, partial {s.partial}")
        for label, items in (("MISFILED", s.misfiled), ("DROPPED", s.dropped), ("UNNAMED", s.unnamed),
                             ("named, not folded", s.missed)):
            for item in items:
                print(f"    {label}: {item}")
    units = sum(s.units for s in scores) or 1
    print(f"\n{len(scores)} replies, {units} answers: plain {sum(s.plain for s in scores) / units:.1%}, "
          f"partial {sum(s.partial for s in scores) / units:.1%}; "
          f"misfiled {sum(len(s.misfiled) for s in scores)}, dropped {sum(len(s.dropped) for s in scores)}, "
          f"unnamed {sum(len(s.unnamed) for s in scores)}; "
          f"replies folded whole (plain) {sum(s.plain == s.units for s in scores)}")


if __name__ == "__main__":
    main(sys.argv[1:])
