"""The command line: one entry point, one job per command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .model import InputError, examine, load, read_text
from .status import status

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "QUESTIONS.md"


# Commands besides the default (status / --check): name -> "module:function", where the
# function takes the remaining arguments and returns the exit code.
COMMANDS: dict[str, str] = {"apply": ".apply:main", "form": ".form:main", "issue-form": ".issueform:main"}


def add_file_argument(parser: argparse.ArgumentParser) -> None:
    """The optional FILE every command takes."""
    parser.add_argument("file", nargs="?", type=Path, default=None,
                        help="the questions file (default: QUESTIONS.md beside questions.py)")


def questions_file(args: argparse.Namespace) -> tuple[Path, str]:
    """(the path to read, the name to show in messages) for the FILE given or not."""
    return args.file or DEFAULT_FILE, str(args.file or DEFAULT_FILE.name)


def load_clean(args: argparse.Namespace, command: str) -> tuple[Path, str, str, list] | int:
    """(path, name, text, questions) of a questions file with no problems; else report them, return the exit code."""
    path, name = questions_file(args)
    try:
        text = read_text(path)
        questions, problems = examine(text, path)
    except InputError as error:
        print(f"questions.py: {error}", file=sys.stderr)
        return 2
    if problems:
        for problem in problems:
            print(f"{name}:{problem.line}: {problem.message}", file=sys.stderr)
        print(f"questions.py {command}: nothing written: fix {name} first (python3 questions.py --check {name})",
              file=sys.stderr)
        return 1
    return path, name, text, questions


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in COMMANDS:
        import importlib

        module, function = COMMANDS[argv[0]].split(":")
        return getattr(importlib.import_module(module, __package__), function)(argv[1:])
    parser = argparse.ArgumentParser(
        prog="questions.py",
        description="Show where the answers in QUESTIONS.md stand, or check its form.",
        epilog="other commands: 'questions.py apply REPLY [FILE]' folds a reply into FILE; "
               "'questions.py form [FILE] [-o OUT]' writes the page to answer on; "
               "'questions.py issue-form [FILE] [-o OUT]' writes a GitHub issue form. Each takes --help.",
    )
    add_file_argument(parser)
    parser.add_argument("--check", action="store_true",
                        help="only validate; print one line per problem")
    args = parser.parse_args(argv)
    path, name = questions_file(args)
    try:
        questions, problems = load(path)
    except InputError as error:
        print(f"questions.py: {error}", file=sys.stderr)
        return 2
    for problem in problems:
        print(f"{name}:{problem.line}: {problem.message}", file=sys.stderr if not args.check else sys.stdout)
    if args.check:
        if not problems:
            blocking = sum(q.blocking for q in questions)
            print(f"{name}: OK, {len(questions)} questions ({blocking} blocking)")
        return 1 if problems else 0
    if problems:
        print(f"{name}: {len(problems)} problem(s) above; the status below may misread them.\n", file=sys.stderr)
    print(status(questions, name))
    return 1 if problems else 0
