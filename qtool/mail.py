"""Saved mails: the text an owner wrote, out of an RFC 822 message (`.eml`) or its HTML.

`reply_text` turns the bytes of a reply file into text. A saved mail is read with the
standard library's `email` package: its text/plain part where there is one, else its HTML
part turned into lines (`<div>`, `<p>`, `<br>` and list items end lines, `<blockquote>`
becomes `> ` quoting, entities are decoded), in any charset and transfer encoding. Any
other file is text: UTF-8, or UTF-16 with a byte order mark.
"""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage
from html.parser import HTMLParser

from .model import InputError, decode

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an Outlook .msg (a compound file), among others
HEADER_LINE = re.compile(rb"^[!-9;-~]+:[ \t]?.*$")  # "Name: value", RFC 5322 field names
MAIL_FIELDS = {b"mime-version", b"content-type", b"received", b"message-id", b"return-path",
               b"delivered-to", b"in-reply-to", b"x-mailer", b"dkim-signature"}
ADDRESS_FIELDS = {b"from", b"to", b"date", b"subject"}


def is_message(data: bytes, name: str) -> bool:
    """Whether the bytes are a saved mail: a `.eml` file, or a header block a mail client writes."""
    if name.lower().endswith(".eml"):
        return True
    head = re.split(rb"\r?\n\r?\n", data.lstrip(b"\xef\xbb\xbf"), maxsplit=1)[0]
    fields = set()
    for line in head.splitlines():
        if line[:1] in (b" ", b"\t"):
            continue  # a folded header line
        if not HEADER_LINE.match(line):
            return False
        fields.add(line.split(b":", 1)[0].strip().lower())
    return bool(fields & MAIL_FIELDS) and len(fields & ADDRESS_FIELDS) >= 2


def reply_text(data: bytes, name: str) -> tuple[str, str]:
    """(the reply's text, what its lines are numbered in: "" for the file, or "its text body")."""
    if data.startswith(OLE_SIGNATURE) or name.lower().endswith(".msg"):
        raise InputError(f"{name}: an Outlook .msg file cannot be read; save the mail as .eml "
                         "(or copy its text into a .txt file) and apply that")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ""
        except UnicodeDecodeError:
            raise InputError(f"{name}: not UTF-16, though it starts like it") from None
    if is_message(data, name):
        return message_text(data, name), "its text body"
    return decode(data, name), ""


def message_text(data: bytes, name: str) -> str:
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage):  # pragma: no cover (the default policy makes one)
        raise InputError(f"{name}: cannot be read as a mail")
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        raise InputError(f"{name}: a mail with no text or HTML part to read answers from")
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError):  # an unknown charset, or bytes that do not fit it
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", errors="replace")
    if not isinstance(content, str):
        raise InputError(f"{name}: its body is not text")
    text = content.replace("\r\n", "\n").replace("\r", "\n")
    if part.get_content_type() == "text/html":
        text = html_to_text(text)
    elif part.get_param("format", "").lower() == "flowed":
        text = unflow(text, part.get_param("delsp", "").lower() == "yes")
    if not text.strip():
        raise InputError(f"{name}: the mail's text is empty")
    return text


def unflow(text: str, delete_space: bool) -> str:
    """format=flowed (RFC 3676): join each line that ends in a space to the next of its quote depth."""
    out: list[str] = []
    carry: tuple[str, str] | None = None  # (quote marks, text so far) of a line that flows on
    for line in text.split("\n"):
        marks = re.match(r"^>*", line).group(0)
        body = line[len(marks):]
        if body.startswith(" "):
            body = body[1:]  # space-stuffing
        if carry is not None and carry[0] != marks:
            out.append(_quoted(*carry))
            carry = None
        flows = body.endswith(" ") and body.rstrip() != "--"
        if flows and delete_space:
            body = body[:-1]
        joined = (carry[1] if carry else "") + body
        if flows:
            carry = (marks, joined)
        else:
            out.append(_quoted(marks, joined))
            carry = None
    if carry is not None:
        out.append(_quoted(*carry))
    return "\n".join(out)


def _quoted(marks: str, text: str) -> str:
    return (marks + " " + text).rstrip() if marks else text.rstrip(" ") if text.strip() != "--" else text


BLOCKS = {"address", "article", "aside", "div", "dl", "dt", "dd", "fieldset", "figure", "footer", "form",
          "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
          "section", "table", "tr", "ul"}
HIDDEN = {"head", "script", "style", "title", "template"}


class _Text(HTMLParser):
    """HTML to lines of text: blocks and <br> end lines, <blockquote> quotes them with '> '."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, str]] = []  # (quote depth, text)
        self.current: list[str] = []
        self.depth = 0
        self.hidden = 0
        self.pre = 0

    def end_line(self, keep_empty: bool = False) -> None:
        text = "".join(self.current)
        if not self.pre:
            text = re.sub(r"[ \t\r\n\f]+", " ", text).strip()
        text = text.replace("\xa0", " ").rstrip()
        if text or keep_empty:
            self.lines.append((self.depth, text))
        self.current = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self.end_line(keep_empty=True)
        elif tag == "blockquote":
            self.end_line()
            self.depth += 1
        elif tag in BLOCKS:
            self.end_line()
            if tag == "pre":
                self.pre += 1
            if tag == "li":
                self.current.append("- ")
        elif tag in ("td", "th"):
            self.current.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag == "blockquote":
            self.end_line()
            self.depth = max(0, self.depth - 1)
        elif tag in BLOCKS:
            self.end_line()
            if tag == "pre":
                self.pre = max(0, self.pre - 1)
            if tag == "p":
                self.lines.append((self.depth, ""))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.pre:
            for number, piece in enumerate(data.split("\n")):
                if number:
                    self.end_line(keep_empty=True)
                self.current.append(piece)
        else:
            self.current.append(data)


def html_to_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    parser.end_line()
    out: list[str] = []
    for depth, text in parser.lines:
        line = ("> " * depth + text).rstrip() if depth else text
        if not text and out and out[-1] == line:
            continue  # one empty line between blocks is enough
        out.append(line)
    while out and not out[0].strip():
        out.pop(0)
    return "\n".join(out) + "\n"
