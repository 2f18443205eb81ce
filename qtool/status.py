"""`questions.py [FILE]`: where the answers stand."""

from __future__ import annotations

from .model import Question


def indent(text: str, prefix: str = "      ") -> str:
    return "\n".join(prefix + line for line in text.splitlines())


def still_open(questions: list[Question]) -> str:
    blocking = [q for q in questions if q.blocking]
    return f"{sum(not q.answered for q in blocking)} of {len(blocking)} blocking questions still open"


def status(questions: list[Question], name: str) -> str:
    blocking = [q for q in questions if q.blocking]
    answered = [q for q in questions if q.answered]
    open_blocking = [q for q in blocking if not q.answered]
    assumed = [q for q in questions if not q.blocking and not q.answered]
    out = [
        f"{name}: {len(questions)} questions, {len(blocking)} blocking; "
        f"{len(answered)} answered ({len(blocking) - len(open_blocking)} of {len(blocking)} blocking)."
    ]

    def section(title: str, items: list[Question], detail) -> None:
        out.append("")
        out.append(f"{title} ({len(items)}):")
        if not items:
            out.append("  none")
        for question in items:
            out.append(f"  Q{question.number:<3} {question.title}")
            text = detail(question)
            if text:
                out.append(indent(text))

    def given(question: Question) -> str:
        parts = [f"[x] {o.letter}) {o.text}" for o in question.chosen]
        if question.written:
            parts.append(question.written)
        return "\n".join(parts)

    section("Blocking, still open", open_blocking, lambda q: "")
    section("Answered", answered, given)
    section("Open, working on the assumption", assumed, lambda q: "-> " + q.assumption_in_words())
    return "\n".join(out)
