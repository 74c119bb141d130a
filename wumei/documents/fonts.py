"""Which typefaces official documents use, and where a site's licensed fonts come from.

The standard's faces (小标宋, 仿宋_GB2312, 黑体, 楷体_GB2312) are commercial. The .docx always names
them, so a Word/WPS machine that has them shows the document exactly. The PDF embeds what this
machine has: a licensed file from the font folder (setting DOCUMENT_FONT_DIR, env
WUMEI_DOCUMENT_FONT_DIR) when there is one, else a free Debian face standing in.
"""

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from django.conf import settings


class Role(StrEnum):
    TITLE = "title"  # 小标宋: the issuer (red header) and the title
    BODY = "body"  # 仿宋: body, signature, date, 版记
    HEI = "hei"  # 黑体: first-level headings "一、"
    KAI = "kai"  # 楷体: second-level headings "（一）"
    NUMBER = "number"  # 宋体: page numbers


@dataclass(frozen=True)
class Face:
    official: str  # the name Word/WPS knows (w:eastAsia)
    stand_in: str  # the free Debian family used in the PDF when no licensed file is there
    weight: int  # CSS font-weight of the stand-in
    files: tuple[str, ...]  # licensed file names looked for in the font folder


FACES: dict[Role, Face] = {
    Role.TITLE: Face("方正小标宋简体", "Noto Serif CJK SC", 700, ("FZXBSJW.TTF", "方正小标宋简体.ttf", "FZXBSJW--GB1-0.ttf")),
    Role.BODY: Face("仿宋_GB2312", "Noto Serif CJK SC", 400, ("仿宋_GB2312.ttf", "FangSong_GB2312.ttf", "SIMFANG.TTF", "simfang.ttf")),
    Role.HEI: Face("黑体", "Noto Sans CJK SC", 400, ("SIMHEI.TTF", "simhei.ttf", "黑体.ttf")),
    Role.KAI: Face("楷体_GB2312", "AR PL UKai CN", 400, ("楷体_GB2312.ttf", "KaiTi_GB2312.ttf", "SIMKAI.TTF", "simkai.ttf")),
    Role.NUMBER: Face("宋体", "Noto Serif CJK SC", 400, ("SIMSUN.TTC", "simsun.ttc", "宋体.ttc")),
}

# Latin letters and digits in Word: the usual companion of the Chinese official faces.
LATIN_FONT = "Times New Roman"


def font_dir() -> Path | None:
    raw = getattr(settings, "DOCUMENT_FONT_DIR", "")
    return Path(raw) if raw else None


def licensed_file(role: Role, folder: Path | None = None) -> Path | None:
    """The licensed font file for this role in the site's font folder, matched case-insensitively."""
    folder = folder if folder is not None else font_dir()
    if folder is None or not folder.is_dir():
        return None
    by_name = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
    for name in FACES[role].files:
        found = by_name.get(name.lower())
        if found is not None:
            return found
    return None
