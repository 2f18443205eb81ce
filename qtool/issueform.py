"""`questions.py issue-form [FILE] [-o OUT]`: a GitHub issue form on which the owner answers.

It writes `.github/ISSUE_TEMPLATE/questions.yml` beside FILE (or OUT), following GitHub's
issue-form schema: `name`, `description`, `title`, `labels` and a `body` of fields. Each
question with options becomes a checkboxes field (its options as labels), each `___` blank
a textarea, and each question's free answer a textarea; a blocking question's free answer
is required where the question has no options, the only kind GitHub can require. The
file is JSON, which is also valid YAML, so it needs no YAML library.

An issue opened from the form has a body of `### label` sections, `- [X]` ticks and
`_No response_` for fields left empty; `apply` reads it like any other reply (see
`read_issue` in reply.py), by the labels written here.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from .cli import add_file_argument, load_clean
from .model import MULTI_CHOICE, WHY_IN_FULL, Question

DEFAULT = Path(".github") / "ISSUE_TEMPLATE" / "questions.yml"
BLANK_LABEL = "in your words"   # "Q1 a) in your words": the label of an option's blank
ANSWER_LABEL = "Your answer"     # "Q1. Your answer": the label of a question's free answer


def plain(text: str) -> str:
    """A title or option as a field label: Markdown marks and the open blank taken out."""
    text = text.replace(MULTI_CHOICE, "").replace("`", "")
    text = re.sub(r"[:\s]*_{3,}\s*$", "", text)
    return " ".join(text.split())


def question_label(question: Question) -> str:
    return f"Q{question.number}. {plain(question.title)}"


def blank_label(question: Question, letter: str) -> str:
    return f"Q{question.number} {letter}) {BLANK_LABEL}"


def answer_label(question: Question) -> str:
    return f"Q{question.number}. {ANSWER_LABEL}"


def build(questions: list[Question], title: str) -> dict:
    """The issue form as data: GitHub's schema, field by field."""
    body: list[dict] = [{
        "type": "markdown",
        "attributes": {"value": (
            f"**{title}.** Tick what fits and type in the boxes, as much or as little as you know; a question "
            "left empty accepts its *If unanswered* from the questions file. Not for you? Write "
            "`ask: name, role` in its answer box. Questions 1 to "
            f"{max((q.number for q in questions if q.blocking), default=0)} come first: five minutes.")},
    }]
    for question in questions:
        n = question.number
        notes = [f"{WHY_IN_FULL} {question.why}", f"If unanswered: {question.assumption_in_words()}"]
        if question.skip_text:
            notes.insert(0, f"Skip if: {question.skip_text}")
        if question.blocking:
            notes.insert(0, "Blocking.")
        if question.options:
            body.append({
                "type": "checkboxes",
                "id": f"q{n}",
                "attributes": {
                    "label": question_label(question),
                    "description": " ".join(notes),
                    "options": [{"label": f"{o.letter}) {plain(o.text)}"} for o in question.options],
                },
            })
            for option in question.options:
                if option.slot is not None:
                    body.append({
                        "type": "textarea",
                        "id": f"q{n}-{option.letter}",
                        "attributes": {"label": blank_label(question, option.letter),
                                       "description": f"{option.letter}) {plain(option.text)}"},
                    })
        required = question.blocking and not question.options
        body.append({
            "type": "textarea",
            "id": f"q{n}-answer",
            "attributes": {"label": answer_label(question),
                           "description": " ".join(notes) if not question.options else
                           "Anything the options above do not say."},
            "validations": {"required": required},
        })
    return {
        "name": title,
        "description": "Answer the questions before design: tick, type, submit.",
        "title": f"Answers: {title}",
        "labels": ["questions"],
        "body": body,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="questions.py issue-form",
        description="Write a GitHub issue form (.github/ISSUE_TEMPLATE/questions.yml) with the questions.")
    add_file_argument(parser)
    parser.add_argument("-o", "--output", type=Path, default=None, metavar="OUT",
                        help=f"where to write the form (default: {DEFAULT} beside FILE)")
    args = parser.parse_args(argv)
    loaded = load_clean(args, "issue-form")
    if isinstance(loaded, int):
        return loaded
    path, name, text, questions = loaded
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), "Questions")
    output = args.output or path.resolve().parent / DEFAULT
    form = json.dumps(build(questions, title), ensure_ascii=False, indent=2) + "\n"
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(form, encoding="utf-8")
    except OSError as error:
        print(f"questions.py: {output}: cannot write: {error.strerror}", file=sys.stderr)
        return 2
    print(f"{output}: {len(questions)} questions as a GitHub issue form")
    return 0
