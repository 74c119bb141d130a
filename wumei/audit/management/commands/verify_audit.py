"""`wumei verify_audit [--format json] [--anchor SEQ:HASH]`: check the audit log's hash chain.

Exit status 0 when the chain is intact and the database triggers are in place, 1 otherwise; the first
tampered or missing record is named.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from wumei.audit.services import verify_chain


def anchor(raw: str) -> tuple[int, str]:
    sequence, _, digest = raw.partition(":")
    if not sequence.isdigit() or len(digest) != 64:
        raise CommandError("锚点格式应为 序号:哈希（64 位十六进制），例如 1234:ab12…")
    return int(sequence), digest.lower()


class Command(BaseCommand):
    help = "校验审计日志的哈希链，报告第一条被篡改或缺失的记录（完整时退出码 0，否则 1）"

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")
        parser.add_argument("--anchor", type=str, metavar="SEQ:HASH",
                            help="此前记下的链头（序号:哈希），用来发现链尾被删除的记录")

    def handle(self, *args, **options):
        result = verify_chain(anchor=anchor(options["anchor"]) if options["anchor"] else None)
        if options["format"] == "json":
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
        elif result.ok:
            self.stdout.write(result.message)
        else:
            self.stderr.write(result.message)
            if result.problem is not None and not result.guards:
                self.stderr.write("另外：审计日志的数据库保护触发器缺失")
        if not result.ok:
            raise SystemExit(1)
