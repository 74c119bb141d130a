"""Fixtures of the exchange's tests, on top of the root conftest's `county` and `world`."""

import datetime

import pytest

TODAY = datetime.date(2023, 9, 25)


@pytest.fixture
def run_import(county):
    """Import workbook bytes into the `county` fixture as the system, on a fixed today."""
    from wumei.exchange.services import import_projects

    def run(data: bytes, **options):
        options.setdefault("county", county)
        options.setdefault("today", TODAY)
        options.setdefault("filename", "调度表.xlsx")
        return import_projects(None, data, **options)

    return run
