"""`questions.py apply REPLY [FILE]`: fold the answers in a reply into the questions file, in place.

Refuses the whole reply (exit 1, FILE untouched) if any line of it cannot be read as
meant or conflicts with an answer FILE holds; `--partial` folds every answer that can be
read and names the lines that cannot (exit 1). `--explain` shows how each line was read
and writes nothing. Exit 2 if REPLY or FILE cannot be read or written.
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
from .mail import reply_text
from .model import InputError, Problem, Question, examine, read_bytes, read_raw, split_bom, split_lines
from .status import still_open

STDIN = "<stdin>"


def read_reply(name: str) -> tuple[str, str]:
    """(the reply's text, a note on how its lines are numbered, or "")."""
    if name == "-":
        return reply_text(sys.stdin.buffer.read(), STDIN)
    return reply_text(read_bytes(Path(name)), name)


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


def name_lines(name: str, problems: list[Problem]) -> None:
    for problem in problems:
        print(f"{name}:{problem.line}: {problem.message}", file=sys.stderr)


def report(name: str, problems: list[Problem], why: str) -> int:
    name_lines(name, problems)
    print(f"questions.py apply: nothing written: {why}", file=sys.stderr)
    return 1


def explain(reading: reply.Reading, reply_name: str, numbered: str) -> int:
    """Every reply line, numbered, with how it was read; then what would be folded. Writes nothing."""
    print(f"{reply_name}, line by line{' (' + numbered + ')' if numbered else ''}; nothing is written:")
    width = max((len(line.kind + (f" {line.note}" if line.note else "")) for line in reading.lines), default=10)
    for line in reading.lines:
        how = line.kind + (f" {line.note}" if line.note else "")
        print(f"{line.number:>5}  {how:<{width}}  {line.raw}".rstrip())
    print()
    for answer in reading.answers:
        parts = [", ".join(sorted(answer.letters))] if answer.letters else []
        parts += [f'{letter}) "{words}"' for letter, (words, _) in sorted(answer.fills.items())]
        if answer.words:
            parts.append('"' + " / ".join(line for line in answer.words if line) + '"')
        print(f"Q{answer.number}: {'; '.join(parts)}")
    name_lines(reply_name, reading.problems)
    return 1 if reading.problems else 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="questions.py apply",
        description="Fold the answers in a reply (a mail, a saved .eml, a pasted chat or comment, "
                    "a filled-in copy, or the answer page's text) into the questions file.")
    parser.add_argument("reply", help="the reply; '-' reads standard input")
    add_file_argument(parser)
    parser.add_argument("--replace", action="store_true",
                        help="overwrite answers the file already holds where the reply differs")
    parser.add_argument("--dry-run", action="store_true", help="print the diff it would apply; write nothing")
    parser.add_argument("--partial", action="store_true",
                        help="fold every answer that can be read; name each line that cannot (exit 1)")
    parser.add_argument("--explain", action="store_true",
                        help="show how each line of the reply is read; write nothing")
    args = parser.parse_args(argv)
    path, name = questions_file(args)
    reply_name = STDIN if args.reply == "-" else args.reply
    try:
        raw = read_raw(path)
        bom, text = split_bom(raw)
        questions, problems = examine(text, path)
        reply_body, numbered = read_reply(args.reply)
        reply_body = split_bom(reply_body)[1]
    except InputError as error:
        print(f"questions.py: {error}", file=sys.stderr)
        return 2
    if problems:
        return report(name, problems, f"fix {name} first (python3 questions.py --check {name})")

    reading = reply.read(reply_body, questions, text, partial=args.partial)
    if args.explain:
        return explain(reading, reply_name, numbered)
    where = f" (lines of {numbered})" if numbered else ""
    if reading.problems and not args.partial:
        return report(reply_name, reading.problems,
                      f"{len(reading.problems)} problem(s) in {reply_name}{where}; "
                      "--partial folds the rest, --explain shows how each line was read")
    answers = reading.answers
    lines = split_lines(text)
    edits, conflicts = fold(questions, answers, lines, args.replace, reply_name)
    if conflicts and args.partial:
        clashing = {question.number for question in questions
                    if any(question.line <= c.line <= question.end for c in conflicts)}
        answers = [answer for answer in answers if answer.number not in clashing]
        edits, _ = fold(questions, answers, lines, args.replace, reply_name)
    elif conflicts:
        return report(name, conflicts, "the reply differs from answers already given; --replace overwrites them")
    skipped = reading.problems
    new_text = render(lines, edits)
    if new_text == text:
        print(f"{name}: no change; the reply's answers are in already" if not (skipped or conflicts)
              else f"{name}: no change")
        print(f"{name}: {still_open(questions)}")
        return not_folded(reply_name, skipped, conflicts, name, where)
    new_questions, problems = examine(new_text, path)
    problems += unread(questions, new_questions, answers)
    if problems:
        return report(name, problems, "the result would not pass --check or read back as the reply says")

    if args.dry_run:
        sys.stdout.writelines(difflib.unified_diff(
            split_lines(raw), split_lines(bom + new_text), name, name))
        passed_over(reading, reply_name, sys.stderr)
        return not_folded(reply_name, skipped, conflicts, name, where)
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
    passed_over(reading, reply_name, sys.stdout)
    return not_folded(reply_name, skipped, conflicts, name, where)


def passed_over(reading: reply.Reading, reply_name: str, stream) -> None:
    """The prose lines read as no answer, so a person sees at a glance that none held one."""
    prose = reading.prose
    if prose:
        print(f"Passed over as prose, not answers ({len(prose)} line{'s' if len(prose) != 1 else ''}):", file=stream)
        for line in prose:
            print(f"  {reply_name}:{line.number}: {line.raw.strip()}", file=stream)


def not_folded(reply_name: str, skipped: list[Problem], conflicts: list[Problem], name: str, where: str) -> int:
    """With --partial: name what was left out (exit 1), or nothing (exit 0)."""
    if not skipped and not conflicts:
        return 0
    name_lines(reply_name, skipped)
    name_lines(name, conflicts)
    print(f"questions.py apply: folded the rest; not folded: {len(skipped)} line(s) of {reply_name}{where}"
          + (f", {len(conflicts)} answer(s) that differ from {name} (--replace overwrites them)" if conflicts else ""),
          file=sys.stderr)
    return 1


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
