"""A document kind for the tests, "project_note": a reminder about a project, visible to whoever sees
the project. Module-level so that a worker process (worker_main) can register it too."""

from wumei.documents.types import Block, BlockKind, OfficialDocument

state = {"builds": 0, "extra_paragraph": ""}


def build_project_note(project_id: int) -> OfficialDocument:
    from wumei.projects.models import Project

    project = Project.objects.get(pk=project_id)
    state["builds"] += 1
    blocks = [Block(BlockKind.PARAGRAPH, f"{project.name}建设有关事项函告如下。")]
    if state["extra_paragraph"]:
        blocks.append(Block(BlockKind.PARAGRAPH, state["extra_paragraph"]))
    return OfficialDocument(
        issuer="示范县重点项目建设协调总指挥部办公室",
        title=f"关于{project.name}的提醒函",
        doc_number="示范重项提〔2026〕3号",
        recipients="县工业和信息化局：",
        blocks=tuple(blocks),
        kind_label="提醒函",
    )


def project_note_visible(user, project_id: int) -> bool:
    from wumei.projects.queries import projects_visible_to

    return projects_visible_to(user).filter(pk=project_id).exists()
