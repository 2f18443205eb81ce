"""A small Markdown renderer for the prose of a questions file, escaping everything else.

It knows what the file uses: headings, paragraphs, lists, `code`, *em*, **strong**,
[links](target), and `<details>` / `<summary>` lines, which become real (folded) elements.
Any other text, raw HTML included, is escaped and shown as written.
"""

from __future__ import annotations

import re
from html import escape

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
ITEM = re.compile(r"^\s{0,3}(?:([-*+])|(\d{1,9})[.)])\s+(.*)$")
DETAILS_OPEN = re.compile(r"^<details(?:\s+open)?>\s*(?:<summary>(.*?)</summary>)?$", re.IGNORECASE)
SUMMARY = re.compile(r"^<summary>(.*?)</summary>$", re.IGNORECASE)
DETAILS_CLOSE = re.compile(r"^</details>$", re.IGNORECASE)
CODE = re.compile(r"(`+)(.+?)\1")
LINK = re.compile(r"\[([^\]]+)\]\(([^()\s]+)\)")
STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
EM = re.compile(r"\*(?=[^\s*])([^*]+?)(?<=\S)\*")
SAFE_SCHEME = re.compile(r"^(?:https?|mailto):", re.IGNORECASE)


def safe_target(url: str) -> bool:
    """A link target that cannot run script: http(s), mailto, or a relative path."""
    if any(ord(char) <= 0x20 or ord(char) == 0x7F for char in url):
        return False
    if SAFE_SCHEME.match(url):
        return True
    return ":" not in re.split(r"[/?#]", url, maxsplit=1)[0]


def inline(text: str) -> str:
    """One line or paragraph of Markdown text as escaped HTML."""
    out, position = [], 0
    for code in CODE.finditer(text):
        out.append(_emphasis(text[position:code.start()]))
        out.append(f"<code>{escape(code.group(2))}</code>")
        position = code.end()
    out.append(_emphasis(text[position:]))
    return "".join(out)


def _emphasis(text: str) -> str:
    html = escape(text)

    def link(match: re.Match) -> str:
        label, target = match.group(1), match.group(2)
        if not safe_target(target):
            return label
        return f'<a href="{target}" rel="noopener noreferrer">{label}</a>'

    html = LINK.sub(link, html)
    html = STRONG.sub(r"<strong>\1</strong>", html)
    return EM.sub(r"<em>\1</em>", html)


class Renderer:
    """Fed the document's prose line by line; `html` collects the output.

    `flush` ends an open paragraph or list (before a question is rendered in between);
    `finish` also closes any `<details>` left open, so the page stays well formed.
    """

    def __init__(self) -> None:
        self.html: list[str] = []
        self.paragraph: list[str] = []
        self.items: list[list[str]] = []
        self.list_tag = ""
        self.open_details = 0
        self.after_blank = True

    def feed(self, raw: str) -> None:
        line = raw.strip()
        after_blank, self.after_blank = self.after_blank, not line
        if not line:
            self._end_paragraph()
            return
        item = ITEM.match(raw)
        if self.items and not item and (not after_blank or raw[:1].isspace()):
            self.items[-1].append(line)  # the item goes on
            return
        heading = HEADING.match(line)
        details = DETAILS_OPEN.match(line)
        summary = SUMMARY.match(line)
        if heading:
            self.flush()
            level = len(heading.group(1))
            self.html.append(f"<h{level}>{inline(heading.group(2))}</h{level}>")
        elif details:
            self.flush()
            self.html.append("<details>")
            self.open_details += 1
            if details.group(1) is not None:
                self.html.append(f"<summary>{inline(details.group(1))}</summary>")
        elif summary and self.open_details:
            self.flush()
            self.html.append(f"<summary>{inline(summary.group(1))}</summary>")
        elif DETAILS_CLOSE.match(line) and self.open_details:
            self.flush()
            self.html.append("</details>")
            self.open_details -= 1
        elif item:
            self._end_paragraph()
            tag = "ul" if item.group(1) else "ol"
            if tag != self.list_tag:
                self._end_list()
            self.list_tag = tag
            self.items.append([item.group(3)])
        else:
            self._end_list()
            self.paragraph.append(line)

    def _end_paragraph(self) -> None:
        if self.paragraph:
            self.html.append(f"<p>{inline(' '.join(self.paragraph))}</p>")
            self.paragraph = []

    def _end_list(self) -> None:
        if self.items:
            body = "".join(f"<li>{inline(' '.join(item))}</li>" for item in self.items)
            self.html.append(f"<{self.list_tag}>{body}</{self.list_tag}>")
            self.items = []

    def flush(self) -> None:
        self._end_paragraph()
        self._end_list()

    def finish(self) -> None:
        self.flush()
        self.html.extend(["</details>"] * self.open_details)
        self.open_details = 0
