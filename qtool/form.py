"""`questions.py form [FILE] [-o OUT]`: one offline HTML page on which the owner answers.

The page shows the whole document in its order and turns each question into a form:
radio buttons (one choice), checkboxes ("all that apply"), a text field per `___` and a
text area per `Answer:`, filled in with the answers already in FILE. Its script shows the
reply that `questions.py apply` reads. All text from FILE is escaped; the page loads
nothing from anywhere, and a Content-Security-Policy lets only its own style and script run.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import sys
from html import escape
from pathlib import Path

from .cli import add_file_argument, load_clean
from .markdown import HEADING, Renderer, inline
from .model import IF_UNANSWERED, WHY_IN_FULL, Option, Question
from .page import SCRIPT, STYLE


def csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def render_option(question: Question, option: Option) -> str:
    n, letter = question.number, option.letter
    ident = f"q{n}-{letter}"
    kind = "checkbox" if question.multi_choice else "radio"
    checked = " checked" if option.chosen else ""
    data = f'data-q="{n}" data-option="{letter}"'
    box = f'<input type="{kind}" name="q{n}" id="{ident}" value="{letter}" {data}{checked}>'
    slot = option.slot
    if slot is None:
        return f'<div class="opt">{box}<label for="{ident}">{letter}) {inline(option.text)}</label></div>'
    before, value, after = slot.before, slot.filled, slot.after
    label = f"{letter}) {inline(before.rstrip().rstrip(':'))}" if before.strip() else f"{letter})"
    field = (f'<label class="sr" for="{ident}-text">Q{n} {letter}), in your words</label>'
             f'<input type="text" id="{ident}-text" {data} data-blank value="{escape(value)}" '
             f'placeholder="your words">')
    rest = f'<span class="after">{inline(after.strip())}</span>' if after.strip() else ""
    return f'<div class="opt">{box}<label for="{ident}">{label}</label>{field}{rest}</div>'


def skip_data(question: Question) -> str:
    """The skip rule as data for the page's script: [{"q": 1, "how": "only", "letters": ["f", "g"]}]."""
    rules = [{"q": c.number, "how": c.how, "letters": c.letters} for c in question.conditions]
    return f" data-skip='{escape(json.dumps(rules), quote=True)}'" if rules else ""


def render_question(question: Question, preamble_html: list[str]) -> str:
    n = question.number
    classes = "q blocking" if question.blocking else "q"
    blocking = ' data-blocking' if question.blocking else ""
    tag = ' <span class="tag">blocking</span>' if question.blocking else ""
    out = [f'<section class="{classes}" id="q{n}" data-question="{n}"{blocking}{skip_data(question)}>',
           f'<h3 id="q{n}-title">Q{n}. {inline(question.title)}{tag}</h3>']
    if question.conditions:
        rule = "; or ".join(str(c) for c in question.conditions)
        out.append(f'<p class="skipnote" data-skipnote>Skipped, because of your answer: {escape(rule)}. '
                   f'<button type="button" data-show="{n}">Answer it anyway</button></p>')
    out.append('<div class="body">')
    out.extend(preamble_html)
    if question.options:
        out.append(f'<fieldset aria-labelledby="q{n}-title">')
        out.extend(render_option(question, option) for option in question.options)
        if not question.multi_choice:
            out.append(f'<button type="button" class="unset" data-unset="{n}">Clear choice in Q{n}</button>')
        out.append("</fieldset>")
    for label, value, css in ((WHY_IN_FULL, question.why, "why"), (IF_UNANSWERED, question.assumption, "if")):
        out.append(f'<p class="{css}"><strong>{escape(label)}</strong> {inline(value or "")}</p>')
    deferral = question.deferral
    handed = deferral.words[len("ask:"):].strip() if deferral and deferral.words.lower().startswith("ask:") else ""
    written = "" if handed else question.written
    out.append(f'<label class="answer" for="q{n}-answer">Your answer <span class="sr">to Q{n}</span></label>'
               f'<textarea id="q{n}-answer" rows="3" data-q="{n}" data-answer aria-describedby="q{n}-warning">'
               f'{escape(written)}</textarea>'
               f'<p class="warning" id="q{n}-warning" data-warning aria-live="polite"></p>')
    out.append(f'<p class="handon"><label for="q{n}-ask">Not for you? Who knows (name, role):</label>'
               f'<input type="text" id="q{n}-ask" data-q="{n}" data-ask value="{escape(handed)}" '
               f'placeholder="e.g. Karin, our IT"></p>')
    out.append("</div>")
    out.append("</section>")
    return "\n".join(out)


PAGE_HOW = ("<p><strong>To answer:</strong> click the options that fit and type in the boxes, as much or as "
            "little as you know. A question left empty accepts its <em>If unanswered</em>. Not for you? Name who "
            "knows under the question. Your reply builds itself at the bottom of the page: copy or download it "
            "and send it to us. Nothing leaves this page unless you send it.</p>")
MARKDOWN_HOW = re.compile(r"^\*\*(?:To|How to) answer:?\*\*", re.IGNORECASE)


def render_document(text: str, questions: list[Question], only: set[int] | None = None) -> str:
    """The whole document in its order: prose through the Markdown renderer, questions as forms.

    The file's own "To answer:" paragraph speaks Markdown; the page says it in clicks instead.
    With `only`, just those questions, after the page's title and its own instructions.
    """
    lines = text.splitlines()
    starts = {question.line: question for question in questions}
    prose = Renderer()
    number = 1
    if only is not None:
        prose.html += [f"<h1>{inline(page_title(text))}</h1>", PAGE_HOW]
        for question in questions:
            if question.number in only:
                prose.html.append(render_question(question, rendered(question.preamble)))
        return "\n".join(prose.html)
    while number <= len(lines):
        question = starts.get(number)
        if question is None:
            if MARKDOWN_HOW.match(lines[number - 1].strip()):
                prose.flush()
                prose.html.append(PAGE_HOW)
                while number <= len(lines) and lines[number - 1].strip():
                    number += 1
                continue
            prose.feed(lines[number - 1])
            number += 1
            continue
        prose.flush()
        prose.html.append(render_question(question, rendered(question.preamble)))
        number = question.end + 1
    prose.finish()
    return "\n".join(prose.html)


def rendered(lines: list[str]) -> list[str]:
    out = Renderer()
    for line in lines:
        out.feed(line)
    out.finish()
    return out.html


def page_title(text: str) -> str:
    for line in text.splitlines():
        heading = HEADING.match(line.strip())
        if heading and len(heading.group(1)) == 1:
            return heading.group(2)
    return "Questions"


def render_page(text: str, questions: list[Question], name: str, only: set[int] | None = None) -> str:
    key = hashlib.sha256((text + repr(sorted(only or []))).encode("utf-8")).hexdigest()[:32]
    reply_file = re.sub(r"[^\w.-]+", "_", Path(name).stem) + "-reply.txt"
    policy = (f"default-src 'none'; script-src {csp_hash(SCRIPT)}; style-src {csp_hash(STYLE)}; "
              "img-src 'none'; form-action 'none'; base-uri 'none'")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<title>{escape(page_title(text))}</title>
<style>{STYLE}</style>
</head>
<body>
<form id="answers" autocomplete="off" data-key="{key}" data-name="{escape(Path(name).name)}" data-reply-file="{escape(reply_file)}">
<main>
{render_document(text, questions, only)}
<section id="your-reply" aria-labelledby="reply-title">
<h2 id="reply-title">Your reply</h2>
<p>Your answers, as the text we fold into the file. Copy it into a mail to us, or download it and attach the file.
Your answers are kept in this browser until you clear them.</p>
<noscript><p>This page needs JavaScript to build your reply. Without it, answer in the Markdown file itself.</p></noscript>
<pre id="reply" tabindex="0" aria-label="Your reply"></pre>
<p><button type="button" id="copy">Copy reply</button><button type="button" id="download">Download reply</button><button type="button" id="clear">Clear answers</button></p>
<p id="note" role="status"></p>
</section>
</main>
</form>
<div class="bar"><p id="open" role="status"></p><a href="#your-reply">Go to your reply</a></div>
<script>{SCRIPT}</script>
</body>
</html>
"""


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="questions.py form",
        description="Write an offline HTML page on which the owner answers the questions by clicking.",
    )
    add_file_argument(parser)
    parser.add_argument("-o", "--output", type=Path, default=None, metavar="OUT",
                        help="write the page to OUT instead of standard output")
    choose = parser.add_mutually_exclusive_group()
    choose.add_argument("--only", metavar="Q4,Q8", help="a page with just these questions")
    choose.add_argument("--for", dest="person", metavar="NAME",
                        help="a page with just the questions handed on to NAME ('ask: NAME, role')")
    args = parser.parse_args(argv)
    loaded = load_clean(args, "form")
    if isinstance(loaded, int):
        return loaded
    path, name, text, questions = loaded
    if args.output is not None and args.output.exists() and args.output.samefile(path):
        print(f"questions.py: {args.output}: is the questions file itself; write the page elsewhere", file=sys.stderr)
        return 2
    only = None
    if args.only is not None:
        wanted = [part.strip() for part in args.only.split(",") if part.strip()]
        numbers = [int(m.group(1)) for m in (re.fullmatch(r"[Qq]?(\d+)", part) for part in wanted) if m]
        known = {question.number for question in questions}
        if len(numbers) != len(wanted) or not numbers or not set(numbers) <= known:
            print(f"questions.py form: --only {args.only}: name questions of {name}, e.g. --only Q4,Q8", file=sys.stderr)
            return 1
        only = set(numbers)
    elif args.person is not None:
        key = args.person.strip().casefold()
        only = {q.number for q in questions for _, handed in q.hand_ons if handed.person.casefold() == key}
        if not only:
            people = sorted({handed.person for q in questions for _, handed in q.hand_ons})
            print(f"questions.py form: no question in {name} is handed on to {args.person!r}"
                  + (f" (handed on to: {', '.join(people)})" if people else ""), file=sys.stderr)
            return 1
    page = render_page(text, questions, name, only)
    if args.output is None:
        sys.stdout.buffer.write(page.encode("utf-8"))
        sys.stdout.flush()
        return 0
    try:
        args.output.write_text(page, encoding="utf-8")
    except OSError as error:
        print(f"questions.py: {args.output}: cannot write: {error.strerror}", file=sys.stderr)
        return 2
    return 0
