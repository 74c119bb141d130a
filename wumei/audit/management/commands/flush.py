"""Django's `flush` (empty every table), with the audit log's append-only triggers lifted meanwhile.

Emptying the whole database is outside the audit log's protection by nature — whoever may run it could
delete the database file as well; the triggers are put back afterwards whatever happens. The test runner
flushes between transactional tests through this same command.
"""

from django.core.management.commands import flush
from django.db import connections

from wumei.audit import guards


class Command(flush.Command):
    help = "清空数据库全部数据（包括审计日志；审计日志的保护触发器在清空后恢复）"

    def handle(self, **options):
        connection = connections[options["database"]]
        guards.remove(connection)
        try:
            super().handle(**options)
        finally:
            guards.install(connection)
