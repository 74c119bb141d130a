"""The bulletin as an official document (GB/T 9704-2012): a pure context builder from the bulletin's stored
values — its frozen snapshot and the HQ office's text — never from live data, so a bulletin renders the same
however late it is rendered. wumei.documents.render turns the result into .docx / .pdf."""

from wumei.bulletins import conf, texts
from wumei.bulletins.models import Bulletin
from wumei.documents.types import Block, BlockKind, OfficialDocument

KIND_LABEL = "督查通报"


def _p(text: str) -> Block:
    return Block(BlockKind.PARAGRAPH, text)


def _h1(n: int, text: str) -> Block:
    return Block(BlockKind.HEADING_1, f"{texts.ordinal(n)}、{text}")


def _h2(n: int, text: str) -> Block:
    return Block(BlockKind.HEADING_2, f"（{texts.ordinal(n)}）{text}")


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> Block:
    return Block(BlockKind.TABLE, rows=(header, *rows))


def _comment(bulletin: Bulletin, key: str) -> list[Block]:
    return [_p(line) for line in texts.paragraphs((bulletin.comments or {}).get(key, ""))]


def _overview(s: dict) -> list[Block]:
    blocks = [_p(sentence) for sentence in texts.overview_sentences(s)]
    sc = s["start_completion"]
    rows = [(row["label"], str(row["projects"]), str(row["due_start"]), str(row["started"]), texts.rate(row["start_rate"]),
             str(row["due_complete"]), str(row["completed"]), texts.rate(row["completion_rate"]))
            for row in [*sc["levels"], sc["total"]]]
    blocks.append(_table(("级别", "项目数", "计划新开工", "已开工", "开工率", "计划竣工投产", "已竣工投产", "竣工投产率"),
                         rows))
    inv = s["investment"]
    rows = [(row["label"], str(row["projects"]), texts.wan_number(row["plan"]), texts.wan_number(row["done"]),
             texts.rate(row["rate"]), texts.points(row["gap"])) for row in [*inv["levels"], inv["total"]]]
    blocks.append(_table(("级别", "计划投资项目数", "年度计划投资（万元）", "完成投资（万元）", "完成率",
                          "较序时进度（百分点）"), rows))
    return blocks


PROJECT_HEADER = ("排名", "项目名称", "责任单位", "年度计划（万元）", "已完成（万元）", "完成率")
RANKED_SHOWN = 10  # a long ranking prints its head and its tail; the page shows it whole
NAMED_LAGGING = 15  # lagging (not seriously) projects named one by one; the rest are counted


def project_rows(rows: list[dict]) -> list[tuple[str, ...]]:
    return [(str(row["rank"]), row["name"], row["unit"], texts.wan_number(row["plan"]), texts.wan_number(row["done"]),
             texts.rate(row["rate"])) for row in rows]


def _projects(s: dict) -> list[Block]:
    blocks = [_p(texts.projects_sentence(s))]
    ranked = s["projects"]
    if len(ranked) <= 2 * RANKED_SHOWN:
        if ranked:
            blocks.append(_table(PROJECT_HEADER, project_rows(ranked)))
        return blocks
    blocks += [_h2(1, f"投资完成率前{RANKED_SHOWN}名"), _table(PROJECT_HEADER, project_rows(ranked[:RANKED_SHOWN])),
               _h2(2, f"投资完成率后{RANKED_SHOWN}名"), _table(PROJECT_HEADER, project_rows(ranked[-RANKED_SHOWN:]))]
    return blocks


def _units(s: dict) -> list[Block]:
    blocks = [_p(texts.units_sentence(s))]
    if s["units"]:
        daily = s.get("daily_available", True)
        header = ("排名", "责任单位", "项目数", "投资完成率", *(("日报按时率", "按时率排名") if daily else ()))
        rows = [(str(row["rank"] or "—"), row["name"], str(row["projects"]), texts.rate(row["rate"]),
                 *((texts.rate(row["on_time"]), str(row["on_time_rank"] or "—")) if daily else ()))
                for row in s["units"]]
        blocks.append(_table(header, rows))
    return blocks


def _lagging(s: dict) -> list[Block]:
    lines = texts.lagging_lines(s)
    if not lines and not s["lagging_units"]:
        return [_p("本旬无进度滞后的项目和单位。")]
    blocks: list[Block] = []
    n = 0
    serious = [text for is_serious, text in lines if is_serious]
    others = [text for is_serious, text in lines if not is_serious]
    for heading, group, shown in ((f"严重滞后项目（投资完成不足应完成的{s['serious_percent']}%）", serious, len(serious)),
                                  ("进度滞后项目", others, NAMED_LAGGING)):
        if group:
            n += 1
            blocks.append(_h2(n, f"{heading}{len(group)}个"))
            blocks.extend(_p(f"{i}. {text}") for i, text in enumerate(group[:shown], start=1))
            if len(group) > shown:
                blocks.append(_p(f"另有{len(group) - shown}个项目进度滞后，名单见重点项目调度系统。"))
    if s["lagging_units"]:
        n += 1
        blocks.append(_h2(n, f"进度滞后的责任单位{len(s['lagging_units'])}个"))
        blocks.extend(_p(f"{i}. {row['name']}：{row['text']}。") for i, row in enumerate(s["lagging_units"], start=1))
    return blocks


def _letters(s: dict) -> list[Block]:
    letters = s["letters"]
    rows = [(row["label"], str(row["issued"]), str(row["answered"]), str(row["issued_year"]), str(row["answered_year"]),
             str(row["awaiting"])) for row in [*letters["kinds"], letters["total"]]]
    return [_p(texts.letters_sentence(s)),
            _table(("函件类型", "本旬印发", "本旬回复", "年内印发", "年内回复", "待回复"), rows)]


SECTION_BUILDERS = {
    "overview": _overview, "projects": _projects, "units": _units, "lagging": _lagging, "letters": _letters,
}


def bulletin_blocks(bulletin: Bulletin) -> tuple[Block, ...]:
    """The body: intro, one numbered section per part of the snapshot with the HQ office's remark under it, the
    requirements."""
    s = bulletin.snapshot
    blocks = [_p(line) for line in texts.paragraphs(bulletin.intro)]
    n = 0
    for key, heading in texts.SECTIONS.items():
        n += 1
        blocks.append(_h1(n, heading))
        blocks.extend(SECTION_BUILDERS[key](s))
        blocks.extend(_comment(bulletin, key))
    requirements = texts.paragraphs(bulletin.requirements)
    if requirements:
        n += 1
        blocks.append(_h1(n, texts.REQUIREMENTS_HEADING))
        blocks.extend(_p(line) for line in requirements)
    return tuple(blocks)


def bulletin_document(bulletin: Bulletin) -> OfficialDocument:
    """The bulletin as an OfficialDocument, from its stored values only."""
    s = bulletin.snapshot
    issuer = s.get("issuer") or f"{s['county']}重点项目建设协调总指挥部办公室"
    return OfficialDocument(
        issuer=issuer,
        title=bulletin.title,
        doc_number=bulletin.doc_number if not bulletin.is_draft else "",
        recipients=bulletin.recipients,
        blocks=bulletin_blocks(bulletin),
        signature=issuer,
        issued_on=bulletin.issued_on,
        copy_to=s.get("copy_to", conf.COPY_TO),
        printed_by=issuer,
        is_draft=bulletin.is_draft,
        kind_label=KIND_LABEL,
        extra={"dekad": s["dekad"]["label"], "cutoff": s["cutoff"], "county": s["county"]},
    )


# The documents app's registry: it renders bulletins in its job worker and serves the downloads.

def build_bulletin(object_id: int) -> OfficialDocument:
    return bulletin_document(Bulletin.objects.get(pk=object_id))


def can_view_bulletin(user, object_id: int) -> bool:
    from wumei.bulletins.permissions import bulletins_visible_to

    return bulletins_visible_to(user).filter(pk=object_id).exists()


def register() -> None:
    from wumei.documents.registry import register_builder

    register_builder("bulletin", build_bulletin, can_view=can_view_bulletin, label=KIND_LABEL)
