"""Helpers for the audit log's tests: raw SQL that goes around the ORM (and, where said, the triggers)."""

import pytest
from django.db import connection

from wumei.audit import guards


class RawSQL:
    """What someone with direct database access could do."""

    def run(self, sql: str, params: list | None = None) -> int:
        with connection.cursor() as cursor:
            cursor.execute(sql, params or [])
            return cursor.rowcount

    def without_guards(self, sql: str, params: list | None = None) -> int:
        """Drop the append-only triggers (as the table's owner could), run `sql`, put them back."""
        guards.remove(connection)
        try:
            return self.run(sql, params)
        finally:
            guards.install(connection)


@pytest.fixture
def raw_sql():
    return RawSQL()

