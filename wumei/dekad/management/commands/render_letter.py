"""`wumei render_letter ID --format docx|pdf --output FILE`: one letter (draft or issued) as Word or PDF."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wumei.dekad.documents import build_letter
from wumei.dekad.models import Letter
from wumei.documents.render import render


class Command(BaseCommand):
    help = "将一件督办函件（草稿或已印发）按党政机关公文格式输出为 Word 或 PDF 文件。"

    def add_arguments(self, parser):
        parser.add_argument("id", type=int, help="函件编号")
        parser.add_argument("--format", choices=["docx", "pdf"], default="pdf", help="输出格式")
        parser.add_argument("--output", required=True, help="输出文件路径")

    def handle(self, *args, id: int, format: str, output: str, **options):
        try:
            doc = build_letter(id)
        except Letter.DoesNotExist as exc:
            raise CommandError(f"没有编号为 {id} 的函件") from exc
        data = render(doc, format)
        path = Path(output)
        path.write_bytes(data)
        self.stdout.write(f"已输出{doc.kind_label}{doc.doc_number or '（草稿）'}：{path}（{len(data)} 字节）")
