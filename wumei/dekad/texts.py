"""The words of the letters and reminders, from the rules' reasons. Pure: no database, no dates of its own."""

import datetime

from wumei.dekad import rules
from wumei.dekad.rules import Kind, Rule

TITLES = {
    Rule.START_SOON: "关于{name}按期开工的{label}",
    Rule.START_OVERDUE: "关于加快推进{name}开工建设的{label}",
    Rule.COMPLETION_OVERDUE: "关于加快推进{name}竣工投产的{label}",
    Rule.TASKS_OVERDUE: "关于加快落实{name}清单任务的{label}",
}
DEFAULT_TITLE = "关于加快推进{name}建设的{label}"
CLOSING = {
    Kind.REMINDER: "请你单位对照开工条件，抓紧完成用地、规划、环评、施工许可等前期手续和施工准备工作，"
                   "确保项目按期开工。",
    Kind.ASSIGNMENT: "现将有关问题交办你单位，请按照“五每工作法”要求，明确责任领导、责任人和完成时限，"
                     "倒排工期、挂图作战，尽快解决存在的问题。",
    Kind.SUPERVISION: "现予督办，请你单位主要负责人亲自研究、亲自调度，制定切实可行的整改措施，"
                      "确保项目尽快赶上计划进度。",
}


def letter_title(kind: str, project_name: str, rule: str) -> str:
    """`关于加快推进××项目开工建设的交办函`: the project and what is asked."""
    template = TITLES.get(rule, DEFAULT_TITLE)
    return template.format(name=project_name, label=rules.KIND_LABELS[Kind(kind)])


def letter_body(kind: str, project_name: str, reasons: list[str], dekad_label: str, issuer: str) -> str:
    """The body as paragraphs (one per line): what the round found, and what the unit is asked to do."""
    found = "；".join(r.rstrip("。；") for r in reasons)
    if Kind(kind) is Kind.REMINDER:
        opening = f"根据重点项目年度建设计划，{project_name}{found}。"
    else:
        opening = f"经{issuer}{dekad_label}督查，{project_name}存在以下情况：{found}。"
    return "\n".join([opening, CLOSING[Kind(kind)]])


def reply_request(issuer: str, reply_days: int, reply_due_on: datetime.date | None) -> str:
    """The closing request with the deadline: exact once issued, in working days while a draft."""
    if reply_due_on is not None:
        return (f"请于{reply_due_on.year}年{reply_due_on.month}月{reply_due_on.day}日前"
                f"（{reply_days}个工作日内）将办理情况书面报送{issuer}。")
    return f"请于收函之日起{reply_days}个工作日内将办理情况书面报送{issuer}。"


def escalation_reason(letter_label: str, reason: str) -> str:
    return f"{letter_label}{'：' + reason if reason else '办理不到位'}，升级督办"
