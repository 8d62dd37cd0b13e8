"""Reading a raw RFC 822 message into what intake needs, whatever client wrote it.

Python's `email` package with `policy.default` decodes RFC 2047 encoded-words in headers,
RFC 2231 file names and every transfer encoding; this module picks the text body (plain
text preferred, HTML turned into text by a parser that keeps nothing but the text — HTML
is never trusted), the attachments and inline images, and the robot signals (RFC 3834 and
friends) that intake must never answer.

A part whose declared charset Python does not know (or that lies about it) is decoded with
replacement characters rather than failing: one wrong byte must not cost the customer
their message.
"""

import re
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser

REFERENCE_RE = re.compile(r"\bRK-\d{4}-\d{6}\b", re.IGNORECASE)
MESSAGE_ID_RE = re.compile(r"<[^<>\s]+>")


@dataclass
class Part:
    """A file carried by the message: an attachment or an inline image."""

    filename: str
    content_type: str
    data: bytes
    inline: bool = False


@dataclass
class ParsedEmail:
    message_id: str
    subject: str
    from_name: str
    from_address: str
    to: list
    in_reply_to: list
    references: list
    text: str
    parts: list = field(default_factory=list)
    headers: dict = field(default_factory=dict)
    is_report: bool = False
    report: dict = field(default_factory=dict)

    def thread_ids(self):
        """Message-IDs this one answers, nearest first (In-Reply-To, then References newest
        first), without repeats."""
        seen = []
        for message_id in [*self.in_reply_to, *reversed(self.references)]:
            if message_id not in seen:
                seen.append(message_id)
        return seen

    def subject_reference(self):
        match = REFERENCE_RE.search(self.subject)
        return match.group(0).upper() if match else None


def parse_message(raw):
    """Parse raw bytes; raises ValueError when there is nothing to read at all."""
    if not raw or not raw.strip():
        raise ValueError("The message is empty.")
    message = BytesParser(policy=policy.default).parsebytes(raw)
    if not message.keys():
        raise ValueError("The message has no headers.")
    from_name, from_address = parseaddr(_header(message, "From"))
    if "@" not in from_address:
        raise ValueError(f"The sender's address cannot be read: {_header(message, 'From')!r}")
    text, parts = _body_and_parts(message)
    parsed = ParsedEmail(
        message_id=_first_id(_header(message, "Message-ID")),
        subject=" ".join(_header(message, "Subject").split()),
        from_name=" ".join(from_name.split()),
        from_address=from_address.strip().lower(),
        to=[address.lower() for _name, address in getaddresses([_header(message, "To")])],
        in_reply_to=MESSAGE_ID_RE.findall(_header(message, "In-Reply-To")),
        references=MESSAGE_ID_RE.findall(_header(message, "References")),
        text=text,
        parts=parts,
        headers={key.lower(): _header(message, key) for key in set(message.keys())},
    )
    if message.get_content_type() == "multipart/report":
        parsed.is_report = True
        parsed.report = _delivery_report(message)
    return parsed


def _header(message, name):
    """A header as text; a header so broken that decoding it fails is read raw."""
    try:
        value = message.get(name)
    except Exception:  # a malformed header must not lose the message
        value = message.get_all(name, failobj=[None])[0]
    if value is None:
        return ""
    return str(value)


def _first_id(value):
    found = MESSAGE_ID_RE.findall(value)
    return found[0] if found else ""


def _part_text(part):
    try:
        return part.get_content()
    except (LookupError, UnicodeDecodeError, AssertionError):
        payload = part.get_payload(decode=True) or b""
        charset = part.get_content_charset() or "utf-8"
        try:
            return payload.decode(charset, errors="replace")
        except LookupError:
            return payload.decode("utf-8", errors="replace")


def _body_and_parts(message):
    plain, html, parts = [], [], []
    for part in message.walk():
        if part.is_multipart():
            continue
        content_type = part.get_content_type()
        disposition = part.get_content_disposition()
        filename = part.get_filename()
        if content_type.startswith("message/") or part.get_content_maintype() == "message":
            continue
        if filename or disposition == "attachment" or part.get_content_maintype() == "image":
            data = part.get_payload(decode=True) or b""
            parts.append(
                Part(
                    filename=_safe_filename(filename, content_type),
                    content_type=content_type,
                    data=data,
                    inline=disposition == "inline" or bool(part.get("Content-ID")),
                )
            )
        elif content_type == "text/plain":
            plain.append(_part_text(part))
        elif content_type == "text/html":
            html.append(html_to_text(_part_text(part)))
    text = "\n\n".join(plain) if any(p.strip() for p in plain) else "\n\n".join(html)
    return text.replace("\r\n", "\n").strip(), parts


def _safe_filename(filename, content_type):
    """A name for display only (storage names are random): no paths, no control characters."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if not name:
        name = "inline." + content_type.rsplit("/", 1)[-1]
    return name[-200:]


def _delivery_report(message):
    """From a DSN (RFC 3464): the original Message-ID, the action and the diagnostic."""
    report = {"original_message_id": "", "action": "", "reason": ""}
    for part in message.walk():
        content_type = part.get_content_type()
        if content_type == "message/delivery-status":
            # Each payload item is a block of per-message/per-recipient fields.
            for block in part.get_payload():
                for key in ("Action", "Diagnostic-Code", "Status"):
                    value = block.get(key)
                    if value and key == "Action" and not report["action"]:
                        report["action"] = str(value).strip().lower()
                    elif value and key == "Diagnostic-Code" and not report["reason"]:
                        report["reason"] = " ".join(str(value).split())
                    elif value and key == "Status" and not report["reason"]:
                        report["reason"] = str(value).strip()
        elif content_type in ("message/rfc822", "text/rfc822-headers"):
            if content_type == "message/rfc822":
                payload = part.get_payload()
                original = payload[0] if isinstance(payload, list) and payload else None
                value = original.get("Message-ID") if original is not None else None
            else:
                inner = BytesParser(policy=policy.default).parsebytes(
                    part.get_payload(decode=True) or b"", headersonly=True
                )
                value = inner.get("Message-ID")
            if value and not report["original_message_id"]:
                report["original_message_id"] = _first_id(str(value))
    return report


# --- HTML to text ----------------------------------------------------------------------------

_BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr"}
_SKIP = {"script", "style", "head", "title", "template", "noscript"}


class _TextExtractor(HTMLParser):
    """Keeps text only: no tag, attribute, link target or script survives."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.skipping = 0
        self.quote_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skipping += 1
        elif tag == "blockquote":
            self.quote_depth += 1
            self.out.append("\n")
        elif tag in _BLOCKS:
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "blockquote":
            self.quote_depth = max(0, self.quote_depth - 1)
            self.out.append("\n")
        elif tag in _BLOCKS:
            self.out.append("\n")

    def handle_data(self, data):
        if self.skipping:
            return
        if self.quote_depth:
            # Quoted history keeps its quote marks so the trimmer recognises it.
            lines = data.split("\n")
            data = "\n".join(
                "> " * self.quote_depth + line if line.strip() else line for line in lines
            )
        self.out.append(data)


def html_to_text(html):
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.out).replace("\xa0", " ")
    lines = [
        " ".join(line.split()) if not line.lstrip().startswith(">") else line.rstrip()
        for line in text.split("\n")
    ]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --- Trimming quoted history and signatures --------------------------------------------------

_QUOTE_HEADERS = [
    re.compile(r"^On .{0,200}wrote:\s*$", re.IGNORECASE),
    re.compile(r"^W dniu .{0,200}(napisał|napisała|pisze)\S*:?\s*$", re.IGNORECASE),
    re.compile(r"^Dnia .{0,200}(napisał|napisała|pisze)\S*:?\s*$", re.IGNORECASE),
    re.compile(r"^.{0,200}(пишет|написал|написала)\S*:\s*$", re.IGNORECASE),
    re.compile(r"^.{0,200}έγραψε:\s*$", re.IGNORECASE),
    re.compile(
        r"^-{2,}\s*(Original Message|Oryginalna wiadomość|Исходное сообщение)\s*-{2,}", re.I
    ),
    re.compile(r"^_{10,}\s*$"),  # Outlook's line above the quoted headers
    re.compile(r"^(From|Od|От|Από): .+$"),  # Outlook puts the old headers without a blank line
]
_FORWARD = re.compile(
    r"^-{2,}\s*(Forwarded message|Wiadomość przekazana|Przekazana wiadomość"
    r"|Пересылаемое сообщение)",
    re.IGNORECASE,
)
_SIGNATURE = re.compile(r"^(-- ?|Sent from my .+|Wysłane z .+|Отправлено с .+)$")  # noqa: RUF001


def trim_reply(text):
    """The new part of a message for the timeline: quoted history and signature removed.

    A forwarded message keeps what was forwarded (it is the content, not history); when
    trimming would leave nothing, the whole text is kept.
    """
    lines = text.split("\n")
    kept = []
    for index, line in enumerate(lines):
        stripped = line.strip()
        if _FORWARD.match(stripped):
            kept.extend(lines[index:])
            break
        if stripped.startswith(">"):
            # A quote block at the end, or a quote followed only by more quotes/blank lines.
            rest = [other.strip() for other in lines[index:]]
            if all(not other or other.startswith(">") for other in rest):
                break
            continue
        if any(pattern.match(stripped) for pattern in _QUOTE_HEADERS) and kept:
            break
        if _SIGNATURE.match(line.rstrip("\r")) and kept:
            break
        kept.append(line)
    trimmed = "\n".join(kept).strip()
    return trimmed or text.strip()
