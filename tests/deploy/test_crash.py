"""Nothing lost (issue 7): daily reports submitted by 50 clients while the whole server — the gunicorn master
and its workers — is killed with SIGKILL and started again. Afterwards every acknowledged submission is in
the database, and no report is half-written.

"Acknowledged" is an HTTP 200/201 carrying the report back (bench/load.py keeps its id, revision and text).
"Whole" is what a submission writes in one transaction: the report at its revision, the project's progress
row of the day with the same text, and one audit event per revision — the log still a sound hash chain.
"""

import json
import threading
import time

import pytest

from tests.deploy.servers import CLIENTS, Gunicorn, load_tool, wumei

pytestmark = [pytest.mark.deploy, pytest.mark.slow]

ACKS_PER_PHASE = 20  # acknowledged submissions before the kill, and again after the restart
CUT_CONNECTIONS = {"ConnectionResetError", "RemoteDisconnected", "BrokenPipeError", "IncompleteRead"}


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def database_state(db, report_on: str, project_ids: list[int]):
    """The day's reports of the load's projects, their submission events and progress rows, read raw."""
    from wumei.audit.models import AuditEvent
    from wumei.daily.models import DailyReport
    from wumei.projects.models import Progress

    p = db.placeholder
    ids = ", ".join([p] * len(project_ids))
    conn = db.connect()
    try:
        cursor = conn.cursor()
        cursor.execute(f"SELECT id, project_id, revision, image_progress FROM {DailyReport._meta.db_table} "  # noqa: S608 — table names from the models, values bound
                       f"WHERE report_on = {p} AND project_id IN ({ids})", [report_on, *project_ids])
        reports = {row[0]: {"project": row[1], "revision": row[2], "text": row[3]} for row in cursor.fetchall()}
        cursor.execute(f"SELECT object_id, action, after FROM {AuditEvent._meta.db_table} "  # noqa: S608
                       f"WHERE object_type = {p} AND action IN ({p}, {p})",
                       [DailyReport._meta.label_lower, "daily.submit", "daily.resubmit"])
        events: dict[int, list[dict]] = {}
        for object_id, action, after in cursor.fetchall():
            after = json.loads(after) if isinstance(after, str) else after
            events.setdefault(int(object_id), []).append({"action": action, **after})
        cursor.execute(f"SELECT project_id, image_progress FROM {Progress._meta.db_table} "  # noqa: S608
                       f"WHERE as_of = {p} AND project_id IN ({ids})", [report_on, *project_ids])
        progress = dict(cursor.fetchall())
    finally:
        conn.close()
    return reports, events, progress


def test_every_acknowledged_report_survives_sigkill_of_the_whole_server(server_db, tmp_path):
    load = load_tool()
    plan = server_db.plan
    assert len(plan["assignments"]) == CLIENTS
    log = tmp_path / "gunicorn.log"
    first = Gunicorn(server_db.env, log, preload=True).start()
    second = Gunicorn(server_db.env, log, port=first.port, preload=True)
    result, stop = load.Result(), threading.Event()
    loader = threading.Thread(target=load.run, args=(first.url, plan), daemon=True,
                              kwargs={"clients": CLIENTS, "seconds": 120, "label": "崩溃测试", "stop": stop,
                                      "result": result})
    loader.start()
    try:
        wait_for(lambda: len(result.acknowledged) >= ACKS_PER_PHASE, 60, "the first acknowledgements")
        killed = first.kill_all()
        before_the_kill = len(result.acknowledged)
        second.start()
        wait_for(lambda: len(result.acknowledged) >= before_the_kill + ACKS_PER_PHASE, 60,
                 "acknowledgements after the restart")
    finally:
        stop.set()
        loader.join(timeout=60)
        first.stop()
        second.stop()
    print(f"crash test on {server_db.vendor}: killed after {before_the_kill} acknowledgements;", result.summary())
    assert len(killed) == 3, "the master and both workers were killed"
    # The kill hit the load: submissions in flight lost their connection, and the server was down a while.
    assert CUT_CONNECTIONS & set(result.errors), result.summary()
    assert result.errors["ConnectionRefusedError"] > 0, result.summary()
    # Nothing but the crash made a submission fail.
    assert set(result.errors) <= CUT_CONNECTIONS | {"ConnectionRefusedError"}, result.summary()

    acks = result.acknowledged
    reports, events, progress = database_state(server_db, plan["report_on"],
                                               [a["project"] for a in plan["assignments"]])
    # Every acknowledged submission is there: the report at (at least) its revision, and the event of that
    # very submission (its revision and its text) in the audit log, written in the same transaction.
    lost = [a for a in acks if a["report"] not in reports or reports[a["report"]]["revision"] < a["revision"]
            or not any(e["revision"] == a["revision"] and e["image_progress"] == a["text"]
                       for e in events.get(a["report"], []))]
    assert lost == [], f"{len(lost)} of {len(acks)} acknowledged submissions are missing: {lost[:5]}"
    # Nothing is half-written: each report of the day has exactly one event per revision, 1…n, the last one
    # saying what the report says, and the project's progress row of the day says the same.
    assert {a["report"] for a in acks} <= set(reports)
    for report_id, report in reports.items():
        revisions = sorted(e["revision"] for e in events.get(report_id, []))
        assert revisions == list(range(1, report["revision"] + 1)), (report_id, report, revisions)
        last = max(events[report_id], key=lambda e: e["revision"])
        assert last["image_progress"] == report["text"], (report_id, report, last)
        assert progress.get(report["project"]) == report["text"], (report_id, report, progress.get(report["project"]))
    # And the audit log is still one unbroken hash chain.
    verified = wumei(["verify_audit"], server_db.env)
    assert verified.returncode == 0, verified.stdout + verified.stderr
