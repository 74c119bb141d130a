"""Loaded by `wumei run_huey` (huey autodiscovers each app's tasks module): the worker's heartbeat.

One heartbeat thread per worker process, started by the first worker thread; it writes the record of
wumei.ops.heartbeat every WUMEI_WORKER_HEARTBEAT_SECONDS. A graceful stop marks the record stopped.
"""

import logging
import threading

from huey.contrib.djhuey import HUEY

from wumei.ops import conf, heartbeat

log = logging.getLogger(__name__)

_lock = threading.Lock()
_stop = threading.Event()
_thread: threading.Thread | None = None


def _beat_until_stopped() -> None:
    interval = max(conf.worker_heartbeat_seconds(), 0.2)
    while not _stop.is_set():
        try:
            heartbeat.beat(HUEY.storage)
        except Exception:  # the queue's storage may be briefly unreachable: keep beating
            log.exception("could not write the worker heartbeat")
        _stop.wait(interval)


@HUEY.on_startup("wumei_ops_heartbeat")
def start_heartbeat() -> None:
    global _thread
    if HUEY.immediate:
        return
    with _lock:
        if _thread is not None and _thread.is_alive():
            return
        _stop.clear()
        _thread = threading.Thread(target=_beat_until_stopped, name="wumei-heartbeat", daemon=True)
        _thread.start()


@HUEY.on_shutdown("wumei_ops_heartbeat")
def stop_heartbeat() -> None:
    if HUEY.immediate:
        return
    with _lock:
        _stop.set()
        if _thread is not None:
            _thread.join(timeout=5)
        try:
            heartbeat.mark_stopped(HUEY.storage)
        except Exception:
            log.exception("could not mark the worker heartbeat stopped")
