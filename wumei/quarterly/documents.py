"""The quarterly review meeting's materials (调度讲评会材料, seed §五) as an official document (GB/T 9704-2012):
a pure context builder from a scoring run's stored values — the quarter's figures, scores, ranks, awards and
the method — so the materials render the same however late. Registered as document kind "quarterly_review"."""

from decimal import Decimal

from wumei.core.money import format_money
from wumei.documents.types import Block, BlockKind, OfficialDocument
from wumei.quarterly import indicators, queries, rules
from wumei.quarterly.models import ScoringRun

KIND = "quarterly_review"
KIND_LABEL = "调度讲评会材料"
RANKED_SHOWN = 10  # a long ranking prints its head and tail
ORDINALS = "一二三四五六七八九十"
RECIPIENTS = "总指挥部各成员单位，各乡镇（街道），县直有关单位："
COPY_TO = "县委、县人大、县政府、县政协主要领导，县纪委监委"


def _p(text: str) -> Block:
    return Block(BlockKind.PARAGRAPH, text)


def _h1(n: int, text: str) -> Block:
    return Block(BlockKind.HEADING_1, f"{ORDINALS[n - 1]}、{text}")


def _h2(n: int, text: str) -> Block:
    return Block(BlockKind.HEADING_2, f"（{ORDINALS[n - 1]}）{text}")


def _pct(text: str | None) -> str:
    return "—" if text is None else f"{rules.figure(Decimal(text))}%"


def overview(run: ScoringRun) -> str:
    """The quarter's figures in one paragraph, as county reports write them."""
    f = run.figures or {}
    text = (f"{run.period.label}，全县纳入调度的重点项目{f.get('projects', 0)}个。本季度新开工项目"
            f"{f.get('started_in_quarter', 0)}个、竣工投产{f.get('completed_in_quarter', 0)}个；今年以来累计开工"
            f"{f.get('started_in_year', 0)}个、竣工投产{f.get('completed_in_year', 0)}个。")
    if f.get("completion_percent") is not None:
        done, plan = Decimal(f["year_done"]), Decimal(f["annual_plan"])
        gap = Decimal(f["completion_percent"]) - Decimal(f["schedule_percent"])
        side = "高于" if gap > 0 else "低于" if gap < 0 else "持平于"
        points = f"{rules.figure(abs(gap))}个百分点" if gap else ""
        text += (f"截至季末，重点项目完成投资{format_money(done)}，为年度计划投资{format_money(plan)}的"
                 f"{_pct(f['completion_percent'])}，{side}序时进度（{_pct(f['schedule_percent'])}）{points}。")
    return text


def _score_rows(scores) -> list[tuple[str, ...]]:
    return [(str(s.rank or "—"), s.name, rules.figure(s.total)) for s in scores]


def _rankings(run: ScoringRun) -> list[Block]:
    blocks = []
    header = ("排名", "名称", "总分")
    for n, group in enumerate(queries.group_scores(run), start=1):
        ranked = [s for s in group.scores if s.total is not None]
        blocks.append(_h2(n, f"{group.label}（{len(ranked)}个）"))
        if len(ranked) <= 2 * RANKED_SHOWN:
            blocks.append(Block(BlockKind.TABLE, rows=(header, *_score_rows(ranked))))
            continue
        blocks.append(_p(f"得分前{RANKED_SHOWN}名："))
        blocks.append(Block(BlockKind.TABLE, rows=(header, *_score_rows(ranked[:RANKED_SHOWN]))))
        blocks.append(_p(f"得分后{RANKED_SHOWN}名："))
        blocks.append(Block(BlockKind.TABLE, rows=(header, *_score_rows(ranked[-RANKED_SHOWN:]))))
    return blocks or [_p("本季度无考核得分。")]


def _awards(run: ScoringRun) -> list[Block]:
    awards = [a for a in queries.awards_of(run) if not a.is_removed]
    counts = "、".join(f"{label}{n}个" for label, n in queries.award_counts(run).items() if n)
    verb = "授予" if run.is_confirmed else "拟授予"
    if not awards:
        return [_p("本季度无获奖对象。")]
    rows = [(a.get_kind_display(), a.name, a.get_group_display(), a.reason) for a in awards]
    return [_p(f"根据考核结果，{verb}{counts}。"),
            Block(BlockKind.TABLE, rows=(("奖项", "获奖对象", "类别", "理由"), *rows))]


def _method(run: ScoringRun) -> list[Block]:
    labels = indicators.labels()
    by_group: dict[str, list[str]] = {}
    for line in run.method.lines.all():
        by_group.setdefault(line.group, []).append(f"{labels.get(line.indicator, line.indicator)}"
                                                   f"{rules.figure(line.weight)}%")
    blocks = [_p(f"本季度考核依据《{run.method.name}》（{run.method.year}年）。"
                 "某项指标对考核对象不适用时，其权重按比例分配给其他指标。")]
    for group in rules.Group:
        if group in by_group:
            blocks.append(_p(f"{rules.GROUP_LABELS[group]}：{'，'.join(by_group[group])}。"))
    blocks.extend(_p(note + "。") for note in run.notes)
    return blocks


def review_document(run: ScoringRun) -> OfficialDocument:
    from wumei.dekad.queries import settings_for

    issuer = settings_for(run.county).issuer_name
    blocks = [
        _h1(1, "总体情况"), _p(overview(run)),
        _h1(2, "考核得分与排名"), *_rankings(run),
        _h1(3, "奖励情况" if run.is_confirmed else "奖励建议"), *_awards(run),
        _h1(4, "考核说明"), *_method(run),
        _h1(5, "下步工作"),
        _p("各责任单位、审批服务部门和乡镇（街道）要对照考核结果查找差距，对排名靠后、指标滞后的项目逐一制定"
           "赶超措施，确保下季度各项指标达到序时进度要求。"),
    ]
    issued = run.confirmed_at or run.scored_at
    return OfficialDocument(
        issuer=issuer,
        title=f"{run.county.name}{run.period.label}重点项目调度讲评会材料",
        recipients=RECIPIENTS,
        blocks=tuple(blocks),
        signature=issuer,
        issued_on=issued.date() if issued else None,
        copy_to=COPY_TO,
        printed_by=issuer,
        is_draft=not run.is_confirmed,
        kind_label=KIND_LABEL,
        extra={"run_id": run.pk, "quarter": run.period.code},
    )


def build_review(run_id: int) -> OfficialDocument:
    run = ScoringRun.objects.select_related("county", "method").get(pk=run_id)
    return review_document(run)


def can_view_review(user, run_id: int) -> bool:
    return queries.runs_visible_to(user).filter(pk=run_id).exists()


def register() -> None:
    from wumei.documents.registry import register_builder

    register_builder(KIND, build_review, can_view=can_view_review, label=KIND_LABEL)
