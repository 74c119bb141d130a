"""The deployment of docs/deploy.md on this machine: `wumei collectstatic`, gunicorn (two workers) and a
`wumei run_huey` worker on Redis, the suite's kind of database (PostgreSQL in CI's second run), production
settings (debug and demo off, a real secret key).

/healthz checks database, disk and queue; the static files come from the application itself (WhiteNoise:
hashed names, compressed, cached a year — no Node, no CDN); a job goes through Redis to the worker and its
result comes back to the browser; when the worker stops, /healthz says so.
"""

import hashlib
import json
import re
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.deploy.servers import BIN, ROOT, Gunicorn, http_get, http_request, tail, wumei

pytestmark = [pytest.mark.deploy, pytest.mark.slow]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
A_YEAR = 365 * 24 * 3600


def collect_static(env: dict[str, str], var_dir: Path) -> None:
    """`wumei collectstatic` into var/static. Compressing the vendored libraries takes seconds, so the result
    is kept in the temporary folder under a digest of every static file and of the settings (a second run on
    the other database reuses it)."""
    digest = hashlib.sha256()
    sources = [ROOT / "wumei" / "config" / "settings.py", ROOT / "wumei" / "ops" / "staticfiles.py",
               *sorted(p for p in (ROOT / "wumei").glob("**/static/**/*") if p.is_file())]
    for path in sources:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    cache = Path(tempfile.gettempdir()) / f"wumei-deploy-static-{digest.hexdigest()[:16]}"
    target = var_dir / "static"
    if not cache.is_dir():
        done = wumei(["collectstatic", "--no-input", "-v0"], env, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        partial = cache.with_name(cache.name + f".{time.monotonic_ns()}")
        shutil.copytree(target, partial)
        try:
            partial.rename(cache)
        except OSError:  # another run got there first
            shutil.rmtree(partial, ignore_errors=True)
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(cache, target)


def health(server: Gunicorn) -> tuple[int, dict]:
    status, _, body = http_get(f"{server.url}/healthz")
    return status, json.loads(body)


def wait_for_health(server: Gunicorn, expected: int, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        status, body = health(server)
        if status == expected:
            return body
        if time.monotonic() > deadline:
            raise AssertionError(f"/healthz answered {status}, not {expected}: {body}")
        time.sleep(0.25)


class Browser:
    """Cookies by hand: the production cookies are Secure, which http.cookiejar keeps off plain HTTP (nginx
    terminates TLS in front of gunicorn; here we talk to gunicorn directly)."""

    def __init__(self, server: Gunicorn):
        self.server, self.cookies = server, {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, dict, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, found, data = http_request(method, "127.0.0.1", self.server.port, path, body=body, headers=headers)
        for line in found.get("set-cookie", "").splitlines():
            name, _, value = line.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        return status, found, data

    def sign_in(self, username: str, password: str) -> None:
        status, _, page = self.request("GET", "/login/")
        assert status == 200
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        status, found, page = self.request("POST", "/login/", {"username": username, "password": password,
                                                               "csrfmiddlewaretoken": token})
        assert status == 302 and "sessionid" in self.cookies, (status, page[:2000].decode(errors="replace"))


def test_gunicorn_and_a_huey_worker_on_redis_serve_the_system(server_db, redis_url, tmp_path):
    assert server_db.bulletin, "the demo county has a supervision bulletin to render"
    env = {**server_db.env, "WUMEI_HUEY_URL": redis_url, "WUMEI_WORKER_HEARTBEAT_SECONDS": "1",
           "WUMEI_HEALTH_WORKER_MAX_AGE": "10"}
    collect_static(env, server_db.var_dir)
    worker_log = (tmp_path / "worker.log").open("wb")
    worker = subprocess.Popen([str(BIN / "wumei"), "run_huey"], env=env, cwd=ROOT, stdout=worker_log,
                              stderr=subprocess.STDOUT)
    server = Gunicorn(env, tmp_path / "gunicorn.log")
    try:
        server.start()
        # Healthy: the database answers, the disk has room, Redis takes a write and the worker beats.
        body = wait_for_health(server, 200, 60)
        assert body["checks"] == {"database": "ok", "disk": "ok", "queue": "ok"}
        assert body["queue"]["backend"] == "redis" and body["queue"]["pending"] == 0
        assert 0 <= body["queue"]["worker_seen_seconds_ago"] <= 10

        # Static files: from gunicorn itself, under content-hashed names, compressed, cached for a year.
        browser = Browser(server)
        _, _, page = browser.request("GET", "/login/")
        htmx = re.search(rb'src="(/static/vendor/htmx/htmx\.min[^"]*\.js)"', page).group(1).decode()
        assert re.fullmatch(r"/static/vendor/htmx/htmx\.min\.[0-9a-f]{12}\.js", htmx), (
            f"{htmx}: static files need hashed names to be cached long — settings.STORAGES['staticfiles'] "
            "must be wumei.ops.staticfiles.StaticFilesStorage (docs/deploy.md, 静态文件)")
        status, headers, script = http_get(server.url + htmx, headers={"Accept-Encoding": "gzip"})
        assert status == 200 and "javascript" in headers["content-type"]
        assert headers.get("content-encoding") == "gzip" and script[:2] == b"\x1f\x8b"
        cache = dict(re.findall(r"([\w-]+)(?:=(\d+))?", headers["cache-control"]))
        assert int(cache["max-age"]) >= A_YEAR and "immutable" in cache, headers["cache-control"]

        # A job through Redis: a signed-in user asks for a bulletin as .docx; the worker renders it.
        browser.sign_in(server_db.username, server_db.password)
        path = f"/documents/download/?kind=bulletin&id={server_db.bulletin}&fmt=docx"
        status, _, page = browser.request("GET", path)
        assert status == 202, page[:500]
        deadline = time.monotonic() + 60
        while (status := browser.request("GET", path + "&wait=1")[0]) == 202 and time.monotonic() < deadline:
            time.sleep(0.25)
        assert status == 200, f"the worker did not render the document:\n{tail(tmp_path / 'worker.log')}"
        status, headers, document = browser.request("GET", path)
        assert status == 200 and headers["content-type"] == DOCX and document[:2] == b"PK"

        # The worker stops (as systemd stops it: SIGINT, finish the task at hand): /healthz says so at once.
        worker.send_signal(signal.SIGINT)
        assert worker.wait(timeout=30) == 0, tail(tmp_path / "worker.log")
        status, body = health(server)
        assert status == 503
        assert body["checks"]["database"] == "ok" and body["checks"]["disk"] == "ok"
        assert body["checks"]["queue"].startswith("任务处理进程（wumei run_huey）已停止"), body
    finally:
        server.stop()
        if worker.poll() is None:
            worker.kill()
            worker.wait()
        worker_log.close()
