"""The PDF rendering of an official document: an HTML template and CSS, typeset by WeasyPrint.

WeasyPrint is imported inside `render_pdf`, so a server without Pango still starts. Fonts come from
local files only: this machine's fontconfig faces, or @font-face rules pointing at the site's font
folder; any other URL is refused.
"""

import math

from django.template.loader import render_to_string

from wumei.documents import layout as L
from wumei.documents.fonts import FACES, licensed_file
from wumei.documents.numerals import chinese_date
from wumei.documents.types import BlockKind, OfficialDocument
from wumei.documents.word import signature_offsets


def render_pdf(doc: OfficialDocument) -> bytes:
    """The document as PDF bytes."""
    from weasyprint import HTML  # noqa: PLC0415 - lazy: Pango is only needed where documents are rendered

    html = render_html(doc)
    return HTML(string=html, url_fetcher=local_fetcher()).write_pdf()


def render_html(doc: OfficialDocument) -> str:
    """The HTML WeasyPrint typesets (also handy for looking at a document in a browser)."""
    date = chinese_date(doc.issued_on) if doc.issued_on else ""
    sig_right, date_right = signature_offsets(doc.signature, date)
    blocks = [
        {
            "kind": BlockKind(block.kind).value,
            "text": block.text,
            "head": [_cell(text) for text in block.rows[0]] if block.rows else (),
            "rows": [[_cell(text) for text in row] for row in block.rows[1:]],
            "size": L.table_size_pt(max((len(r) for r in block.rows), default=1)),
            "widths": [round(share * 100, 2) for share in L.column_shares(block.rows)] if block.rows else [],
        }
        for block in doc.blocks
    ]
    attachments = [
        f"{i}.{name}" if len(doc.attachments) > 1 else name for i, name in enumerate(doc.attachments, start=1)
    ]
    context = {
        "doc": doc,
        "blocks": blocks,
        "attachments": attachments,
        "date": date,
        "printed_on": (f"{doc.issued_on.year}年{doc.issued_on.month}月{doc.issued_on.day}日印发" if doc.issued_on else ""),
        "copy_to": _end_with_full_stop(doc.copy_to) if doc.copy_to else "",
        "sig_right": sig_right,
        "date_right": date_right,
        "css": _css(doc),
    }
    return render_to_string("documents/official.html", context)


def _cell(text: str) -> dict:
    """A table cell: figures right-aligned, figures and short labels (序号, 完成率) kept on one line."""
    classes = []
    if L.is_figure(text):
        classes.append("num")
    if L.keeps_on_one_line(text):
        classes.append("nowrap")
    return {"text": text, "class": " ".join(classes)}


def _end_with_full_stop(text: str) -> str:
    return text.strip().rstrip("。.；;，,") + "。"


def _css(doc: OfficialDocument) -> str:
    faces = []
    families = {}
    weights = {}
    for role, face in FACES.items():
        path = licensed_file(role)
        if path is not None:
            name = f"Wumei {role.value}"
            faces.append({"name": name, "url": path.absolute().as_uri()})
            families[role.value] = f'"{name}", "{face.stand_in}"'
            weights[role.value] = 400  # the licensed faces carry their own weight (小标宋 is bold by design)
        else:
            families[role.value] = f'"{face.stand_in}"'
            weights[role.value] = face.weight
    return render_to_string(
        "documents/official.css",
        {
            "L": L,
            "faces": faces,
            "family": families,
            "weight": weights,
            "issuer_size": L.issuer_size_pt(doc.issuer),
            "line": round(L.LINE_PITCH_PT, 3),
            "spacing": math.floor(L.LETTER_SPACING_PT * 100) / 100,  # a hair tighter, so 28 characters fit
            "rule_gap": L.RULE_BELOW_NUMBER_MM,
            "margin_right": L.MARGIN_RIGHT_MM,
            "margin_bottom": L.MARGIN_BOTTOM_MM,
        },
    )


def local_fetcher():
    """A URL fetcher that reads file: and data: URLs only: a document never reaches the network."""
    from weasyprint.urls import URLFetcher  # noqa: PLC0415

    return URLFetcher(allowed_protocols=("file", "data"), allow_redirects=False)
