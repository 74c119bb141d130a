"""The page geometry and type of GB/T 9704-2012, shared by the Word and PDF renderers.

A4 (210 × 297 mm); text area (版心) 156 × 225 mm, top margin 37 mm, binding-side (left) margin 28 mm;
body in 3号 (16 pt), 22 lines of 28 characters: the line pitch is 225 mm / 22 and the character pitch
156 mm / 28 — a little under 16 pt, so characters are set 0.2 pt tighter than their size.
"""

import re

MM_PER_PT = 25.4 / 72

PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
TEXT_WIDTH_MM = 156
TEXT_HEIGHT_MM = 225
MARGIN_TOP_MM = 37
MARGIN_LEFT_MM = 28
MARGIN_RIGHT_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - TEXT_WIDTH_MM  # 26
MARGIN_BOTTOM_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - TEXT_HEIGHT_MM  # 35

LINES_PER_PAGE = 22
CHARS_PER_LINE = 28

# Chinese type sizes (字号) in points.
SIZE_2 = 22.0  # 2号: title
SIZE_3 = 16.0  # 3号: body, headings, signature, date
SIZE_4 = 14.0  # 4号: page numbers, 版记 (copy-to, printed-by)

BODY_SIZE_PT = SIZE_3
LINE_PITCH_PT = TEXT_HEIGHT_MM / LINES_PER_PAGE / MM_PER_PT  # ≈ 28.99 pt
CHAR_PITCH_PT = TEXT_WIDTH_MM / CHARS_PER_LINE / MM_PER_PT  # ≈ 15.79 pt
LETTER_SPACING_PT = CHAR_PITCH_PT - BODY_SIZE_PT  # ≈ -0.21 pt

# 版头 (GB/T 9704-2012 §7.2): the issuer's top edge 35 mm below the text area's top; the document number
# two lines below it; the red rule 4 mm below the number, as wide as the text area.
ISSUER_TOP_MM = 35
RULE_BELOW_NUMBER_MM = 4
# Page numbers (§7.5): a 一字线 each side, 7 mm below the text area, odd pages right and even pages left,
# one character in from the edge of the text area.
PAGE_NUMBER_BELOW_TEXT_MM = 7

RED = "#E60012"  # 版头 red (a common print red; the standard only says "红色")
DRAFT_MARK = "草稿"


def issuer_size_pt(issuer: str) -> float:
    """The 发文机关标志's type size: large (up to 2 cm characters), but never wider than the text area."""
    fit = TEXT_WIDTH_MM / max(len(issuer), 1) / MM_PER_PT
    return round(min(fit * 0.96, 56.0), 1)


def table_size_pt(columns: int) -> float:
    """Tables stay inside the text area: 4号 for a few columns, smaller type for wide ones."""
    if columns <= 4:
        return SIZE_4
    if columns <= 7:
        return 12.0  # 小四
    if columns <= 8:
        return 10.5  # 五号
    return 9.0  # 小五


FIGURE = re.compile(r"[-+]?[\d,]+(\.\d+)?%?")


def is_figure(text: str) -> bool:
    """Amounts and percentages, which tables align right."""
    return bool(FIGURE.fullmatch(text.strip()))


def display_width(text: str) -> float:
    """Width in ems: Chinese and full-width characters 1, Latin letters, digits and ASCII punctuation 0.6."""
    return sum(0.6 if ord(ch) < 0x2E80 else 1.0 for ch in text)


SHORT_LABEL = 4  # cells this short (序号, 状态, a person's name) never wrap
CELL_PADDING_PT = 3 / MM_PER_PT + 2  # 1.5 mm each side, and a little air


def keeps_on_one_line(text: str) -> bool:
    return is_figure(text) or len(text) <= SHORT_LABEL


def column_shares(rows: tuple[tuple[str, ...], ...], size_pt: float | None = None) -> list[float]:
    """Each column's share of the table width (adding up to 1), from its contents.

    Columns of figures and short labels get what their longest cell needs on one line (a header longer
    than a short label may wrap onto two); the other columns share the rest by the length of their
    text, capped at 12 characters so a long project name wraps instead of squeezing its neighbours.
    """
    columns = max((len(r) for r in rows), default=0)
    if not columns:
        return []
    size = size_pt or table_size_pt(columns)
    total = TEXT_WIDTH_MM / MM_PER_PT
    fixed: dict[int, float] = {}
    weights: dict[int, float] = {}
    for c in range(columns):
        head = rows[0][c] if c < len(rows[0]) else ""
        body = [r[c] for r in rows[1:] if c < len(r) and r[c]]
        head_ems = display_width(head) if keeps_on_one_line(head) else display_width(head) / 2
        if body and all(keeps_on_one_line(text) for text in body):
            fixed[c] = max(head_ems, *(display_width(text) for text in body)) * size + CELL_PADDING_PT
        else:
            weights[c] = max(min(max((display_width(t) for t in body), default=0), 12), head_ems, 2)
    rest = total - sum(fixed.values())
    if rest < len(weights) * (4 * size + CELL_PADDING_PT):  # too many wide figures: share all by need
        need = {c: fixed.get(c, weights.get(c, 0) * size) for c in range(columns)}
        return [need[c] / sum(need.values()) for c in range(columns)]
    widths = dict(fixed)
    weight_sum = sum(weights.values())
    for c, weight in weights.items():
        widths[c] = rest * weight / weight_sum
    if not weights:  # only short columns: spread the spare width evenly
        spare = (total - sum(fixed.values())) / columns
        widths = {c: w + spare for c, w in fixed.items()}
    return [widths[c] / total for c in range(columns)]
