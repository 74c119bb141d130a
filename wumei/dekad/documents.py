"""Context builders: a letter or a dispatch order as an OfficialDocument (GB/T 9704-2012), for wumei.documents
to render. Pure functions of the records; registered as document kinds "letter" and "dispatch_order"."""

from wumei.dekad import queries, texts
from wumei.dekad.models import DekadSettings, DispatchOrder, Letter
from wumei.dekad.rules import cn_date
from wumei.documents.types import Block, BlockKind, OfficialDocument

COPY_TO = "总指挥部指挥长、副指挥长，项目牵头县级领导"


def _paragraphs(text: str) -> list[Block]:
    return [Block(BlockKind.PARAGRAPH, line.strip()) for line in text.splitlines() if line.strip()]


def letter_document(letter: Letter, settings: DekadSettings) -> OfficialDocument:
    """The letter as an official document: red header of the HQ office, number, recipient, body, the reply
    request with its deadline (in working days while a draft), signature and date."""
    issuer = settings.issuer_name
    blocks = _paragraphs(letter.body)
    blocks.append(Block(BlockKind.PARAGRAPH, texts.reply_request(issuer, letter.reply_days, letter.reply_due_on)))
    recipient = letter.recipient_unit.name if letter.recipient_unit_id else "（主送单位待定）"
    return OfficialDocument(
        issuer=issuer,
        title=letter.title,
        doc_number=letter.doc_number,
        recipients=f"{recipient}：",
        blocks=tuple(blocks),
        signature=issuer,
        issued_on=letter.issued_on or letter.drafted_on,
        copy_to=COPY_TO,
        printed_by=issuer,
        is_draft=letter.status in (Letter.Status.DRAFT, Letter.Status.WITHDRAWN),
        kind_label=letter.kind_label,
        extra={"letter_id": letter.pk, "kind": letter.kind, "dekad": letter.dekad},
    )


def dispatch_document(order: DispatchOrder, settings: DekadSettings) -> OfficialDocument:
    """A dispatch order: to its units, the matters, the projects concerned and the deadline."""
    issuer = settings.issuer_name
    units = [u.name for u in order.units.all()]
    projects = [p.name for p in order.projects.all()]
    blocks = _paragraphs(order.body)
    if projects:
        blocks.append(Block(BlockKind.PARAGRAPH, f"涉及项目：{'、'.join(projects)}。"))
    blocks.append(Block(BlockKind.PARAGRAPH, f"请于{cn_date(order.deadline_on)}前完成，"
                                             f"并将完成情况书面报送{issuer}。"))
    return OfficialDocument(
        issuer=issuer,
        title=order.title if order.title.endswith("调度令") else f"{order.title}的调度令",
        doc_number=order.doc_number,
        recipients=f"{'、'.join(units)}：",
        blocks=tuple(blocks),
        signature=issuer,
        issued_on=order.issued_on or order.created_at.date(),
        copy_to=COPY_TO,
        printed_by=issuer,
        is_draft=order.status == DispatchOrder.Status.DRAFT,
        kind_label="调度令",
        extra={"dispatch_order_id": order.pk},
    )


# The registry's entry points: by id, and who may see it ------------------------------------------------------


def build_letter(letter_id: int) -> OfficialDocument:
    letter = Letter.objects.select_related("county", "recipient_unit", "project").get(pk=letter_id)
    return letter_document(letter, queries.settings_for(letter.county))


def build_dispatch_order(order_id: int) -> OfficialDocument:
    order = DispatchOrder.objects.select_related("county").get(pk=order_id)
    return dispatch_document(order, queries.settings_for(order.county))


def can_view_letter(user, letter_id: int) -> bool:
    return queries.letters_visible_to(user).filter(pk=letter_id).exists()


def can_view_dispatch_order(user, order_id: int) -> bool:
    return queries.orders_visible_to(user).filter(pk=order_id).exists()


def register() -> None:
    from wumei.documents.registry import register_builder

    register_builder("letter", build_letter, can_view=can_view_letter, label="督办函件")
    register_builder("dispatch_order", build_dispatch_order, can_view=can_view_dispatch_order, label="调度令")
