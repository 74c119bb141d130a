"""The job worker's heartbeat: how /healthz knows a `wumei run_huey` is alive.

Each running worker process writes, every WUMEI_WORKER_HEARTBEAT_SECONDS (15), one small JSON record into the
queue's own storage (the Redis hash or the SQLite file huey already uses): the time, its host and pid. There is
one record for the whole installation — the newest beat of any worker wins — so with workers on several
machines the check passes while at least one of them is alive. A worker stopping gracefully (SIGINT, SIGTERM
from systemd) marks the record "stopped" if the record is its own; a worker killed outright simply stops
beating and the record goes stale.

`worker_problem` is the rule, pure: given the record and the time, what is wrong (None when nothing).
"""

import json
import os
import socket
import time

from huey.constants import EmptyData

KEY = "wumei.ops.worker-heartbeat"
RUNNING = "running"
STOPPED = "stopped"


def _me() -> dict:
    return {"host": socket.gethostname(), "pid": os.getpid()}


def read(storage) -> dict | None:
    """The current record, or None when no worker ever beat (or the record is not ours to read)."""
    raw = storage.peek_data(KEY)
    if raw is EmptyData or raw is None:
        return None
    try:
        record = json.loads(raw)
    except (TypeError, ValueError):
        return None
    return record if isinstance(record, dict) and isinstance(record.get("at"), int | float) else None


def beat(storage, now: float | None = None) -> dict:
    record = {"at": time.time() if now is None else now, "state": RUNNING, **_me()}
    storage.put_data(KEY, json.dumps(record).encode())
    return record


def mark_stopped(storage, now: float | None = None) -> bool:
    """Say this worker stopped — only if the newest beat is its own (another machine's worker may be alive)."""
    current = read(storage)
    me = _me()
    if current is not None and (current.get("host"), current.get("pid")) != (me["host"], me["pid"]):
        return False
    record = {"at": time.time() if now is None else now, "state": STOPPED, **me}
    storage.put_data(KEY, json.dumps(record).encode())
    return True


def seconds_since(record: dict | None, now: float) -> int | None:
    return None if record is None else max(0, int(now - record["at"]))


def worker_problem(record: dict | None, now: float, max_age: int) -> str | None:
    """What is wrong with the workers according to the heartbeat record (Chinese), or None."""
    if record is None:
        return "没有任务处理进程（wumei run_huey）的心跳：处理进程从未启动"
    age = seconds_since(record, now)
    if record.get("state") == STOPPED:
        return f"任务处理进程（wumei run_huey）已停止（{age} 秒前）"
    if age > max_age:
        return f"任务处理进程（wumei run_huey）已 {age} 秒没有心跳（上限 {max_age} 秒），可能已停止或卡住"
    return None
