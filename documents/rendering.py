"""Typst source for a document, and its compilation to PDF (DO-1).

The layout (letterhead, recipient, title, the protocol's photos, signature places and two
copies) is ours; the admin's title and text go inside it. Every value (placeholders,
letterhead, the layout's words) reaches Typst through `sys.inputs`, never through the
source, and the compiler's root is an empty temporary folder holding only the images we put
there, so a template can read nothing else on the server.
"""

import re
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

import typst

from documents.placeholders import to_typst

ACCENT = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_ACCENT = "#1d4ed8"
FONT = "Libertinus Serif"  # embedded in typst: Latin Extended, Cyrillic and Greek
TYPST_LANGUAGES = {"en", "pl", "ru", "el"}

_local = threading.local()


class DocumentError(Exception):
    """The template cannot be made into a PDF; the message says why, for the admin, and
    `part` is where: "title", "body" or "" (elsewhere)."""

    def __init__(self, message, *, part=""):
        super().__init__(message)
        self.part = part


@dataclass
class Image:
    name: str  # a name we chose, e.g. "photo-3.jpg"
    data: bytes
    caption: str = ""


@dataclass
class Letterhead:
    company_name: str = ""
    lines: str = ""  # address and contacts, one per line
    footer: str = ""
    accent: str = DEFAULT_ACCENT
    logo: Image | None = None


@dataclass
class Page:
    """Everything one document needs: the template, its values and the layout's words."""

    title: str
    body: str
    values: dict
    labels: dict
    language: str = "en"
    letterhead: Letterhead = field(default_factory=Letterhead)
    recipient: str = ""
    date_line: str = ""
    reference: str = ""
    # The hand-over protocol: photos "before" and "after", signatures, two copies.
    protocol: bool = False
    before: list = field(default_factory=list)
    after: list = field(default_factory=list)


def _compiler():
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        # Font discovery is the slow part of a compile; one compiler per thread keeps it.
        compiler = _local.compiler = typst.Compiler(ignore_system_fonts=True)
    return compiler


PRELUDE = """#let rkv(name) = sys.inputs.at("p_" + name, default: "")
#let rkt(name) = sys.inputs.at(name, default: "")
#let accent = rgb("{accent}")
#set document(title: rkt("doc_title"))
#set page(paper: "a4", margin: (x: 2.2cm, top: 1.8cm, bottom: 2.2cm), footer: context [
  #set text(size: 8pt, fill: luma(90))
  #rkt("footer") #h(1fr) #rkt("page_label") #counter(page).display()
])
#set text(font: "{font}", size: 11pt, lang: "{lang}")
#set par(justify: true)
#let letterhead() = [
  #grid(columns: (1fr, auto), gutter: 1em,
    {logo},
    align(right, text(size: 8.5pt, fill: luma(60), rkt("lh_lines"))))
  #v(2pt)
  #line(length: 100%, stroke: 1.2pt + accent)
  #v(6pt)
]
"""

LETTER = """#letterhead()
#grid(columns: (1fr, auto), gutter: 1em, rkt("recipient"),
  align(right, [#rkt("date_line") \\ #rkt("reference_label"): #rkt("reference")]))
#v(1.4em)
#text(size: 15pt, weight: "bold", fill: accent)[#rk_title]
#v(0.4em)
#rk_body
"""

PROTOCOL = """#let photos(label, names) = if names.len() > 0 [
  #v(0.6em)
  *#label*
  #grid(columns: (1fr, 1fr, 1fr), gutter: 8pt,
    ..names.map(name => image(name, width: 100%, height: 4.2cm, fit: "contain")))
]
#let protocol-copy(mark) = [
  #counter(page).update(1)
  #letterhead()
  #grid(columns: (1fr, auto), gutter: 1em,
    [#rkt("reference_label"): #rkt("reference") \\ #rkt("date_line")],
    box(stroke: 1pt + accent, inset: 6pt, text(weight: "bold", fill: accent, mark)))
  #v(1em)
  #text(size: 15pt, weight: "bold", fill: accent)[#rk_title]
  #v(0.4em)
  #rk_body
  #photos(rkt("before_label"), ({before}))
  #photos(rkt("after_label"), ({after}))
  #v(3em)
  #grid(columns: (1fr, 1fr), gutter: 2.5em,
    [#line(length: 100%, stroke: 0.6pt) #text(size: 9pt, rkt("customer_signature"))],
    [#line(length: 100%, stroke: 0.6pt) #text(size: 9pt, rkt("company_signature"))])
]
#protocol-copy(rkt("customer_copy"))
#pagebreak()
#protocol-copy(rkt("company_copy"))
"""


def _names(images):
    return "".join(f'"{image.name}",' for image in images)


def build_source(page):
    """(source, the line of the title, the first and last lines of the body) for `page`."""
    head = page.letterhead
    accent = head.accent if ACCENT.match(head.accent or "") else DEFAULT_ACCENT
    logo = (
        f'image("{head.logo.name}", height: 1.5cm)'
        if head.logo
        else 'text(size: 14pt, weight: "bold", fill: accent, rkt("company_name"))'
    )
    lang = page.language if page.language in TYPST_LANGUAGES else "en"
    source = PRELUDE.replace("{accent}", accent).replace("{font}", FONT)
    source = source.replace("{lang}", lang).replace("{logo}", logo)
    title_line = source.count("\n") + 1
    source += "#let rk_title = [" + to_typst(page.title.replace("\n", " ")) + "]\n"
    source += "#let rk_body = [\n"
    body_line = source.count("\n") + 1
    source += to_typst(page.body) + "\n]\n"
    body_end = source.count("\n") - 1
    if page.protocol:
        layout = PROTOCOL.replace("{before}", _names(page.before))
        source += layout.replace("{after}", _names(page.after))
    else:
        source += LETTER
    return source, title_line, (body_line, body_end)


def inputs(page):
    head = page.letterhead
    values = {f"p_{name}": str(value) for name, value in page.values.items()}
    labels = page.labels
    return {
        **values,
        "doc_title": page.values.get("reference", "") + " " + _plain_title(page),
        "company_name": head.company_name,
        "lh_lines": head.lines,
        "footer": head.footer,
        "page_label": labels.get("page", ""),
        "recipient": page.recipient,
        "date_line": page.date_line,
        "reference": page.reference,
        "reference_label": labels.get("reference", ""),
        "customer_copy": labels.get("customer_copy", ""),
        "company_copy": labels.get("company_copy", ""),
        "customer_signature": labels.get("customer_signature", ""),
        "company_signature": labels.get("company_signature", ""),
        "before_label": labels.get("before", ""),
        "after_label": labels.get("after", ""),
    }


def _plain_title(page):
    return re.sub(r"[*_#\[\]{}]", "", page.title)


def render_pdf(page, *, timestamp=None):
    """The PDF of `page` as bytes; DocumentError naming the problem in the admin's text."""
    source, title_line, body_lines = build_source(page)
    images = [*page.before, *page.after]
    if page.letterhead.logo:
        images.append(page.letterhead.logo)
    with tempfile.TemporaryDirectory(prefix="reklamo-doc-") as root:
        for image in images:
            Path(root, image.name).write_bytes(image.data)
        try:
            return _compiler().compile(
                source.encode(),
                root=root,
                sys_inputs=inputs(page),
                # Typst wants a fixed offset; whole seconds since the epoch are that.
                timestamp=int(timestamp.timestamp()) if timestamp else None,
            )
        except typst.TypstError as error:
            raise _explain(error, title_line, body_lines) from None


LOCATION = re.compile(r":(\d+):(\d+)")


def _explain(error, title_line, body_lines):
    """A DocumentError with the compiler's message and where it is in the admin's title or
    text; an error elsewhere (an unclosed bracket is found at the end) counts as the text's."""
    from django.utils.translation import gettext as _

    message = str(getattr(error, "message", "") or error).strip()
    found = LOCATION.search(str(getattr(error, "diagnostic", "")))
    if found:
        line = int(found.group(1))
        if line == title_line:
            text = _("Typst cannot read the title: %(error)s.") % {"error": message}
            return DocumentError(text, part="title")
        first, last = body_lines
        if first <= line <= last:
            text = _("Typst cannot read line %(line)d of the text: %(error)s.") % {
                "line": line - first + 1,
                "error": message,
            }
            return DocumentError(text, part="body")
    text = _("Typst cannot make the document: %(error)s.") % {"error": message}
    return DocumentError(text, part="body")
