"""The .docx opened with python-docx: page, margins, grid, the official fonts named, sizes, spacing."""

import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn

from wumei.documents import layout as L
from wumei.documents.render import render
from wumei.documents.samples import sample_document


@pytest.fixture(scope="module")
def word():
    return docx.Document(io.BytesIO(render(sample_document(3), "docx")))


def east_asia(run) -> str:
    return run.element.rPr.rFonts.get(qn("w:eastAsia"))


def paragraph(word, text: str):
    return next(p for p in word.paragraphs if p.text.startswith(text))


def test_page_is_a4_with_the_standard_margins(word):
    section = word.sections[0]
    assert section.page_width.mm == pytest.approx(210, abs=0.1)
    assert section.page_height.mm == pytest.approx(297, abs=0.1)
    assert section.top_margin.mm == pytest.approx(37, abs=0.5)
    assert section.left_margin.mm == pytest.approx(28, abs=0.5)
    text_width = section.page_width.mm - section.left_margin.mm - section.right_margin.mm
    text_height = section.page_height.mm - section.top_margin.mm - section.bottom_margin.mm
    assert text_width == pytest.approx(156, abs=0.5)
    assert text_height == pytest.approx(225, abs=0.5)


def test_document_grid_is_twenty_two_lines_of_twenty_eight_characters(word):
    grid = word.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    line_pitch_pt = int(grid.get(qn("w:linePitch"))) / 20
    assert line_pitch_pt * 22 * L.MM_PER_PT == pytest.approx(225, abs=0.5)
    char_pitch_pt = 16 + int(grid.get(qn("w:charSpace"))) / 4096
    assert char_pitch_pt * 28 * L.MM_PER_PT == pytest.approx(156, abs=0.5)


def test_body_is_sixteen_point_fangsong_at_an_exact_line_pitch_indented_two_characters(word):
    body = paragraph(word, "根据县委")
    run = body.runs[0]
    assert run.font.size.pt == 16
    assert east_asia(run) == "仿宋_GB2312"
    normal = word.styles["Normal"].paragraph_format
    assert normal.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert normal.line_spacing.pt * 22 * L.MM_PER_PT == pytest.approx(225, abs=1)
    assert body.paragraph_format.first_line_indent.pt == pytest.approx(32)
    assert body.paragraph_format.element.pPr.ind.get(qn("w:firstLineChars")) == "200"


def test_title_is_twenty_two_point_xiaobiaosong_centred(word):
    title = paragraph(word, "关于加快推进")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.size.pt == 22
    assert east_asia(title.runs[0]) == "方正小标宋简体"


def test_headings_name_heiti_and_kaiti(word):
    assert east_asia(paragraph(word, "一、").runs[0]) == "黑体"
    assert east_asia(paragraph(word, "（一）").runs[0]) == "楷体_GB2312"
    assert paragraph(word, "一、").runs[0].font.size.pt == 16


def test_red_header_has_the_issuer_in_red_and_the_number_over_a_red_rule(word):
    issuer = word.paragraphs[0]
    assert issuer.text == "示范县重点项目建设协调总指挥部办公室"
    assert str(issuer.runs[0].font.color.rgb) == L.RED.lstrip("#")
    assert issuer.paragraph_format.space_before.mm == pytest.approx(35, abs=0.5)
    number = paragraph(word, "示范重项督〔2026〕15号")
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    rule = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == L.RED.lstrip("#")


def test_recipient_is_flush_left(word):
    recipient = paragraph(word, "县工业和信息化局：")
    assert recipient.paragraph_format.first_line_indent is None


def test_signature_and_chinese_numeral_date_are_right_aligned(word):
    texts = [p.text for p in word.paragraphs]
    at = texts.index("二〇二六年十一月二十七日")
    date, signature = word.paragraphs[at], word.paragraphs[at - 1]
    assert date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert signature.text == "示范县重点项目建设协调总指挥部办公室"
    assert signature.alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_attachments_are_listed_and_numbered(word):
    texts = [p.text for p in word.paragraphs]
    assert "附件：1.项目推进情况表" in texts
    assert "2.问题清单" in texts


def test_table_fits_the_text_area_and_repeats_its_header_row(word):
    table = word.tables[0]
    assert table.rows[0].cells[0].text == "序号"
    widths = sum(cell.width for cell in table.rows[0].cells)
    assert widths <= docx.shared.Mm(156)
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    figure = table.rows[1].cells[3].paragraphs[0]
    assert figure.alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_copy_to_and_printed_by_close_the_document_between_rules(word):
    imprint = word.tables[-1]
    text = "\n".join(cell.text for row in imprint.rows for cell in row.cells)
    assert "抄送：县发展和改革局，县财政局，县自然资源局。" in text
    assert "2026年11月27日印发" in text
    borders = imprint._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders.find(qn("w:top")).get(qn("w:val")) == "single"
    assert borders.find(qn("w:bottom")).get(qn("w:val")) == "single"
    assert imprint.rows[0].cells[0].paragraphs[0].runs[0].font.size.pt == 14


def test_page_numbers_are_a_page_field_between_dashes_at_the_outside_edge(word):
    section = word.sections[0]
    assert word.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert even.alignment == WD_ALIGN_PARAGRAPH.LEFT
    for footer in (odd, even):
        assert footer.text.startswith("— ") and footer.text.endswith(" —")
        assert "PAGE" in "".join(t.text for t in footer._p.iter(qn("w:instrText")))
        assert footer.runs[0].font.size.pt == 14


def test_a_draft_carries_a_visible_mark_and_an_issued_letter_none():
    draft = docx.Document(io.BytesIO(render(sample_document(1, draft=True), "docx")))
    assert "草稿" in draft.sections[0].header.paragraphs[0].text
    assert "草稿" in draft.sections[0].even_page_header.paragraphs[0].text
    issued = docx.Document(io.BytesIO(render(sample_document(1), "docx")))
    assert "草稿" not in issued.sections[0].header.paragraphs[0].text


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        render(sample_document(1), "odt")
