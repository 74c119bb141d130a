"""Helpers of the deployment tests: the scratch database, gunicorn, HTTP on the loopback, the load tool."""

import dataclasses
import http.client
import importlib.util
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PASSWORD = "Deploy#Check-" + secrets.token_hex(4)
SECRET_KEY = secrets.token_urlsafe(50)
CLIENTS = 50


def load_tool():
    """bench/load.py as a module (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("bench_load", ROOT / "bench" / "load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""


# ------------------------------------------------------------------------------------------- the database

@dataclasses.dataclass
class ServerDatabase:
    vendor: str  # "sqlite" | "postgresql"
    url: str
    var_dir: Path
    plan: dict
    username: str
    password: str
    bulletin: int | None
    sqlite_path: Path | None = None
    pg: dict | None = None

    @property
    def env(self) -> dict[str, str]:
        """Production settings: debug and demo off, a real secret key, the scratch database and var/."""
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("WUMEI_") and k not in ("DJANGO_SETTINGS_MODULE", "PYTEST_CURRENT_TEST")}
        env.update(DJANGO_SETTINGS_MODULE="wumei.config.settings", WUMEI_DATABASE_URL=self.url,
                   WUMEI_VAR_DIR=str(self.var_dir), WUMEI_DEBUG="0", WUMEI_DEMO="0",
                   WUMEI_SECRET_KEY=SECRET_KEY, WUMEI_HEALTH_MIN_FREE_MB="1")
        return env

    def connect(self):
        """A raw DB-API connection to the scratch database (the checks read it without Django)."""
        if self.vendor == "sqlite":
            import sqlite3

            return sqlite3.connect(self.sqlite_path)
        import psycopg

        return psycopg.connect(**self.pg, autocommit=True)

    @property
    def placeholder(self) -> str:
        return "?" if self.vendor == "sqlite" else "%s"


def pg_admin(settings_dict: dict) -> dict:
    params = {"host": settings_dict.get("HOST") or "127.0.0.1", "port": settings_dict.get("PORT") or 5432,
              "user": settings_dict.get("USER") or "postgres"}
    if settings_dict.get("PASSWORD"):
        params["password"] = settings_dict["PASSWORD"]
    return params


# ------------------------------------------------------------------------------------------- processes

def http_get(url: str, *, headers: dict | None = None, timeout: float = 30) -> tuple[int, dict, bytes]:
    """(status, headers with lower-case names, body); Set-Cookie headers are joined with a newline."""
    parts = urllib.parse.urlsplit(url)
    return http_request("GET", parts.hostname, parts.port, parts.path + (f"?{parts.query}" if parts.query else ""),
                        headers=headers, timeout=timeout)


def http_request(method: str, host: str, port: int, path: str, *, body: bytes | None = None,
                 headers: dict | None = None, timeout: float = 30) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        found: dict[str, str] = {}
        for name, value in response.getheaders():
            key = name.lower()
            found[key] = f"{found[key]}\n{value}" if key in found else value
        return response.status, found, data
    finally:
        conn.close()


class Gunicorn:
    """`gunicorn wumei.config.wsgi` with two workers on a loopback port, as the systemd unit starts it."""

    def __init__(self, env: dict[str, str], log: Path, port: int | None = None, workers: int = 2,
                 preload: bool = False):
        self.env, self.log, self.port, self.workers = env, log, port or free_port(), workers
        self.preload = preload  # load the application once in the master: quicker starts (no HUP reload)
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 90) -> "Gunicorn":
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(BIN / "gunicorn"), "wumei.config.wsgi", "--workers", str(self.workers),
                 "--bind", f"127.0.0.1:{self.port}", "--timeout", "60", "--graceful-timeout", "10",
                 *(["--preload"] if self.preload else [])],
                env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited with {self.process.returncode}:\n{tail(self.log)}")
            try:
                http_get(f"{self.url}/healthz", timeout=timeout)
                return self
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"gunicorn did not answer within {timeout} s:\n{tail(self.log)}")

    def worker_pids(self) -> list[int]:
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children")
        return [int(p) for p in children.read_text().split()] if children.exists() else []

    def kill_all(self) -> list[int]:
        """SIGKILL the master and every worker at once: no shutdown code runs anywhere."""
        victims = [self.process.pid, *self.worker_pids()]
        for pid in victims:
            os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in victims) and time.monotonic() < deadline:
            time.sleep(0.05)
        return victims

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill_all()


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for its parent to reap it counts as dead: it holds no socket)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in ("Z", "X")


def wumei(args: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "wumei"), *args], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)
