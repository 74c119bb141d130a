import pytest

from wumei.documents import layout as L
from wumei.documents.word import signature_offsets


def test_grid_is_twenty_two_lines_of_twenty_eight_characters_in_the_text_area():
    assert L.LINE_PITCH_PT * L.LINES_PER_PAGE * L.MM_PER_PT == pytest.approx(225)
    assert L.CHAR_PITCH_PT * L.CHARS_PER_LINE * L.MM_PER_PT == pytest.approx(156)
    assert L.MARGIN_RIGHT_MM == 26 and L.MARGIN_BOTTOM_MM == 35


@pytest.mark.parametrize("issuer", ["示范县人民政府", "示范县重点项目建设协调总指挥部办公室", "示" * 30])
def test_issuer_type_never_runs_wider_than_the_text_area(issuer):
    assert L.issuer_size_pt(issuer) * len(issuer) * L.MM_PER_PT <= L.TEXT_WIDTH_MM


def test_date_sits_four_characters_in_and_a_shorter_signature_is_centred_over_it():
    sig, date = signature_offsets("示范县人民政府", "二〇二六年十一月二十七日")  # 7 and 12 characters
    assert date == 4
    assert sig == 4 + (12 - 7) / 2


def test_a_longer_signature_sits_two_characters_in_and_the_date_is_centred_under_it():
    sig, date = signature_offsets("示范县重点项目建设协调总指挥部办公室", "二〇二六年十一月二十七日")  # 18 and 12
    assert sig == 2
    assert date == 2 + (18 - 12) / 2


@pytest.mark.parametrize(("text", "figure"), [("12000.00", True), ("31.7%", True), ("1,200", True),
                                              ("-3.5", True), ("县财政局", False), ("2026年", False), ("", False)])
def test_figures_are_recognised_for_right_alignment(text, figure):
    assert L.is_figure(text) is figure


WIDE = (
    ("序号", "项目名称", "责任单位", "年度计划投资（万元）", "完成率"),
    ("1", "示范县新材料产业园基础设施配套建设工程（一期）", "县工业和信息化局", "123456.78", "80.0%"),
    ("2", "县人民医院门诊综合楼", "县卫生健康局", "5000.00", "31.7%"),
)


def test_column_shares_fill_the_table_and_give_long_text_the_most_room():
    shares = L.column_shares(WIDE)
    assert sum(shares) == pytest.approx(1)
    assert max(shares) == shares[1]  # the project name
    assert shares[0] < shares[4] < shares[3]  # 序号 < 完成率 < the amounts


def test_columns_of_figures_get_the_width_their_longest_figure_needs():
    size = L.table_size_pt(5)
    total_pt = L.TEXT_WIDTH_MM / L.MM_PER_PT
    amount = L.column_shares(WIDE)[3] * total_pt
    assert amount >= L.display_width("123456.78") * size


def test_a_table_of_short_columns_spreads_over_the_width():
    shares = L.column_shares((("甲", "乙"), ("1", "2")))
    assert shares == pytest.approx([0.5, 0.5])


def test_more_columns_get_smaller_type():
    assert L.table_size_pt(3) > L.table_size_pt(6) > L.table_size_pt(8) > L.table_size_pt(12)
