"""The Word (.docx) rendering of an official document (GB/T 9704-2012).

The file names the official fonts (w:eastAsia 方正小标宋简体 / 仿宋_GB2312 / 黑体 / 楷体_GB2312), so a
Word/WPS machine that has them shows the document exactly; page size, margins, the 22 × 28 grid and
the exact line pitch are set in the section and the styles.
"""

import io

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from wumei.documents import layout as L
from wumei.documents.fonts import FACES, LATIN_FONT, Role
from wumei.documents.numerals import chinese_date
from wumei.documents.types import Block, BlockKind, OfficialDocument

RED = RGBColor.from_string(L.RED.lstrip("#"))
BLACK_RULE_THICK = 8  # border widths in eighths of a point: 1 pt ≈ 0.35 mm
BLACK_RULE_THIN = 6  # 0.75 pt ≈ 0.25 mm
RED_RULE = 12  # 1.5 pt


def render_docx(doc: OfficialDocument) -> bytes:
    """The document as .docx bytes."""
    document = Document()
    _setup_page(document)
    _setup_styles(document)
    body = _Writer(document)
    body.header(doc)
    body.title(doc)
    if doc.recipients:
        body.text(doc.recipients, indent=False)
    for block in doc.blocks:
        body.block(block)
    body.attachments(doc.attachments)
    body.signature(doc)
    body.imprint(doc)
    _footers(document)
    if doc.is_draft:
        _draft_headers(document)
    props = document.core_properties
    props.title = doc.title
    props.subject = doc.kind_label
    props.language = "zh-CN"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _setup_page(document) -> None:
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width = Mm(L.PAGE_WIDTH_MM)
    section.page_height = Mm(L.PAGE_HEIGHT_MM)
    section.top_margin = Mm(L.MARGIN_TOP_MM)
    section.bottom_margin = Mm(L.MARGIN_BOTTOM_MM)
    section.left_margin = Mm(L.MARGIN_LEFT_MM)
    section.right_margin = Mm(L.MARGIN_RIGHT_MM)
    section.gutter = Mm(0)
    section.header_distance = Mm(15)
    # The number's top edge sits 7 mm below the text area; the footer is measured from the page's bottom.
    section.footer_distance = Mm(L.MARGIN_BOTTOM_MM - L.PAGE_NUMBER_BELOW_TEXT_MM) - Pt(18)
    # The document grid: 22 lines of 28 characters (Word's "指定行和字符网格").
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(round(L.LINE_PITCH_PT * 20)))
    # charSpace: the character pitch beyond the default size, in 4096ths of a point.
    grid.set(qn("w:charSpace"), str(round(L.LETTER_SPACING_PT * 4096)))
    document.settings.odd_and_even_pages_header_footer = True


def _set_fonts(target, role: Role, size: float | None = None) -> None:
    """Name the official face for Chinese text (w:eastAsia) and Times New Roman for Latin text."""
    font = target.font
    font.name = LATIN_FONT
    if size is not None:
        font.size = Pt(size)
    r_pr = target.element.get_or_add_rPr() if hasattr(target, "element") else target._element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, r_fonts)
    r_fonts.set(qn("w:eastAsia"), FACES[role].official)
    r_fonts.set(qn("w:hint"), "eastAsia")
    if role == Role.NUMBER:
        r_fonts.set(qn("w:ascii"), FACES[role].official)
        r_fonts.set(qn("w:hAnsi"), FACES[role].official)


def _setup_styles(document) -> None:
    normal = document.styles["Normal"]
    _set_fonts(normal, Role.BODY, L.BODY_SIZE_PT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(lang)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(round(L.LINE_PITCH_PT, 2))
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.widow_control = False


def _indent_chars(paragraph, *, first_line: float = 0, left: float = 0, right: float = 0) -> None:
    """Indents in characters (w:firstLineChars etc., which Word and WPS honour) with a point fallback."""
    fmt = paragraph.paragraph_format
    pitch = L.BODY_SIZE_PT
    if first_line:
        fmt.first_line_indent = Pt(first_line * pitch)
    if left:
        fmt.left_indent = Pt(left * pitch)
    if right:
        fmt.right_indent = Pt(right * pitch)
    ind = paragraph._p.get_or_add_pPr().find(qn("w:ind"))
    if ind is None:
        return
    for attr, chars in (("firstLineChars", first_line), ("leftChars", left), ("rightChars", right)):
        if chars:
            ind.set(qn(f"w:{attr}"), str(round(chars * 100)))


class _Writer:
    def __init__(self, document):
        self.document = document

    def paragraph(self, text: str = "", *, role: Role = Role.BODY, size: float = L.BODY_SIZE_PT, align=None):
        paragraph = self.document.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        if text:
            run = paragraph.add_run(text)
            _set_fonts(run, role, size)
        return paragraph

    def blank(self, lines: int = 1) -> None:
        for _ in range(lines):
            self.document.add_paragraph()

    def header(self, doc: OfficialDocument) -> None:
        """版头: the issuer in large red type, the document number below it, and the red rule."""
        size = L.issuer_size_pt(doc.issuer)
        issuer = self.paragraph(doc.issuer, role=Role.TITLE, size=size, align=WD_ALIGN_PARAGRAPH.CENTER)
        issuer.runs[0].font.color.rgb = RED
        fmt = issuer.paragraph_format
        fmt.space_before = Mm(L.ISSUER_TOP_MM)
        fmt.line_spacing = Pt(round(size * 1.25, 1))
        _no_grid(issuer)
        self.blank(1)
        number = self.paragraph(doc.doc_number, align=WD_ALIGN_PARAGRAPH.CENTER)
        _border(number, "bottom", L.RED.lstrip("#"), RED_RULE, space_pt=round(L.RULE_BELOW_NUMBER_MM / L.MM_PER_PT))
        self.blank(2)

    def title(self, doc: OfficialDocument) -> None:
        title = self.paragraph(doc.title, role=Role.TITLE, size=L.SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER)
        title.paragraph_format.line_spacing = Pt(round(L.SIZE_2 * 1.5, 1))
        _no_grid(title)
        self.blank(1)

    def text(self, text: str, *, indent: bool = True, role: Role = Role.BODY):
        paragraph = self.paragraph(text, role=role, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        if indent:
            _indent_chars(paragraph, first_line=2)
        return paragraph

    def block(self, block: Block) -> None:
        if block.kind == BlockKind.HEADING_1:
            self.text(block.text, role=Role.HEI)
        elif block.kind == BlockKind.HEADING_2:
            self.text(block.text, role=Role.KAI)
        elif block.kind == BlockKind.TABLE:
            self.table(block.rows)
        else:
            self.text(block.text)

    def table(self, rows: tuple[tuple[str, ...], ...]) -> None:
        if not rows:
            return
        columns = max(len(row) for row in rows)
        size = L.table_size_pt(columns)
        table = self.document.add_table(rows=len(rows), cols=columns)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        width = Mm(L.TEXT_WIDTH_MM)
        widths = [int(width * share) for share in L.column_shares(rows)]
        for column, column_width in zip(table.columns, widths, strict=True):
            column.width = column_width
        for r, row in enumerate(rows):
            for c in range(columns):
                cell = table.cell(r, c)
                cell.width = widths[c]
                paragraph = cell.paragraphs[0]
                text = row[c] if c < len(row) else ""
                if r == 0:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                else:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if L.is_figure(text) else WD_ALIGN_PARAGRAPH.LEFT
                fmt = paragraph.paragraph_format
                fmt.line_spacing = Pt(round(size * 1.4, 1))
                _no_grid(paragraph)
                if text:
                    run = paragraph.add_run(text)
                    _set_fonts(run, Role.HEI if r == 0 else Role.BODY, size)
        _repeat_header_row(table)
        self.blank(1)

    def attachments(self, names: tuple[str, ...]) -> None:
        """附件说明: a blank line below the body, two characters in, numbered when there are several."""
        if not names:
            return
        self.blank(1)
        for i, name in enumerate(names, start=1):
            label = f"{i}.{name}" if len(names) > 1 else name
            text = f"附件：{label}" if i == 1 else label
            paragraph = self.text(text, indent=False)
            _indent_chars(paragraph, left=2 if i == 1 else 5)

    def signature(self, doc: OfficialDocument) -> None:
        """署名 and 成文日期: the date four characters in from the right, the signature centred over it."""
        date = chinese_date(doc.issued_on) if doc.issued_on else ""
        if not (doc.signature or date):
            return
        self.blank(2)
        sig_right, date_right = signature_offsets(doc.signature, date)
        if doc.signature:
            paragraph = self.paragraph(doc.signature, align=WD_ALIGN_PARAGRAPH.RIGHT)
            _indent_chars(paragraph, right=sig_right)
        if date:
            paragraph = self.paragraph(date, align=WD_ALIGN_PARAGRAPH.RIGHT)
            _indent_chars(paragraph, right=date_right)

    def imprint(self, doc: OfficialDocument) -> None:
        """版记: 抄送 and 印发 between rules, thick outside and thin between, in 4号."""
        if not (doc.copy_to or doc.printed_by):
            return
        self.blank(1)
        rows = (1 if doc.copy_to else 0) + (1 if doc.printed_by else 0)
        table = self.document.add_table(rows=rows, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _table_borders(table)
        r = 0
        if doc.copy_to:
            cell = table.cell(0, 0).merge(table.cell(0, 1))
            _imprint_cell(cell, f"抄送：{_end_with_full_stop(doc.copy_to)}", WD_ALIGN_PARAGRAPH.LEFT)
            r = 1
        if doc.printed_by:
            _imprint_cell(table.cell(r, 0), doc.printed_by, WD_ALIGN_PARAGRAPH.LEFT)
            printed_on = f"{doc.issued_on.year}年{doc.issued_on.month}月{doc.issued_on.day}日印发" if doc.issued_on else ""
            _imprint_cell(table.cell(r, 1), printed_on, WD_ALIGN_PARAGRAPH.RIGHT)


def signature_offsets(signature: str, date: str) -> tuple[float, float]:
    """Right indents (in characters) of the signature and the date (GB/T 9704-2012 §7.3.5.2)."""
    if len(signature) <= len(date) or not date:
        date_right = 4.0
        return date_right + (len(date) - len(signature)) / 2, date_right
    sig_right = 2.0
    return sig_right, sig_right + (len(signature) - len(date)) / 2


def _end_with_full_stop(text: str) -> str:
    text = text.strip().rstrip("。.；;，,")
    return text + "。"


def _imprint_cell(cell, text: str, align) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    paragraph.paragraph_format.line_spacing = Pt(round(L.LINE_PITCH_PT, 2))
    _no_grid(paragraph)
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        _indent_chars(paragraph, right=1)
    else:
        _indent_chars(paragraph, left=1)
    if text:
        run = paragraph.add_run(text)
        _set_fonts(run, Role.BODY, L.SIZE_4)


def _no_grid(paragraph) -> None:
    """Large type off the document grid, so Word does not stretch it to whole grid lines."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    paragraph._p.get_or_add_pPr().append(snap)


def _border(paragraph, side: str, color: str, size: int, space_pt: int = 1) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        p_pr.append(borders)
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(size))
    edge.set(qn("w:space"), str(min(space_pt, 31)))
    edge.set(qn("w:color"), color)
    borders.append(edge)


def _table_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side, size in (("top", BLACK_RULE_THICK), ("bottom", BLACK_RULE_THICK), ("insideH", BLACK_RULE_THIN)):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(size))
        edge.set(qn("w:space"), "0")
        edge.set(qn("w:color"), "000000")
        borders.append(edge)
    for side in ("left", "right", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    tbl_pr.append(borders)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(round(L.TEXT_WIDTH_MM / L.MM_PER_PT * 20)))
    width.set(qn("w:type"), "dxa")
    existing = tbl_pr.find(qn("w:tblW"))
    if existing is not None:
        tbl_pr.remove(existing)
    tbl_pr.append(width)


def _repeat_header_row(table) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)


def _page_number(paragraph) -> None:
    """"— PAGE —" with a PAGE field, so Word numbers every page."""

    def run(text: str = ""):
        r = paragraph.add_run(text)
        _set_fonts(r, Role.NUMBER, L.SIZE_4)
        return r

    run("— ")
    field = run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    field._r.append(begin)
    instr_run = run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    instr_run._r.append(instr)
    sep_run = run()
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    sep_run._r.append(sep)
    run("1")
    end_run = run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    end_run._r.append(end)
    run(" —")


def _footers(document) -> None:
    """Page numbers at the outside edge: odd pages right, even pages left, one character in."""
    section = document.sections[0]
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = align
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(18)
        _no_grid(paragraph)
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            fmt.right_indent = Pt(L.SIZE_4)
        else:
            fmt.left_indent = Pt(L.SIZE_4)
        _page_number(paragraph)


def _draft_headers(document) -> None:
    """Drafts carry a visible 草稿 mark at the top of every page."""
    section = document.sections[0]
    for header in (section.header, section.even_page_header):
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        run = paragraph.add_run(L.DRAFT_MARK)
        _set_fonts(run, Role.HEI, 26)
        run.font.color.rgb = RGBColor(0x99, 0x99, 0x99)
        run.font.bold = True
