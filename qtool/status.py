"""`questions.py [FILE]`: where the answers stand.

Each question is in one state: answered (an answer that only points to another, "see Q3",
counts when that one is answered); to follow up (its answer only puts it off or hands it on:
"TBD", "ask: Karin, IT", or points to a question still open); not asked (its skip rule holds for the answers so far);
or open, with its assumption in force. Blocking questions that are not answered or skipped
are listed first.
"""

from __future__ import annotations

from .model import Question


def indent(text: str, prefix: str = "      ") -> str:
    return "\n".join(prefix + line for line in text.splitlines())


def settled(question: Question, by_number: dict[int, Question], seen: tuple[int, ...] = ()) -> bool:
    """Answered for good; an answer that only points to another ("see Q3") stands or falls with it."""
    target = question.refers_to
    if target is None or not question.answered:
        return question.answered
    other = by_number.get(target)
    if other is None or target == question.number or target in seen:
        return False
    return settled(other, by_number, seen + (question.number,))


def states(questions: list[Question]) -> dict[str, list[Question]]:
    by_number = {question.number: question for question in questions}
    result: dict[str, list[Question]] = {"answered": [], "follow": [], "skipped": [], "open": []}
    for question in questions:
        if settled(question, by_number):
            result["answered"].append(question)
        elif question.deferral is not None or question.refers_to is not None:
            result["follow"].append(question)
        elif question.skipped_by(by_number) is not None:
            result["skipped"].append(question)
        else:
            result["open"].append(question)
    return result


def open_blocking(questions: list[Question]) -> list[Question]:
    """Blocking questions with no answer for good and no skip rule that holds."""
    by_number = {question.number: question for question in questions}
    return [q for q in questions if q.blocking and not settled(q, by_number) and q.skipped_by(by_number) is None]


def still_open(questions: list[Question]) -> str:
    blocking = [q for q in questions if q.blocking]
    return f"{len(open_blocking(questions))} of {len(blocking)} blocking questions still open"


def status(questions: list[Question], name: str) -> str:
    by_number = {question.number: question for question in questions}
    blocking = [q for q in questions if q.blocking]
    waiting = open_blocking(questions)
    state = states(questions)
    out = [
        f"{name}: {len(questions)} questions, {len(blocking)} blocking; "
        f"{len(state['answered'])} answered ({sum(settled(q, by_number) for q in blocking)} of {len(blocking)} blocking)"
        + (f", {len(state['follow'])} to follow up" if state["follow"] else "")
        + (f", {len(state['skipped'])} not asked" if state["skipped"] else "") + "."
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

    def follow(question: Question) -> str:
        deferral = question.deferral
        if deferral is None:  # it points to a question that has no answer for good
            target = question.refers_to
            why = f"Q{target} is not answered yet" if target in by_number else f"there is no Q{target}"
            return f'"{" ".join(question.written.split())}": {why}'
        return (f"handed to {deferral.person}: " if deferral.person else "") + f'"{deferral.words}"'

    section("Blocking, still open", waiting, lambda q: follow(q) if q.deferral or q.refers_to else "")
    section("Answered", state["answered"], given)
    if state["follow"]:
        section("To follow up", state["follow"], follow)
    people: dict[str, list[str]] = {}  # a question, or an option's blank ("Q3 c)"), by person handed to
    for question in questions:
        for letter, handed in question.hand_ons:
            where = f"Q{question.number}" + (f" {letter})" if letter else "")
            people.setdefault(handed.person.casefold(), [handed.person]).append(where)
    if people:
        out.append("  Handed on, by person:")
        for entry in sorted(people.values(), key=lambda e: e[0].casefold()):
            out.append(f"    {entry[0]}: " + ", ".join(entry[1:]))
    if state["skipped"]:
        section("Not asked: skipped by the answers", state["skipped"],
                lambda q: f"skip if {q.skipped_by(by_number)}")
    section("Open, working on the assumption", [q for q in state["open"] if not q.blocking],
            lambda q: "-> " + q.assumption_in_words())
    return "\n".join(out)
