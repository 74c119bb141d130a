"""The PDF checked with poppler's tools: page size and count, embedded CJK fonts, the text, and the
pages as pictures (the red header is red, page numbers are printed, nothing overlaps)."""

import dataclasses
import html
import re
import time
from pathlib import Path

import pytest
from PIL import Image

from wumei.documents import layout as L
from wumei.documents.pdf import local_fetcher, render_html
from wumei.documents.render import render
from wumei.documents.samples import sample_document
from wumei.documents.tests.conftest import run_tool
from wumei.documents.types import Block, BlockKind

PT_PER_MM = 1 / L.MM_PER_PT
DPI = 100


def write_pdf(tmp_path: Path, doc, name: str = "doc.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(render(doc, "pdf"))
    return path


@pytest.fixture(scope="module")
def short_pdf(tmp_path_factory) -> Path:
    return write_pdf(tmp_path_factory.mktemp("pdf"), sample_document(1, table_rows=3))


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory) -> Path:
    return write_pdf(tmp_path_factory.mktemp("pdf"), sample_document(8, table_rows=30))


def page_count(pdf: Path) -> int:
    return int(re.search(r"Pages:\s+(\d+)", run_tool("pdfinfo", pdf)).group(1))


def text_of(pdf: Path) -> str:
    """The text with white space removed (titles and dates may wrap)."""
    return re.sub(r"\s+", "", run_tool("pdftotext", "-raw", pdf, "-"))


def page_image(pdf: Path, page: int, tmp_path: Path) -> Image.Image:
    prefix = tmp_path / f"page{page}"
    run_tool("pdftoppm", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile", "-png", pdf, prefix)
    return Image.open(f"{prefix}.png").convert("RGB")


def mm_box(image: Image.Image, left: float, top: float, right: float, bottom: float) -> Image.Image:
    scale = image.width / L.PAGE_WIDTH_MM
    return image.crop(tuple(round(v * scale) for v in (left, top, right, bottom)))


def count_pixels(region: Image.Image, test) -> int:
    data = region.tobytes()
    return sum(1 for i in range(0, len(data), 3) if test((data[i], data[i + 1], data[i + 2])))


def is_red(pixel) -> bool:
    r, g, b = pixel
    return r > 170 and g < 90 and b < 90


def is_ink(pixel) -> bool:
    return sum(pixel) < 300


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def word_boxes(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page, the boxes (in points) of the words pdftotext finds."""
    pages = run_tool("pdftotext", "-bbox", pdf, "-").split("<page ")[1:]
    return [
        [(float(a), float(b), float(c), float(d), html.unescape(text)) for a, b, c, d, text in WORD.findall(page)]
        for page in pages
    ]


def test_pages_are_a4(short_pdf):
    info = run_tool("pdfinfo", short_pdf)
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)


def test_cjk_fonts_are_embedded(short_pdf):
    fonts = run_tool("pdffonts", short_pdf).splitlines()[2:]
    assert fonts, "the PDF names no fonts"
    names = " ".join(line.split()[0] for line in fonts)
    for family in ("Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC", "UKai"):
        assert family in names
    for line in fonts:
        emb = line.split()[-5]
        assert emb == "yes", line


def test_title_number_body_and_chinese_date_are_in_the_text(short_pdf):
    text = text_of(short_pdf)
    for expected in (
        "示范县重点项目建设协调总指挥部办公室",
        "示范重项督〔2026〕15号",
        "关于加快推进示范县新材料产业园项目建设的督办函",
        "县工业和信息化局：",
        "截至2026年11月20日，该项目完成年度计划投资的31.7%",
        "一、存在的主要问题",
        "（一）项目开工滞后。",
        "附件：1.项目推进情况表",
        "二〇二六年十一月二十七日",
        "抄送：县发展和改革局，县财政局，县自然资源局。",
        "2026年11月27日印发",
        "—1—",
    ):
        assert expected in text
    assert "草稿" not in text


def test_red_header_is_red_at_the_top_of_page_one(short_pdf, tmp_path):
    page = page_image(short_pdf, 1, tmp_path)
    text_top = L.MARGIN_TOP_MM
    issuer_band = mm_box(page, 28, text_top + 30, 184, text_top + 50)
    assert count_pixels(issuer_band, is_red) > 500
    above = mm_box(page, 0, 0, 210, text_top + 30)
    assert count_pixels(above, is_red) == 0
    # The rule: a red line across (nearly) the whole text area, under the number.
    rows = mm_box(page, 28, text_top + 55, 184, text_top + 90)
    width = rows.width
    red_rows = [
        y for y in range(rows.height)
        if count_pixels(rows.crop((0, y, width, y + 1)), is_red) > 0.9 * width
    ]
    assert red_rows, "no red rule under the document number"


def test_page_number_area_is_printed_on_the_outside_edge(long_pdf, tmp_path):
    below_text = L.MARGIN_TOP_MM + L.TEXT_HEIGHT_MM
    odd = page_image(long_pdf, 1, tmp_path)
    even = page_image(long_pdf, 2, tmp_path)
    number_band = (below_text + 5, below_text + 16)
    assert count_pixels(mm_box(odd, 150, *number_band[:1], 184, number_band[1]), is_ink) > 20
    assert count_pixels(mm_box(odd, 28, *number_band[:1], 60, number_band[1]), is_ink) == 0
    assert count_pixels(mm_box(even, 28, *number_band[:1], 60, number_band[1]), is_ink) > 20
    assert count_pixels(mm_box(even, 150, *number_band[:1], 184, number_band[1]), is_ink) == 0


def test_a_long_document_flows_onto_numbered_pages(long_pdf):
    pages = page_count(long_pdf)
    assert pages >= 5
    text = text_of(long_pdf)
    for n in range(1, pages + 1):
        assert f"—{n}—" in text
    assert text.count("序号") >= 2, "a table running over a page repeats its header row"


WIDE_TABLE = (
    ("序号", "项目名称", "责任单位", "牵头县领导", "年度计划投资（万元）", "1-10月完成投资（万元）", "完成率", "序时进度",
     "偏差（百分点）", "状态"),
    *[(str(i), "示范县新材料产业园基础设施配套建设工程（一期）", "县工业和信息化局", "张三", "123456.78", "98765.43",
       "80.0%", "83.3%", "-3.3", "滞后") for i in range(1, 13)],
)


@pytest.fixture(scope="module")
def wide_pdf(tmp_path_factory) -> Path:
    """A ten-column table and an unbreakable Latin string: both must stay inside the text area."""
    doc = dataclasses.replace(sample_document(1), blocks=(
        Block(BlockKind.PARAGRAPH, "项目清单如下："),
        Block(BlockKind.TABLE, rows=WIDE_TABLE),
        Block(BlockKind.PARAGRAPH, "附：" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" * 3),
    ))
    return write_pdf(tmp_path_factory.mktemp("pdf"), doc)


@pytest.mark.parametrize("pdf_name", ["long_pdf", "wide_pdf"])
def test_nothing_overlaps_and_body_text_stays_in_the_text_area(request, pdf_name):
    long_pdf = request.getfixturevalue(pdf_name)
    left = L.MARGIN_LEFT_MM * PT_PER_MM
    right = (L.MARGIN_LEFT_MM + L.TEXT_WIDTH_MM) * PT_PER_MM
    top = L.MARGIN_TOP_MM * PT_PER_MM
    bottom = (L.MARGIN_TOP_MM + L.TEXT_HEIGHT_MM) * PT_PER_MM
    tolerance = 1.5
    for number, boxes in enumerate(word_boxes(long_pdf), start=1):
        body = [b for b in boxes if not re.fullmatch(r"—|\d+", b[4])]
        for x0, y0, x1, y1, word in body:
            assert left - tolerance <= x0 and x1 <= right + tolerance, (number, word)
            assert top - tolerance <= y0 and y1 <= bottom + tolerance, (number, word)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                overlap_x = min(a[2], b[2]) - max(a[0], b[0])
                overlap_y = min(a[3], b[3]) - max(a[1], b[1])
                assert overlap_x <= 1 or overlap_y <= 1, (number, a[4], b[4])


def test_body_lines_hold_twenty_eight_characters(tmp_path):
    pdf = write_pdf(tmp_path, sample_document(1))
    lines = [b[4] for b in word_boxes(pdf)[0] if b[0] < 80 and len(b[4]) > 20]  # full lines, flush left
    assert lines
    assert all(len(line) == 28 for line in lines if line.isascii() is False and not re.search(r"\d", line)), lines


def test_a_draft_shows_the_draft_mark(tmp_path):
    pdf = write_pdf(tmp_path, sample_document(1, draft=True))
    assert "草稿" in text_of(pdf)


def test_network_resources_are_refused():
    with pytest.raises(ValueError):
        local_fetcher().fetch("https://fonts.example.com/fangsong.woff2")
    page = render_html(sample_document(1))
    assert "http://" not in page and "https://" not in page


def test_licensed_fonts_in_the_font_folder_are_embedded(tmp_path, settings):
    """A site's 黑体 file (here a stand-in copy named SIMHEI.TTF) replaces the free face in the PDF."""
    folder = tmp_path / "fonts"
    folder.mkdir()
    (folder / "SIMHEI.TTF").symlink_to("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
    settings.DOCUMENT_FONT_DIR = str(folder)
    page = render_html(sample_document(1))
    assert f'url("{(folder / "SIMHEI.TTF").as_uri()}")' in page
    pdf = write_pdf(tmp_path, sample_document(1))
    names = " ".join(line.split()[0] for line in run_tool("pdffonts", pdf).splitlines()[2:])
    assert "Bold" in re.sub(r"Noto-Serif-CJK-SC-Bold", "", names), names


def test_a_page_renders_in_under_one_and_a_half_seconds(tmp_path):
    doc = sample_document(4, table_rows=10)
    render(doc, "pdf")  # warm: fontconfig and the font files
    started = time.perf_counter()
    pdf = render(doc, "pdf")
    elapsed = time.perf_counter() - started
    path = tmp_path / "timed.pdf"
    path.write_bytes(pdf)
    pages = page_count(path)
    assert pages >= 3
    assert elapsed / pages < 1.5
