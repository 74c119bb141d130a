from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "wumei.audit"
    verbose_name = "审计日志"

    def ready(self):
        post_migrate.connect(_install_guards, sender=self)


def _install_guards(sender, using, **kwargs):
    """Put the append-only triggers back after every migrate: SQLite drops them whenever it rebuilds the
    table to alter it."""
    from django.db import connections

    from wumei.audit import guards

    connection = connections[using]
    tables = set(connection.introspection.table_names())
    if {guards.EVENTS, guards.CHECKPOINTS} <= tables:
        guards.install(connection)
