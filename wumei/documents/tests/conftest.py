"""Fixtures for the documents tests: a registered document kind over projects, files in a temporary
media folder, and the command-line PDF tools (poppler-utils)."""

import shutil
import subprocess
from pathlib import Path

import pytest

from wumei.documents.registry import register_builder, unregister_builder
from wumei.documents.types import OfficialDocument

POPPLER = ("pdfinfo", "pdffonts", "pdftotext", "pdftoppm")


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def huey_immediate():
    """Tasks run at once in tests (the worker test switches to a real queue itself)."""
    from wumei.documents.tasks import HUEY

    assert HUEY.immediate, "tests run huey in immediate mode (settings.HUEY_IMMEDIATE)"
    yield HUEY


def run_tool(*args: str | Path, binary: bool = False):
    """Run one poppler tool and return its output."""
    if shutil.which(str(args[0])) is None:
        pytest.fail(f"{args[0]} missing: apt-get install poppler-utils")
    done = subprocess.run([str(a) for a in args], capture_output=True, check=True)  # noqa: S603
    return done.stdout if binary else done.stdout.decode()


@pytest.fixture
def project_note():
    """The "project_note" kind registered (see kinds.py); yields its state to change its content."""
    from wumei.documents.tests import kinds

    kinds.state.update(builds=0, extra_paragraph="")
    register_builder("project_note", kinds.build_project_note, can_view=kinds.project_note_visible, label="提醒函")
    yield kinds.state
    unregister_builder("project_note")


@pytest.fixture
def real_queue(tmp_path, huey_immediate):
    """Switch huey from immediate mode to a real SQLite queue file for one test."""
    from huey.storage import SqliteStorage

    huey = huey_immediate
    saved = huey.storage
    huey._immediate = False  # not the setter: it would rebuild the configured storage under var/
    huey.storage = SqliteStorage(name="wumei-test", filename=str(tmp_path / "huey.sqlite3"))
    yield huey
    huey.storage = saved
    huey._immediate = True


@pytest.fixture
def broken_kind():
    """A kind whose document cannot be rendered (its blocks are not a sequence)."""
    calls = {"builds": 0}

    def build(object_id: int) -> OfficialDocument:
        calls["builds"] += 1
        return OfficialDocument(issuer="示范县人民政府", title="无法排版的公文", blocks=None)

    register_builder("broken", build, can_view=lambda user, object_id: True)
    yield calls
    unregister_builder("broken")
