"""The words of a bulletin: its sections, default title, intro and requirements, the sentences that state the
snapshot's figures, and the document number. Pure functions of the snapshot."""

import datetime
from decimal import Decimal

from wumei.bulletins.rules import LEVEL_LABELS, cn_date, pct_text
from wumei.core.money import format_money, format_wan

SECTIONS = {
    "overview": "总体情况",
    "projects": "项目推进排名",
    "units": "责任单位排名",
    "lagging": "滞后项目和单位",
    "letters": "督办函件办理情况",
}
REQUIREMENTS_HEADING = "下步工作要求"
CHINESE_ORDINALS = "一二三四五六七八九十"


def doc_number(prefix: str, year: int, number: int) -> str:
    """`示范重项通〔2026〕3号`."""
    return f"{prefix}〔{year}〕{number}号"


def dekad_words(label: str) -> str:
    """`2026-04下旬` → `2026年4月下旬`."""
    year, rest = label[:4], label[5:]
    return f"{year}年{int(rest[:2])}月{rest[2:]}"


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def money(value: str | None) -> str:
    """A snapshot amount (万元, decimal string) as county reports write it: 万元, or 亿元 from 1亿 up."""
    return format_money(Decimal(value)) if value is not None else "—"


def wan_number(value: str | None) -> str:
    """A snapshot amount as a bare 万元 figure for a table whose header names the unit: `12,345.67`."""
    return format_wan(Decimal(value))[:-2] if value is not None else "—"


def points(gap: str | None) -> str:
    """The gap to 序时进度 as a table cell: behind `-4.1`, ahead `+13.7`, even `0`."""
    if gap is None:
        return "—"
    value = Decimal(gap)
    return "0" if value == 0 else f"{'-' if value > 0 else '+'}{pct_text(abs(value))}"


def rate(value: str | None) -> str:
    return f"{pct_text(value)}%" if value is not None else "—"


def default_title(snapshot: dict) -> str:
    return f"关于{dekad_words(snapshot['dekad']['label'])}全县重点项目建设推进情况的通报"


def default_intro(snapshot: dict) -> str:
    cutoff = cn_date(_date(snapshot["cutoff"]))
    return (f"为压实项目建设责任、加快推进全县重点项目建设，根据“每旬必督”工作安排，总指挥部办公室对截至{cutoff}"
            "全县重点项目推进情况进行了调度督查。现将有关情况通报如下。")


def default_requirements(snapshot: dict) -> str:
    return "\n".join([
        "（一）紧盯时序抓进度。各项目责任单位要对照年度目标和序时进度，倒排工期、挂图作战，滞后项目要逐一制定"
        "赶超措施，确保尽快追上序时进度。",
        "（二）聚焦问题抓落实。清单任务逾期、困难问题逾期未解决的，责任单位要明确专人、限时办结；需上级协调的，"
        "及时提请牵头县级领导研究解决。",
        "（三）严格督办抓问效。收到督办函件的单位要在规定时限内书面回复整改措施；总指挥部办公室将持续跟踪，"
        "对连续两旬滞后的项目和单位予以约谈。",
    ])


# Sentences ---------------------------------------------------------------------------------------------------------

def overview_sentences(snapshot: dict) -> list[str]:
    cutoff = _date(snapshot["cutoff"])
    sc = snapshot["start_completion"]
    total, levels = sc["total"], sc["levels"]
    by_level = "、".join(f"{row['label']}{row['projects']}个" for row in levels if row["projects"])
    sentences = [f"截至{cutoff.month}月{cutoff.day}日，全县纳入调度的重点项目{total['projects']}个"
                 + (f"（{by_level}）" if by_level else "") + "。"]
    parts = []
    if total["due_start"]:
        parts.append(f"计划年内新开工项目{total['due_start']}个，已开工{total['started']}个，开工率{rate(total['start_rate'])}")
    if total["due_complete"]:
        parts.append(f"计划年内竣工投产项目{total['due_complete']}个，已竣工投产{total['completed']}个，"
                     f"竣工投产率{rate(total['completion_rate'])}")
    if parts:
        sentences.append("；".join(parts) + "。")
    inv = snapshot["investment"]["total"]
    if inv["projects"]:
        sentences.append(f"年度计划投资{money(inv['plan'])}，已完成投资{money(inv['done'])}，{inv['text']}"
                         f"（序时进度{pct_text(snapshot['schedule'])}%）。")
    tasks, problems = snapshot["tasks"], snapshot["problems"]
    extra = []
    if tasks["total"]:
        extra.append(f"四张清单共列任务{tasks['total']}项，已完成{tasks['done']}项"
                     + (f"，逾期未完成{tasks['overdue']}项" if tasks["overdue"] else ""))
    if problems["collected"]:
        extra.append(f"今年以来收集困难问题{problems['collected']}个，已解决{problems['solved']}个")
    if extra:
        sentences.append("；".join(extra) + "。")
    return sentences


def projects_sentence(snapshot: dict) -> str:
    rows = snapshot["projects"]
    if not rows:
        return "本期无安排年度计划投资的项目。"
    behind = sum(1 for row in rows if row["behind"])
    best = "、".join(row["name"] for row in rows[:3])
    text = f"按年度投资完成率排名，{len(rows)}个安排年度计划投资的项目中，排名前列的是{best}"
    return text + (f"；{behind}个项目低于序时进度。" if behind else "；所有项目均达到序时进度。")


def units_sentence(snapshot: dict) -> str:
    rows = snapshot["units"]
    if not rows:
        return "本期无可排名的责任单位。"
    ranked = [row for row in rows if row["rank"] is not None]
    text = f"按所负责项目的年度投资完成率排名，{len(rows)}个责任单位中"
    if ranked:
        text += f"排名第一的是{ranked[0]['name']}（{rate(ranked[0]['rate'])}）"
        if len(ranked) > 1:
            text += f"，排名末位的是{ranked[-1]['name']}（{rate(ranked[-1]['rate'])}）"
    if snapshot.get("daily_available", True) and any(row["on_time"] is not None for row in rows):
        text += "；日报按时报送率按本旬统计"
    return text + "。"


def lagging_lines(snapshot: dict) -> list[tuple[bool, str]]:
    """(serious, "项目名（责任单位）：理由；理由。") per lagging project, in the snapshot's order."""
    out = []
    for row in snapshot["lagging"]:
        out.append((row["serious"], f"{row['name']}（{row['unit']}）：{'；'.join(row['reasons'])}。"))
    return out


def letters_sentence(snapshot: dict) -> str:
    letters = snapshot["letters"]
    kinds = {row["kind"]: row for row in letters["kinds"]}
    total = letters["total"]
    dekad = "、".join(f"{row['label']}{row['issued']}件" for row in letters["kinds"] if row["issued"])
    text = f"本旬印发{dekad}" if dekad else "本旬未印发督办函件"
    text += f"，收到回复{total['answered']}件" if total["answered"] else ""
    cutoff = _date(snapshot["cutoff"])
    text += f"；今年以来累计印发督办函件{total['issued_year']}件（督办函{kinds['supervision']['issued_year']}件），" \
            f"回复{total['answered_year']}件"
    if total["awaiting"]:
        text += f"，截至{cutoff.month}月{cutoff.day}日尚有{total['awaiting']}件未回复"
    return text + "。"


def level_label(code: str) -> str:
    return LEVEL_LABELS.get(code, "")


def ordinal(n: int) -> str:
    """1 → 一 … 10 → 十 (section numbers)."""
    return CHINESE_ORDINALS[n - 1] if 1 <= n <= len(CHINESE_ORDINALS) else str(n)


def paragraphs(text: str) -> list[str]:
    """A text area's paragraphs: its non-empty lines."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
