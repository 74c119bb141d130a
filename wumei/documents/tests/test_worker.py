"""The job worker for real: a huey consumer against a queue file renders what a request queued."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import OperationalError, connection

from wumei.documents import services
from wumei.documents.models import Rendition

TIMEOUT = 60


def wait_until_ready(pk: int) -> Rendition:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            rendition = Rendition.objects.get(pk=pk)
        except OperationalError:  # SQLite's shared in-memory test database: a writer holds the table
            rendition = None
        if rendition is not None and rendition.status != Rendition.Status.PENDING:
            return rendition
        time.sleep(0.2)
    pytest.fail("the worker did not render the document in time")


@pytest.mark.django_db(transaction=True)
def test_a_consumer_thread_renders_the_queued_document(world, project_note, real_queue):
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    consumer = real_queue.create_consumer(
        workers=1, worker_type="thread", periodic=False, initial_delay=0.1, max_delay=0.5, check_worker_health=False
    )
    consumer.start()
    try:
        requested = services.request_rendition("project_note", world.project.pk, "pdf")
        rendition = wait_until_ready(requested.pk)
    finally:
        consumer.stop(graceful=True)
        for sig, handler in saved.items():
            signal.signal(sig, handler)
    assert rendition.status == Rendition.Status.READY
    assert rendition.content.read().startswith(b"%PDF")
    assert real_queue.pending_count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_run_huey_command_renders_the_queued_document(world, project_note, tmp_path, settings):
    """`wumei run_huey` in its own process, sharing the queue file and the (PostgreSQL) test database."""
    if connection.vendor != "postgresql":
        pytest.skip("a second process cannot open SQLite's in-memory test database")
    from huey.storage import SqliteStorage

    from wumei.documents.tasks import HUEY

    queue = tmp_path / "huey.sqlite3"
    saved = HUEY.storage
    HUEY._immediate = False
    HUEY.storage = SqliteStorage(name="wumei", filename=str(queue))
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "WUMEI_DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "WUMEI_HUEY_FILE": str(queue),
        "WUMEI_HUEY_IMMEDIATE": "0",
        "WUMEI_MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "wumei.documents.tests.worker_main"], env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        requested = services.request_rendition("project_note", world.project.pk, "docx")
        rendition = wait_until_ready(requested.pk)
    finally:
        HUEY.storage = saved
        HUEY._immediate = True
        worker.send_signal(signal.SIGINT)
        try:
            output = worker.communicate(timeout=30)[0].decode(errors="replace")
        except subprocess.TimeoutExpired:
            worker.kill()
            output = worker.communicate()[0].decode(errors="replace")
    assert rendition.status == Rendition.Status.READY, output
    assert rendition.content.read().startswith(b"PK")


@pytest.mark.django_db(transaction=True)
def test_two_workers_rendering_the_same_document_at_once_store_it_once(world, project_note):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite's in-memory test database locks whole tables)")
    import threading

    from django.db import connections

    barrier = threading.Barrier(2)
    results, errors = [], []

    def work():
        try:
            barrier.wait(timeout=10)
            results.append(services.render_rendition("project_note", world.project.pk, "pdf").pk)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT)
    assert errors == []
    assert len(set(results)) == 1
    rendition = Rendition.objects.get()
    assert rendition.status == Rendition.Status.READY
    assert rendition.content.read().startswith(b"%PDF")


def test_a_redis_url_selects_the_redis_queue():
    """WUMEI_HUEY_URL=redis://… gives huey.RedisHuey, or, without the redis package, a clear message."""
    import importlib.util

    code = (
        "import django; django.setup(); from huey.contrib.djhuey import HUEY; "
        "print(type(HUEY).__name__, HUEY.storage.__class__.__name__)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "wumei.config.settings",
           "WUMEI_HUEY_URL": "redis://127.0.0.1:6399/3", "WUMEI_HUEY_IMMEDIATE": "0"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)  # noqa: S603
    if importlib.util.find_spec("redis") is None:
        assert done.returncode != 0
        assert "未安装 redis 软件包" in done.stderr
    else:
        assert done.stdout.split() == ["RedisHuey", "RedisStorage"], done.stderr


def test_by_default_the_queue_is_a_sqlite_file_under_var(tmp_path):
    code = "import django; django.setup(); from huey.contrib.djhuey import HUEY; print(type(HUEY).__name__, HUEY.storage.filename)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "wumei.config.settings", "WUMEI_VAR_DIR": str(tmp_path),
           "WUMEI_HUEY_IMMEDIATE": "0"}
    env.pop("WUMEI_HUEY_URL", None)
    env.pop("WUMEI_HUEY_FILE", None)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)  # noqa: S603
    assert done.stdout.split() == ["SqliteHuey", str(tmp_path / "huey.sqlite3")], done.stderr
