"""The deployment tests: real server processes (gunicorn, `wumei run_huey`) on a scratch database.

The scratch database follows the suite's: a SQLite file when the suite runs on SQLite, a PostgreSQL database
named after the suite's (`test_<name>_server`, dropped afterwards) when it runs on PostgreSQL; pytest's own test
database is never touched. It is built once per session (tests/deploy/build_server_db.py: migrate, the demo
county, the load tool's tokens, an account to sign in with) and shared by the crash and deployment tests.
"""

import json
import secrets
import subprocess
import sys
import urllib.parse

import pytest

from tests.deploy.servers import CLIENTS, PASSWORD, ROOT, ServerDatabase, pg_admin


def pytest_configure(config):
    config.addinivalue_line("markers", "deploy: starts real server processes (gunicorn, run_huey); `-m deploy`")


@pytest.fixture(scope="session")
def server_db(tmp_path_factory):
    from django.conf import settings

    default = settings.DATABASES["default"]
    var_dir = tmp_path_factory.mktemp("server-var")
    pg = None
    if default["ENGINE"] == "django.db.backends.postgresql":
        import psycopg

        vendor = "postgresql"
        base = str(default["NAME"]).removeprefix("test_")  # pytest-django may have renamed it already
        pg = {**pg_admin(default), "dbname": f"test_{base}_server"}
        with psycopg.connect(**{**pg, "dbname": "postgres"}, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{pg["dbname"]}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{pg["dbname"]}"')
        auth = pg["user"] + (f":{urllib.parse.quote(pg['password'])}" if "password" in pg else "")
        url = f"postgres://{auth}@{pg['host']}:{pg['port']}/{pg['dbname']}"
        sqlite_path = None
    else:
        vendor = "sqlite"
        sqlite_path = var_dir / "server.sqlite3"
        url = f"sqlite:///{sqlite_path}"
    db = ServerDatabase(vendor, url, var_dir, {}, "", PASSWORD, None, sqlite_path, pg)
    done = subprocess.run([sys.executable, str(ROOT / "tests" / "deploy" / "build_server_db.py"), str(CLIENTS),
                           PASSWORD], env=db.env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    built = json.loads(done.stdout)
    db.plan, db.username, db.bulletin = built["plan"], built["username"], built["bulletin"]
    yield db
    if pg is not None:
        import psycopg

        with psycopg.connect(**{**pg, "dbname": "postgres"}, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{pg["dbname"]}" WITH (FORCE)')




@pytest.fixture
def redis_url():
    """A Redis database of its own (1–15, claimed with a key that expires), its huey queue emptied; skips
    when no Redis answers on 127.0.0.1:6379."""
    import redis
    from huey import RedisHuey

    claim, token = "wumei-deploy-test-claim", secrets.token_hex(8)
    for number in range(1, 16):
        client = redis.Redis(host="127.0.0.1", port=6379, db=number, socket_connect_timeout=2)
        try:
            claimed = client.set(claim, token, nx=True, ex=600)
        except redis.ConnectionError as exc:
            pytest.skip(f"Redis 不可用（127.0.0.1:6379）：{exc}")
        if claimed:
            break
    else:
        pytest.skip("Redis 的 1–15 号数据库都被其他测试占用")
    url = f"redis://127.0.0.1:6379/{number}"
    RedisHuey("wumei", url=url).storage.flush_all()  # the name settings.HUEY gives the queue
    yield url
    RedisHuey("wumei", url=url).storage.flush_all()
    if client.get(claim) == token.encode():
        client.delete(claim)
