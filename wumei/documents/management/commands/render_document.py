"""`wumei render_document KIND ID --format docx|pdf --output FILE`: render one document now, in this
process (for checking a layout or a site's fonts; the web pages go through the worker).
`--sample` renders the built-in sample letter instead (KIND and ID are then ignored)."""

import time
from pathlib import Path

from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import BaseCommand, CommandError

from wumei.documents.registry import UnknownKind, get_kind
from wumei.documents.render import FORMATS, render
from wumei.documents.samples import sample_document


class Command(BaseCommand):
    help = "将一份公文生成为 .docx 或 .pdf 文件"

    def add_arguments(self, parser):
        parser.add_argument("kind", nargs="?", default="")
        parser.add_argument("object_id", nargs="?", type=int, default=0)
        parser.add_argument("--format", dest="fmt", choices=FORMATS, default="pdf")
        parser.add_argument("--output", required=True)
        parser.add_argument("--sample", type=int, metavar="SECTIONS", help="render the sample letter")

    def handle(self, *args, kind, object_id, fmt, output, sample, **options):
        if sample is not None:
            doc = sample_document(sample, table_rows=10)
        else:
            try:
                doc = get_kind(kind).build(object_id)
            except UnknownKind:
                raise CommandError(f"未登记的公文类别：{kind}") from None
            except ObjectDoesNotExist:
                raise CommandError(f"找不到 {kind} #{object_id}") from None
        started = time.perf_counter()
        data = render(doc, fmt)
        elapsed = time.perf_counter() - started
        Path(output).write_bytes(data)
        self.stdout.write(f"{output}：{len(data)} 字节，用时 {elapsed:.2f} 秒")
