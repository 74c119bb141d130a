"""Context builders: the monthly consultation's agenda (会议议程) and minutes (会议纪要) as official documents
(GB/T 9704-2012) for wumei.documents to render. Pure functions of the records; registered as document kinds
"consultation_agenda" and "consultation_minutes"."""

from wumei.consultation.models import Attendance, Consultation
from wumei.consultation.permissions import consultations_visible_to
from wumei.dekad.queries import settings_for
from wumei.documents.types import Block, BlockKind, OfficialDocument

CN_NUMBERS = "一二三四五六七八九十"
COPY_TO = "总指挥部指挥长、副指挥长，各项目牵头县级领导"


def _heading(n: int, text: str) -> Block:
    return Block(BlockKind.HEADING_1, f"{CN_NUMBERS[n - 1] if n <= 10 else n}、{text}")


def _paragraphs(text: str) -> list[Block]:
    return [Block(BlockKind.PARAGRAPH, line.strip()) for line in text.splitlines() if line.strip()]


def _meeting_line(c: Consultation) -> str:
    when = f"{c.held_on.year}年{c.held_on.month}月{c.held_on.day}日" if c.held_on else "另行通知"
    return f"会议时间：{when}；会议地点：{c.place or '另行通知'}；主持人：{c.chair or '另行通知'}。"


def agenda_document(c: Consultation, issuer: str) -> OfficialDocument:
    """The agenda: when and where, then the items by kind in their order, each with its note."""
    items = [i for i in c.items.all() if not i.is_removed]
    blocks = [Block(BlockKind.PARAGRAPH, _meeting_line(c))]
    blocks += _paragraphs(c.notes)
    blocks.append(Block(BlockKind.PARAGRAPH, f"本次会商议题共{len(items)}项：" if items else "本次会商暂无议题。"))
    for n, item in enumerate(items, start=1):
        blocks.append(Block(BlockKind.HEADING_2, f"（{n}）{item.title}" if n > 10 else
                            f"（{CN_NUMBERS[n - 1]}）{item.title}"))
        if item.note:
            blocks.append(Block(BlockKind.PARAGRAPH, item.note))
    return OfficialDocument(
        issuer=issuer, title=f"{c.county.name}{c.title}议程", recipients="各有关单位：", blocks=tuple(blocks),
        signature=issuer, issued_on=c.held_on or c.month, copy_to=COPY_TO, printed_by=issuer,
        is_draft=not c.is_held, kind_label="会议议程", extra={"consultation_id": c.pk},
    )


def minutes_document(c: Consultation, issuer: str) -> OfficialDocument:
    """The minutes: the meeting, who attended, what was discussed, and the decisions as a table with owners and
    deadlines."""
    blocks = [Block(BlockKind.PARAGRAPH, _meeting_line(c))]
    attendance = list(c.attendance.all())
    n = 0
    if attendance:
        n += 1
        blocks.append(_heading(n, "参会人员"))
        present = [f"{a.name}（{a.unit.name}）" if a.unit_id else a.name for a in attendance
                   if a.status == Attendance.Status.PRESENT]
        substituted = [f"{a.name}（委托{a.substitute}参会）" for a in attendance
                       if a.status == Attendance.Status.SUBSTITUTED]
        absent = [a.name for a in attendance if a.status == Attendance.Status.ABSENT]
        if present or substituted:
            blocks.append(Block(BlockKind.PARAGRAPH, f"出席：{'、'.join(present + substituted)}。"))
        if absent:
            blocks.append(Block(BlockKind.PARAGRAPH, f"缺席：{'、'.join(absent)}。"))
    n += 1
    blocks.append(_heading(n, "会议内容"))
    blocks += _paragraphs(c.minutes) or [Block(BlockKind.PARAGRAPH, "（纪要待补充）")]
    decisions = list(c.decisions.all())
    if decisions:
        n += 1
        blocks.append(_heading(n, "议定事项"))
        rows = [("序号", "项目", "议定事项", "责任单位（人）", "完成时限")]
        for i, d in enumerate(decisions, start=1):
            owner = "、".join(x for x in (d.owner_unit.name if d.owner_unit_id else "",
                                         d.owner_person.name if d.owner_person_id else "") if x)
            rows.append((str(i), d.project.name, d.text, owner, f"{d.due_on:%Y-%m-%d}"))
        blocks.append(Block(BlockKind.TABLE, rows=tuple(rows)))
        blocks.append(Block(BlockKind.PARAGRAPH, "以上议定事项已列入项目任务清单，由指挥部办公室每旬督查，"
                                                 "逾期未完成的按程序发函督办。"))
    return OfficialDocument(
        issuer=issuer, title=f"{c.county.name}{c.title}纪要", blocks=tuple(blocks), signature=issuer,
        issued_on=c.held_on or c.month, copy_to=COPY_TO, printed_by=issuer, is_draft=not c.is_held,
        kind_label="会议纪要", extra={"consultation_id": c.pk},
    )


def _load(consultation_id: int) -> Consultation:
    return (Consultation.objects.select_related("county")
            .prefetch_related("items", "attendance__unit", "decisions__project", "decisions__owner_unit",
                              "decisions__owner_person")
            .get(pk=consultation_id))


def build_agenda(consultation_id: int) -> OfficialDocument:
    c = _load(consultation_id)
    return agenda_document(c, settings_for(c.county).issuer_name)


def build_minutes(consultation_id: int) -> OfficialDocument:
    c = _load(consultation_id)
    return minutes_document(c, settings_for(c.county).issuer_name)


def can_view(user, consultation_id: int) -> bool:
    return consultations_visible_to(user).filter(pk=consultation_id).exists()


def register() -> None:
    from wumei.documents.registry import register_builder

    register_builder("consultation_agenda", build_agenda, can_view=can_view, label="月度会商议程")
    register_builder("consultation_minutes", build_minutes, can_view=can_view, label="月度会商纪要")
