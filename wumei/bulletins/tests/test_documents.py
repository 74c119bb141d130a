"""The bulletin's context builder: an OfficialDocument from the stored snapshot and text only."""

import datetime
import io
import zipfile
from decimal import Decimal

from wumei.bulletins import rules
from wumei.bulletins.documents import bulletin_document
from wumei.bulletins.models import Bulletin
from wumei.bulletins.tests.test_rules import CUTOFF, LETTERS, PROJECTS, START
from wumei.documents.types import BlockKind

D = datetime.date


def snapshot() -> dict:
    s = rules.compose(county="示范县", dekad_label="2026-04下旬", start=START, end=CUTOFF, projects=PROJECTS,
                      on_time={1: Decimal("90.0"), 2: Decimal("95.5")}, letter_rows=LETTERS,
                      task_rows=[rules.TaskRow("open", D(2026, 4, 1))],
                      problem_rows=[rules.ProblemRow(D(2026, 2, 1), D(2026, 2, 3))])
    s["issuer"] = "示范县重点项目建设协调总指挥部办公室"
    s["copy_to"] = "县委、县政府主要领导"
    return s


def bulletin(**changes) -> Bulletin:
    values = {"dekad_label": "2026-04下旬", "cutoff_on": CUTOFF, "snapshot": snapshot(),
              "title": "关于2026年4月下旬全县重点项目建设推进情况的通报", "recipients": "各项目责任单位：",
              "intro": "现将有关情况通报如下。", "comments": {"lagging": "项目C要倒排工期。\n\n县交通运输局要加强调度。"},
              "requirements": "（一）紧盯时序抓进度。\n（二）聚焦问题抓落实。", "status": Bulletin.Status.DRAFT}
    values.update(changes)
    return Bulletin(**values)


def texts_of(doc, kind):
    return [b.text for b in doc.blocks if b.kind == kind]


def test_a_draft_is_a_document_without_number_or_date_marked_as_draft():
    doc = bulletin_document(bulletin())
    assert (doc.issuer, doc.signature, doc.printed_by) == ("示范县重点项目建设协调总指挥部办公室",) * 3
    assert (doc.doc_number, doc.issued_on, doc.is_draft, doc.kind_label) == ("", None, True, "督查通报")
    assert (doc.title, doc.recipients, doc.copy_to) == (
        "关于2026年4月下旬全县重点项目建设推进情况的通报", "各项目责任单位：", "县委、县政府主要领导")


def test_an_issued_bulletin_carries_its_number_and_date():
    doc = bulletin_document(bulletin(status=Bulletin.Status.ISSUED, doc_number="示范重项通〔2026〕3号",
                                     issued_on=D(2026, 5, 2), number=3, number_year=2026))
    assert (doc.doc_number, doc.issued_on, doc.is_draft) == ("示范重项通〔2026〕3号", D(2026, 5, 2), False)


def test_the_body_has_its_numbered_sections_with_the_remarks_under_them_and_the_requirements_last():
    doc = bulletin_document(bulletin())
    assert texts_of(doc, BlockKind.HEADING_1) == [
        "一、总体情况", "二、项目推进排名", "三、责任单位排名", "四、滞后项目和单位", "五、督办函件办理情况", "六、下步工作要求"]
    assert texts_of(doc, BlockKind.HEADING_2) == [
        "（一）严重滞后项目（投资完成不足应完成的50%）1个", "（二）进度滞后项目2个", "（三）进度滞后的责任单位1个"]
    paragraphs = texts_of(doc, BlockKind.PARAGRAPH)
    assert paragraphs[0] == "现将有关情况通报如下。"
    assert paragraphs[-2:] == ["（一）紧盯时序抓进度。", "（二）聚焦问题抓落实。"]
    body = [b.text for b in doc.blocks]
    remark = body.index("项目C要倒排工期。")
    assert body[remark + 1] == "县交通运输局要加强调度。" and body[remark + 2] == "五、督办函件办理情况"
    assert ("1. 项目C（县交通运输局）：计划2026年4月10日开工，已逾期20天仍未开工；完成年度计划的0%，"
            "低于序时进度33.3个百分点；困难问题逾期未解决1个。") in paragraphs


def test_the_overview_states_the_county_figures_in_words():
    doc = bulletin_document(bulletin())
    paragraphs = texts_of(doc, BlockKind.PARAGRAPH)
    assert "截至4月30日，全县纳入调度的重点项目7个（省重点1个、市重点1个、县重点5个）。" in paragraphs
    assert ("计划年内新开工项目3个，已开工1个，开工率33.3%；计划年内竣工投产项目3个，已竣工投产1个，"
            "竣工投产率33.3%。") in paragraphs
    assert ("年度计划投资6,900万元，已完成投资1,751万元，完成年度计划的25.4%，低于序时进度7.9个百分点"
            "（序时进度33.3%）。") in paragraphs
    assert "四张清单共列任务1项，已完成0项，逾期未完成1项；今年以来收集困难问题1个，已解决1个。" in paragraphs
    assert ("本旬印发提醒函1件、交办函1件、督办函1件，收到回复2件；今年以来累计印发督办函件5件（督办函2件），"
            "回复3件，截至4月30日尚有2件未回复。") in paragraphs


def test_the_figures_are_tables_whose_first_row_is_the_header():
    tables = [b.rows for b in bulletin_document(bulletin()).blocks if b.kind == BlockKind.TABLE]
    assert [t[0][0] for t in tables] == ["级别", "级别", "排名", "排名", "函件类型"]
    start, invest, projects, units, letters = tables
    assert start[-1] == ("合计", "7", "3", "1", "33.3%", "3", "1", "33.3%")
    assert invest[0][-1] == "较序时进度（百分点）"
    assert [row[-1] for row in invest[1:]] == ["-1.6", "+16.7", "-23", "-7.9"]
    assert projects[1:3] == (("1", "项目B", "县工业和信息化局", "1,000", "500", "50%"),
                             ("2", "项目D", "县交通运输局", "600", "200", "33.3%"))
    assert units[0] == ("排名", "责任单位", "项目数", "投资完成率", "日报按时率", "按时率排名")
    assert units[1] == ("1", "县工业和信息化局", "3", "36.1%", "90%", "2")
    assert letters[-1] == ("合计", "3", "2", "5", "3", "2")
    assert all(len(row) == len(table[0]) for table in tables for row in table)


def test_the_document_renders_to_word_with_its_figures():
    from wumei.documents.render import render

    doc = bulletin_document(bulletin(status=Bulletin.Status.ISSUED, doc_number="示范重项通〔2026〕3号",
                                     issued_on=D(2026, 5, 2), number=3, number_year=2026))
    data = render(doc, "docx")
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "示范重项通〔2026〕3号" in xml and "低于序时进度1.6个百分点" in xml and "项目C" in xml


def test_a_long_ranking_prints_its_head_and_tail_and_names_the_first_lagging_projects():
    import re

    # 40 projects, project n completed n% of its plan by 30 April (序时进度 33.3%): n ≤ 33 lag; under 50% of
    # the expected 333.33万元 (n ≤ 16) seriously.
    rows = [rules.ProjectRow(n, f"项目{n:02d}", "county", 1, "县工信局", "continuing", Decimal(1000), Decimal(10 * n),
                             D(2025, 1, 1), D(2025, 1, 1), D(2027, 1, 1)) for n in range(1, 41)]
    s = rules.compose(county="示范县", dekad_label="2026-04下旬", start=START, end=CUTOFF, projects=rows)
    doc = bulletin_document(bulletin(snapshot={**s, "issuer": "示范县重点项目建设协调总指挥部办公室"}))

    tables = [b.rows for b in doc.blocks if b.kind == BlockKind.TABLE and b.rows[0][0] == "排名"][:2]
    assert [len(t) - 1 for t in tables] == [10, 10]
    assert (tables[0][1][1], tables[0][-1][1], tables[1][1][1], tables[1][-1][1]) == ("项目40", "项目31", "项目10",
                                                                                      "项目01")
    assert texts_of(doc, BlockKind.HEADING_2) == [
        "（一）投资完成率前10名", "（二）投资完成率后10名", "（一）严重滞后项目（投资完成不足应完成的50%）16个",
        "（二）进度滞后项目17个", "（三）进度滞后的责任单位1个"]  # 8,200 of 40,000 = 20.5%
    paragraphs = texts_of(doc, BlockKind.PARAGRAPH)
    named = [t for t in paragraphs if re.match(r"\d+\. 项目", t)]
    assert len(named) == 16 + 15
    assert "另有2个项目进度滞后，名单见重点项目调度系统。" in paragraphs
