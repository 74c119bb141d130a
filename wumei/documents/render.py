"""Render an OfficialDocument to .docx or .pdf bytes (GB/T 9704-2012)."""

from wumei.documents.types import OfficialDocument

FORMATS = ("docx", "pdf")


def render(doc: OfficialDocument, fmt: str) -> bytes:
    """The document as a Word file ("docx") or a PDF ("pdf")."""
    if fmt == "docx":
        from wumei.documents.word import render_docx

        return render_docx(doc)
    if fmt == "pdf":
        from wumei.documents.pdf import render_pdf

        return render_pdf(doc)
    raise ValueError(f"unknown format: {fmt!r}")


# Bump when the output for the same content changes (layout, fonts), so stored renditions are redone.
RENDERER_VERSION = "2026-1"


def fingerprint(doc: OfficialDocument, fmt: str) -> str:
    """A digest of what the file will contain: the document's content, the format and the renderer.

    The same content gives the same digest, so a rendition is made once; for PDFs the licensed fonts
    in the font folder count too, since installing them changes the file.
    """
    import dataclasses
    import hashlib
    import json

    payload = json.dumps(dataclasses.asdict(doc), ensure_ascii=False, sort_keys=True, default=str)
    extra = ""
    if fmt == "pdf":
        from wumei.documents.fonts import FACES, licensed_file

        for role in FACES:
            path = licensed_file(role)
            if path is not None:
                extra += f"{role}={path.name}:{path.stat().st_size};"
    return hashlib.sha256(f"{RENDERER_VERSION}|{fmt}|{extra}|{payload}".encode()).hexdigest()
