"""The shape of a reply, line by line, before any answer is read.

Each line gets its quote depth (`> `, `>> `), its chat speaker (Teams, Slack, WhatsApp
pastes), and whether it belongs to a mail header block (`On ... wrote:`, `-----Original
Message-----`, `From:/Sent:/To:/Subject:`, `Van:/Verzonden:/Aan:/Onderwerp:`,
`Op ... schreef ...:`). Greetings, closings and signatures are recognised by their words,
in English and Dutch. The rules follow those of mail reply parsers (email_reply_parser,
talon): splitter lines end the owner's text; what follows them is the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import model

QUOTE = re.compile(r"^[ \t]*((?:>[ \t]?)+)")

# How a line was read (shown by `apply --explain`).
ANSWER, CONTINUED, TICK, OURS, QUOTED = "answer", "continues", "tick", "our text", "quote"
HEADER, CHAT, SIGNATURE, GREETING, CLOSING, PROSE, BLANK = (
    "mail header", "chat", "signature", "greeting", "closing", "prose", "blank")

# --- mail header blocks -------------------------------------------------------------------
ON_WROTE_START = re.compile(r"^\s*-*\s*(?:on|op|am|le|den)\s+\S", re.IGNORECASE)
ON_WROTE_END = re.compile(r"(?:wrote|schreef|geschreven|verzond|sent|schrieb|a\s+écrit|skrev)"
                          r"(?:\s+[^:]{0,60})?\s*:\s*$", re.IGNORECASE)
SPLITTER = re.compile(r"^\s*[-_=*]*\s*(?:original\s+message|oorspronkelijk\s+bericht|origineel\s+bericht|"
                      r"forwarded\s+message|doorgestuurd\s+bericht|reply\s+message|ursprüngliche\s+nachricht|"
                      r"begin\s+forwarded\s+message:?|message\s+d'origine)\s*[-_=*]*\s*$", re.IGNORECASE)
RULE = re.compile(r"^\s*_{8,}\s*$")
FIELD = re.compile(r"^\s*\*{0,2}(?:from|sent|to|cc|bcc|subject|date|reply-to|van|verzonden|verstuurd|aan|"
                   r"onderwerp|datum|kopie|envoyé|de|à|objet)\*{0,2}\s*:\*{0,2}(?:\s|$)", re.IGNORECASE)
FORM_HEADER = re.compile(r"^#\s+Reply\s+to\s+\S.*:")  # the first line of the answer page's reply

# --- chat pastes ---------------------------------------------------------------------------
_TIME = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?"
_DATE = r"\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}"
_NAME = r"[^\W\d_][\w.'’ -]{0,40}?"
CHAT_PREFIX = re.compile(  # "[10:42] Jan: text", "[01/12/2026, 10:42:13] Jan: text", "01/12/2026, 10:42 - Jan: text"
    rf"^\s*(?:\[(?:{_DATE},?\s+)?{_TIME}\]|(?:{_DATE},?\s+)?{_TIME}\s+-)\s*(?P<name>{_NAME})\s*:\s+(?P<text>.*)$")
_MONTH = r"(?:jan|feb|mar|apr|mei|may|jun|jul|aug|sep|okt|oct|nov|dec)[a-z]*\.?"
_WHEN = (rf"(?:(?:today|yesterday|vandaag|gisteren)(?:\s+(?:at|om))?\s*,?\s*{_TIME}|"
         rf"(?:{_DATE}|\d{{1,2}}[-/ ]{_MONTH}[-/ ,]*\d{{2,4}}|{_MONTH}\s+\d{{1,2}},?(?:\s+\d{{4}})?)"
         rf"(?:,?\s+(?:at\s+|om\s+)?{_TIME})?|{_TIME}|\d+\s+(?:minutes?|hours?|days?|weeks?|min|uur|dagen)\s+(?:ago|geleden))")
CHAT_HEADER = re.compile(  # "[10:42] Jan de Vries", "Jan Jansen  10:42 AM", "Lotte — Today at 10:42 AM",
    # "Els Maes added a comment - 02/Dec/26 10:42 AM", "Jan (@jan) · 2 days ago", "Jan Jansen [10:42 AM]"
    rf"^\s*(?:\[(?:{_DATE},?\s+)?{_TIME}\]\s+(?P<a>{_NAME})|\**(?P<b>{_NAME})\**(?:\s+\(?@[\w.-]+\)?)?"
    rf"(?:\s+(?:added\s+a\s+comment|commented(?:\s+on)?|replied|reageerde)|\s*(?:[—–·|]|\s-|,))?"
    rf"(?:\s{{2,}}|\s*[—–·|,-]\s*|\s+)\[?(?P<when>{_WHEN})\]?)\s*(?:\(edited\)|\(bewerkt\))?\s*$", re.IGNORECASE)
EDITED = re.compile(r"\s*(?:\((?:edited|bewerkt)\)|<dit bericht is bewerkt>|<this message was edited>)\s*$", re.IGNORECASE)

# --- greetings, closings, signatures ------------------------------------------------------
GREETING_WORDS = re.compile(
    r"^(?:hi|hello|hey|hiya|dear|hoi|hallo|beste|geachte|goedemorgen|goedemiddag|goedenavond|good\s+(?:morning|"
    r"afternoon|evening)|morning|dag|ha|hé|allo|yo|greetings)\b[^.!?:]{0,40}[,!.:]?$", re.IGNORECASE)
SIGN_OFF_WORDS = re.compile(  # case matters only for the name after the words
    r"^(?i:thanks|thank\s+you|thx|tnx|many\s+thanks|cheers|best|best\s+wishes|(?:best|kind|warm|kindest)\s+regards|"
    r"regards|all\s+the\s+best|with\s+(?:kind|best)\s+regards|sincerely|yours(?:\s+(?:sincerely|faithfully|truly))?|"
    r"groet(?:en|jes)?|mit\s+freundlichen\s+gr(?:ü|ue)(?:ß|ss)en|freundliche\s+gr(?:ü|ue)(?:ß|ss)e|viele\s+gr(?:ü|ue)(?:ß|ss)e|"
    r"hochachtungsvoll|cordialement|bien\s+(?:à|a)\s+vous|met\s+hartelijke\s+groet|"
    r"(?:met\s+)?(?:vriendelijke|hartelijke|beste|collegiale)\s+groet(?:en)?|mvg|m\.v\.g\.?|hgr|gr\.?|grtz|"
    r"bedankt|dank(?:\s+je|\s+u|jewel|uwel)?(?:\s+wel)?|alvast\s+(?:bedankt|dank)|tot\s+(?:dan|later|snel|ziens)|"
    r"fijne\s+dag|fijn\s+weekend|take\s+care|ciao|groetjes)"
    r"(?i:\s+(?:a\s+lot|so\s+much|again|in\s+advance|all|alvast|voor\s+nu|en\s+succes))?[,.!]*"
    r"(?:\s+[A-Z][\w.'’-]*(?:\s+(?:van|de|der|den|ten|ter|[A-Z][\w.'’-]*)){0,3})?[,.!]*$")
CLOSING_WORDS = re.compile(
    r"^(?:(?:with\s+)?(?:kind|best|warm|kindest|many)\s+(?:regards|thanks)|(?:met\s+)?(?:vriendelijke|hartelijke|"
    r"collegiale)\s+groet(?:en)?|sorry\s+(?:for|this|that|it|voor|dat)\b|if\s+(?:anything|something)\s+is\s+unclear|"
    r"if\s+you\s+(?:have|need)\s+(?:any|more)|mocht(?:en)?\s+(?:er|je|jullie|u)|happy\s+to\s+(?:discuss|help|talk|"
    r"answer|clarify|explain|chat|jump|hop|walk|go\s+through|meet|call)|let\s+(?:me|us)\s+know|laat\s+(?:maar\s+|het\s+)?(?:even\s+)?weten|hope\s+(?:this|that|it)\s+helps|"
    r"hoop\s+dat\s+(?:dit|je|jullie|het)|happy\s+to\s+(?:discuss|help|talk|answer|clarify|explain|chat)|feel\s+free|"
    r"any\s+(?:more\s+|further\s+)?questions|(?:speak|talk)\s+(?:soon|later)|have\s+a\s+(?:nice|good|great)\s+\w+|"
    r"(?:bij\s+)?vragen\s+hoor\s+ik\s+het|shout\s+if|give\s+me\s+a\s+(?:call|shout)|bel\s+(?:me\s+)?gerust|"
    r"thanks\s+(?:for|again)|thank\s+you\s+for|bedankt\s+voor|dank\s+voor|good\s+luck|succes(?:\s+ermee)?|"
    r"(?:that'?s|that\s+was|dat\s+was|dit\s+was)\s+(?:it|all|het|'m|hem|alles)\b|"
    r"(?:we|i)\s+(?:remain|are|am)\s+(?:at\s+your\s+disposal|available)|(?:we|i)\s+look\s+forward|looking\s+forward|"
    r"(?:wij|we|ik)\s+(?:zien|kijk(?:en)?)\s+uit\s+naar|(?:wij|we|ik)\s+horen\s+graag|(?:please\s+)?don'?t\s+hesitate|"
    r"aarzel\s+niet|wij\s+staan\s+(?:tot\s+uw\s+beschikking|klaar))\b", re.IGNORECASE)
SIGN_OFF = re.compile(r"^(?:-- ?|--|—)$")
DEVICE = re.compile(r"^(?:sent|verzonden|verstuurd|gesendet)\s+(?:from|vanaf|via|met|van|von)\s+(?:my|mijn|mein)\s+.{2,30}$|"
                    r"^(?:get|download)\s+outlook\s+for\s+\w+$|^sent\s+with\s+\w+(?:\s+\w+)?$|"
                    r"^(?:verzonden|sent)\s+(?:met|with|from)\s+(?:outlook|gmail|proton\s*mail)\b.*$", re.IGNORECASE)
DISCLAIMER = re.compile(r"^(?:this\s+(?:e-?mail|message|communication)|dit\s+(?:e-?mail)?\s*bericht|deze\s+e-?mail|"
                        r"disclaimer|the\s+information\s+(?:contained|in\s+this)|de\s+informatie\s+(?:in|verzonden)|"
                        r"confidential|vertrouwelijk)", re.IGNORECASE)
CONTACT = re.compile(r"(?:\+?\d[\d ()./-]{7,}\d|[\w.+-]+@[\w-]+\.[\w.]+|\bwww\.|https?://|\b(?:tel|phone|mob|mobile|"
                     r"t|m|e)\s*[.:]\s*\S)", re.IGNORECASE)
POSTSCRIPT = re.compile(r"^\s*p\.?\s*s\.?\s*[:.,-]?\s", re.IGNORECASE)
ACK = re.compile(r"^(?:ok(?:ay|é|e)?|alright|great|thanks|thx|top|perfect|cool|nice|super|prima|mooi|klopt|yes|yep|"
                 r"ja|sure|good|goed|fijn|haha|lol|np)\b", re.IGNORECASE)  # a chat message that acknowledges
CHATTER = re.compile(r"^(?:\^.*|ok(?:ay|é)?|k|lol|haha+|brb|sorry[^.]{0,40}|one\s+sec|sec|np|no\s+problem|great|nice|"
                     r"cool|super|top|prima|thanks!*|thx!*|👍|:\w+:|\(\w+\)|\W{1,6}|\d+\s+repl(?:y|ies)|"
                     r"view\s+thread|\+1)[.!]*$", re.IGNORECASE)
MEDIA = re.compile(r"^<?(?:image|video|audio|sticker|gif|document|media|afbeelding|foto)\s+(?:omitted|weggelaten)>?$|"
                   r"^<media\s+(?:omitted|weggelaten)>$|^(?:this\s+message\s+was\s+deleted|dit\s+bericht\s+is\s+"
                   r"verwijderd)\.?$|^replied\s+to\s+a\s+thread:.*$|^<dit\s+bericht\s+is\s+bewerkt>$", re.IGNORECASE)
INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u200b\u2060\ufeff"))
NO_RESPONSE = re.compile(r"^_No response_$")


@dataclass
class Line:
    number: int
    raw: str          # the line as written, without its line end
    depth: int        # quote depth: how many '>' before the text
    text: str         # without quote marks and chat prefix
    speaker: str = ""  # the chat speaker whose message this line is part of
    chat_header: bool = False
    chat_prefix: bool = False  # the line starts a chat message ("[10:42] Jan: ...")
    header: bool = False
    region: int = 0    # header blocks split a reply into regions, counted from 0
    kind: str = ""     # how it was read, for --explain
    note: str = ""     # what it was read as, in a few words

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def prepare(text: str) -> list[Line]:
    """Split a reply into Lines: quote depth, chat speaker, header blocks marked."""
    lines: list[Line] = []
    speaker = ""
    page = bool(FORM_HEADER.match(text.lstrip()))  # the answer page's reply: its indented lines are answers
    for number, raw in enumerate((model.cut_end(each)[0] for each in model.split_lines(text)), start=1):
        quote = None if page and raw.startswith("  ") else QUOTE.match(raw)
        depth = quote.group(1).count(">") if quote else 0
        body = raw[quote.end():] if quote else raw
        body = body.translate(INVISIBLE)
        line = Line(number, raw, depth, body.rstrip())
        header = CHAT_HEADER.match(body) if not depth else None
        if header and header.group("b") and not _chat_name(header):
            header = None
        prefix = CHAT_PREFIX.match(body) if not depth else None
        if prefix and not FIELD.match(body):
            speaker = prefix.group("name").strip()
            line.text = EDITED.sub("", prefix.group("text")).rstrip()
            line.chat_prefix = True
        elif header and not GREETING_WORDS.match(body.strip()) and not CLOSING_WORDS.match(body.strip()):
            speaker = (header.group("a") or header.group("b")).strip()
            line.chat_header = True
        elif depth or SIGN_OFF.match(body.strip()):
            speaker = ""
        line.speaker = speaker if not depth else ""
        if speaker:
            line.text = EDITED.sub("", line.text)
        lines.append(line)
    if sum(line.chat_header or line.chat_prefix for line in lines) < 2:
        for line in lines:  # one "Graz, 21 January 2025" is a letterhead, not a chat
            line.chat_header = False
            line.speaker = line.speaker if line.chat_prefix else ""
    mark_headers(lines)
    return lines


def _chat_name(header: re.Match) -> bool:
    """'Jan Jansen  10:42 AM' names a speaker; 'Daily at 07:00' or 'Q5 10:00' does not."""
    name, when, line = header.group("b").strip(), header.group("when"), header.group(0)
    if re.match(r"^(?:q|v|vraag|question)\s?\.?\s?\d", name, re.IGNORECASE) or len(name.split()) > 4:
        return False
    if not name[:1].isupper() and not name.startswith("@") and not re.fullmatch(r"[\w.]+", name):
        return False
    marked = re.search(r"\s{2,}|[—–·|]|\s-\s|,\s|added a comment|commented|replied|today|yesterday|vandaag|"
                       r"gisteren|ago|geleden|[ap]\.?m\.?", line, re.IGNORECASE)
    return bool(marked) and bool(when)


def mark_headers(lines: list[Line]) -> None:
    """Mark the lines of mail header blocks: splitters and runs of From:/Sent:/To: fields."""
    index = 0
    while index < len(lines):
        line = lines[index]
        text = line.text.strip()
        if SPLITTER.match(text) or RULE.match(text) or FORM_HEADER.match(text):
            line.header = True
            index += 1
            index = _fields(lines, index, needed=1)
            continue
        if ON_WROTE_START.match(text):
            span = [line]
            for following in lines[index + 1: index + 3]:
                if ON_WROTE_END.search(" ".join(x.text.strip() for x in span)):
                    break
                if following.blank or following.depth != line.depth:
                    break
                span.append(following)
            if ON_WROTE_END.search(" ".join(x.text.strip() for x in span)) and len(" ".join(x.text for x in span)) < 300:
                for each in span:
                    each.header = True
                index += len(span)
                continue
        if FIELD.match(text):
            end = _fields(lines, index, needed=2)
            if end > index:
                index = end
                continue
        index += 1


def _fields(lines: list[Line], start: int, needed: int) -> int:
    """Mark a run of header fields from start (blank lines between allowed) if it has `needed` fields."""
    found, index, last = [], start, start
    while index < len(lines):
        line = lines[index]
        if line.blank:
            index += 1
            continue
        if not FIELD.match(line.text.strip()):
            break
        found.append(line)
        index += 1
        last = index
    if len(found) < needed:
        return start
    for line in found:
        line.header = True
    return last


def plain(text: str) -> str:
    """The text without emoji, reaction codes and other symbols at its end ("Dank je 🙏", "thanks :+1:")."""
    text = re.sub(r"(?:\s*:[\w+-]+:)+$", "", text.strip())  # ":+1:", ":pray:"
    return re.sub(r"[^\w.,!?)\]'’\"]+$", "", text).strip()


def is_greeting(text: str) -> bool:
    text = plain(text)
    return bool(GREETING_WORDS.match(text)) and len(text.split()) <= 6


def is_closing(text: str) -> bool:
    """A sign-off ("Best, Tom", "Met vriendelijke groet,") or a closing sentence ("Let me know if ...")."""
    text = plain(text)
    return bool(SIGN_OFF_WORDS.match(text)) or (bool(CLOSING_WORDS.match(text)) and len(text.split()) <= 40)


def is_signature_start(text: str) -> bool:
    text = text.strip()
    return bool(SIGN_OFF.match(text) or DEVICE.match(text) or DISCLAIMER.match(text))


def looks_like_signature(paragraph: list[str]) -> bool:
    """A block of a few short lines (a name, a role, a phone number or address), or a disclaimer."""
    lines = [line.strip() for line in paragraph if line.strip()]
    if not lines:
        return False
    if DISCLAIMER.match(lines[0]) or is_signature_start(lines[0]):
        return True
    short = all(len(line.split()) <= 7 for line in lines)
    named = bool(re.match(r"^[A-Z][\w.'-]*(?:\s+(?:van|de|der|den|ter|ten|[A-Z][\w.'-]*)){0,4},?$", lines[0]))
    return short and named and any(CONTACT.search(line) for line in lines)


def is_chatter(text: str, before: str = "") -> bool:
    """Chat noise: a reaction, its count, a media placeholder, 'sorry, in a meeting', 'lol'."""
    text = text.strip()
    if re.fullmatch(r"\d{1,3}", text) and (CHATTER.match(before.strip()) or re.fullmatch(r"\d{1,3}", before.strip())):
        return True  # the count under a reaction
    return bool(CHATTER.match(text) or MEDIA.match(text))
