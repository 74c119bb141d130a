"""What a context builder hands to the renderers: an official document as plain data (GB/T 9704-2012).

Apps that issue documents (letters, bulletins, dispatch orders, meeting materials) build an
`OfficialDocument` from their records; `wumei.documents` turns it into .docx or .pdf. Templates and
renderers never compute business values.
"""

import datetime
from dataclasses import dataclass, field
from enum import StrEnum


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"  # body text, 3号 仿宋, first line indented two characters
    HEADING_1 = "heading_1"  # "一、…" 黑体
    HEADING_2 = "heading_2"  # "（一）…" 楷体
    TABLE = "table"  # rows of cells; the first row is the header


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class OfficialDocument:
    issuer: str  # 发文机关标志, e.g. "示范县重点项目建设协调总指挥部办公室" (red header)
    title: str  # 标题, e.g. "关于加快推进××项目建设的督办函"
    doc_number: str = ""  # 发文字号, e.g. "示范重项督〔2026〕15号"; empty for drafts
    recipients: str = ""  # 主送机关, e.g. "县工业和信息化局："
    blocks: tuple[Block, ...] = ()
    signature: str = ""  # 发文机关署名
    issued_on: datetime.date | None = None  # 成文日期, rendered in Chinese numerals
    attachments: tuple[str, ...] = ()  # 附件说明
    copy_to: str = ""  # 抄送机关
    printed_by: str = ""  # 印发机关
    is_draft: bool = False  # drafts carry a visible 草稿 mark
    kind_label: str = ""  # e.g. "督办函", shown in file names
    extra: dict = field(default_factory=dict)
