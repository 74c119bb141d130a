"""A sample supervision letter, for tests, the benchmark and the font check page: realistic text only."""

import datetime

from wumei.documents.types import Block, BlockKind, OfficialDocument

ISSUER = "示范县重点项目建设协调总指挥部办公室"


def sample_document(sections: int = 2, *, draft: bool = False, table_rows: int = 2) -> OfficialDocument:
    """A 督办函 with `sections` headed sections (about two thirds of a page each) and one table."""
    blocks = [
        Block(
            BlockKind.PARAGRAPH,
            "根据县委、县政府关于重点项目建设的部署要求，现将你单位牵头推进的示范县新材料产业园项目有关情况"
            "函告如下：截至2026年11月20日，该项目完成年度计划投资的31.7%，低于序时进度1.6个百分点。",
        )
    ]
    numerals = "一二三四五六七八九十"
    for i in range(sections):
        blocks += [
            Block(BlockKind.HEADING_1, f"{numerals[i % 10]}、存在的主要问题"),
            Block(BlockKind.HEADING_2, "（一）项目开工滞后。"),
            Block(
                BlockKind.PARAGRAPH,
                "项目计划于2026年3月开工，目前仍未完成施工许可手续办理，土地征收工作进展缓慢，影响了项目"
                "整体推进。请你单位高度重视，切实落实主体责任，倒排工期、挂图作战，确保按期完成年度目标任务。"
                "对推进中遇到的困难和问题，要及时向县重点项目建设协调总指挥部办公室报告。",
            ),
            Block(BlockKind.HEADING_2, "（二）要素保障不足。"),
            Block(
                BlockKind.PARAGRAPH,
                "项目用地、用能指标尚未落实，融资方案仍在论证。请会同县自然资源局、县发展和改革局、县财政局"
                "逐项明确责任人和完成时限，于2026年12月10日前将整改措施书面报送县重点项目建设协调总指挥部办公室。",
            ),
        ]
    rows = [("序号", "项目名称", "责任单位", "年度计划（万元）", "已完成（万元）", "完成率")]
    names = ("示范县新材料产业园", "城区污水处理厂提标改造工程", "县人民医院门诊综合楼", "高标准农田建设项目")
    for i in range(table_rows):
        rows.append((str(i + 1), names[i % len(names)], "县工业和信息化局", "12000.00", "3804.00", "31.7%"))
    blocks.append(Block(BlockKind.TABLE, rows=tuple(rows)))
    return OfficialDocument(
        issuer=ISSUER,
        title="关于加快推进示范县新材料产业园项目建设的督办函",
        doc_number="" if draft else "示范重项督〔2026〕15号",
        recipients="县工业和信息化局：",
        blocks=tuple(blocks),
        signature=ISSUER,
        issued_on=datetime.date(2026, 11, 27),
        attachments=("项目推进情况表", "问题清单"),
        copy_to="县发展和改革局，县财政局，县自然资源局",
        printed_by=ISSUER,
        is_draft=draft,
        kind_label="督办函",
    )
