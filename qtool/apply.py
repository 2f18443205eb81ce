"""`questions.py apply REPLY [FILE]`: fold the answers in a reply into the questions file, in place.

Refuses the whole reply (exit 1, FILE untouched) if any part of it cannot be read or
conflicts with an answer FILE holds; exit 2 if REPLY or FILE cannot be read or written.
"""

from __future__ import annotations

import argparse
import difflib
import os
import stat
import sys
import tempfile
from pathlib import Path

from . import reply
from .cli import add_file_argument, questions_file
from .fold import describe, fold, render
from .model import InputError, Problem, Question, decode, examine, read_raw, split_bom, split_lines
from .status import still_open

STDIN = "<stdin>"


def read_reply(name: str) -> str:
    if name == "-":
        return decode(sys.stdin.buffer.read(), STDIN)
    return read_raw(Path(name))


def write_atomically(path: Path, text: str) -> None:
    """Write beside the file, flush to disk, then rename over it: never a half-written file."""
    target = Path(os.path.realpath(path))
    mode = stat.S_IMODE(target.stat().st_mode)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise


def report(name: str, problems: list[Problem], why: str) -> int:
    for problem in problems:
        print(f"{name}:{problem.line}: {problem.message}", file=sys.stderr)
    print(f"questions.py apply: nothing written: {why}", file=sys.stderr)
    return 1


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="questions.py apply",
        description="Fold the answers in a reply (a mail, a pasted comment, or a filled-in copy) "
                    "into the questions file.")
    parser.add_argument("reply", help="the reply; '-' reads standard input")
    add_file_argument(parser)
    parser.add_argument("--replace", action="store_true",
                        help="overwrite answers the file already holds where the reply differs")
    parser.add_argument("--dry-run", action="store_true", help="print the diff it would apply; write nothing")
    args = parser.parse_args(argv)
    path, name = questions_file(args)
    reply_name = STDIN if args.reply == "-" else args.reply
    try:
        raw = read_raw(path)
        bom, text = split_bom(raw)
        questions, problems = examine(text, path)
        reply_text = split_bom(read_reply(args.reply))[1]
    except InputError as error:
        print(f"questions.py: {error}", file=sys.stderr)
        return 2
    if problems:
        return report(name, problems, f"fix {name} first (python3 questions.py --check {name})")

    answers, problems = reply.read(reply_text, questions)
    if problems:
        return report(reply_name, problems, f"{len(problems)} problem(s) in {reply_name}")
    lines = split_lines(text)
    edits, conflicts = fold(questions, answers, lines, args.replace, reply_name)
    if conflicts:
        return report(name, conflicts, "the reply differs from answers already given; --replace overwrites them")
    new_text = render(lines, edits)
    if new_text == text:
        print(f"{name}: no change; the reply's answers are in already")
        print(f"{name}: {still_open(questions)}")
        return 0
    new_questions, problems = examine(new_text, path)
    problems += unread(questions, new_questions, answers)
    if problems:
        return report(name, problems, "the result would not pass --check or read back as the reply says")

    if args.dry_run:
        sys.stdout.writelines(difflib.unified_diff(
            split_lines(raw), split_lines(bom + new_text), name, name))
        return 0
    try:
        if read_raw(path) != raw:
            print(f"questions.py apply: nothing written: {name} changed while the reply was read", file=sys.stderr)
            return 1
        write_atomically(path, bom + new_text)
    except (InputError, OSError) as error:
        print(f"questions.py: {name}: cannot write: {getattr(error, 'strerror', None) or error}", file=sys.stderr)
        return 2
    for old, new in zip(questions, new_questions):
        if describe(old) != describe(new):
            print(f"Q{new.number}: {describe(new)} (was: {describe(old)})")
    print(f"{name}: {still_open(new_questions)}")
    return 0


def unread(old: list[Question], new: list[Question], answers: list[reply.Answer]) -> list[Problem]:
    """What the new text would not say that the reply says: a last guard before writing."""
    if [(q.number, q.title) for q in old] != [(q.number, q.title) for q in new]:
        return [Problem(1, "the questions would change; only answers may")]
    by_number = {question.number: question for question in new}
    problems = []
    for answer in answers:
        question = by_number[answer.number]
        chosen = {option.letter for option in question.chosen}
        text_read = not answer.words or reply.same(question.written, "\n".join(answer.words))
        if not answer.chosen <= chosen or not text_read:
            problems.append(Problem(question.line, f"Q{answer.number}: would not read back as the reply says"))
    return problems
