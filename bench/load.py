"""Daily-report submissions under load: N concurrent clients POST daily reports through the API.

    # 1. On a scratch database (never production): give each project's liaison an API token, print the plan.
    python bench/load.py prepare --database-url sqlite:////tmp/load.sqlite3 --clients 50 > /tmp/plan.json
    # 2. Against a server on the loopback (gunicorn …): 50 clients for 20 seconds.
    python bench/load.py run --url http://127.0.0.1:8000 --plan /tmp/plan.json --clients 50 --seconds 20

Each client is one liaison (a bearer token of the API, `wumei.api`) submitting today's report of one project
again and again: `POST /api/v1/projects/{id}/daily-reports`, the same cumulative investment and stage as the
project's last record (always valid), a new 形象进度 text each time (so every submission is a real update:
a revision, a progress row and audit events). A submission is ACKNOWLEDGED when the server answered 200/201
with the report: its id, revision and text are kept (the crash test checks each of them is in the database).

`run` prints submissions per second, p50/p95 latency of the acknowledged submissions and the error count
(`--json FILE` writes them with the acknowledgements). The standard library only; loopback addresses only.
"""

import argparse
import dataclasses
import http.client
import ipaddress
import json
import os
import sys
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

LOOPBACK_NAMES = {"localhost"}
DEFAULT_CLIENTS = 50
API = "/api/v1"


# ------------------------------------------------------------------------------------------------ prepare

def prepare(clients: int = DEFAULT_CLIENTS) -> dict:
    """The plan (needs Django set up on the target database): up to `clients` projects whose plain
    resubmission is valid today, each with a token of one of its unit's liaisons (accounts are created for
    liaisons who have none, without a password: they sign in through the API only). Writes tokens, accounts
    and their audit events: run it on a scratch database."""
    import secrets

    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from wumei.api.services import create_api_token
    from wumei.audit.services import record
    from wumei.daily import queries as daily_queries
    from wumei.daily import rules as daily_rules
    from wumei.org.models import Role, RoleAssignment
    from wumei.projects.models import Project
    from wumei.projects.queries import can_edit

    today = timezone.localdate()
    User = get_user_model()
    liaisons: dict[int, list] = {}
    for ra in (RoleAssignment.objects.filter(role=Role.LIAISON, unit__isnull=False)
               .select_related("person__user", "person__region").order_by("unit_id", "person_id")):
        liaisons.setdefault(ra.unit_id, []).append(ra.person)
    hq = {ra.region_id: ra.person.user for ra in RoleAssignment.objects.filter(
        role=Role.HQ_OFFICE, person__user__is_active=True).select_related("person__user").order_by("-person_id")}
    tokens: dict[int, str] = {}
    assignments = []
    used: Counter = Counter()
    with transaction.atomic():
        for project in Project.objects.select_related("county").order_by("pk"):
            if len(assignments) >= clients:
                break
            cumulative = daily_queries.latest_cumulative(project, today)
            if project.daily_reports.filter(report_on__gt=today).exists() or daily_rules.report_errors(
                    cumulative=cumulative or 0, stage=project.stage,
                    baseline=daily_rules.Baseline(cumulative, project.stage, project.total_investment)):
                continue
            people = liaisons.get(project.responsible_unit_id, [])
            user = None
            if people:
                person = people[used[project.responsible_unit_id] % len(people)]
                used[project.responsible_unit_id] += 1
                if person.user is None:
                    username = f"load_{person.pk}"
                    user = User.objects.filter(username=username).first() or User.objects.create_user(username)
                    person.user = user
                    person.save(update_fields=["user"])
                    record(None, "user.create", user, after={"username": username, "person": person.pk},
                           note="压力测试账号（仅接口令牌，无密码）", region_code=person.region.code)
                user = person.user
            if user is None or not user.is_active or not can_edit(user, project):
                user = hq.get(project.county_id)
            if user is None or not can_edit(user, project):
                continue
            if user.pk not in tokens:
                tokens[user.pk] = create_api_token(None, user, f"压力测试 {secrets.token_hex(3)}")[1]
            assignments.append({"project": project.pk, "user": user.get_username(), "token": tokens[user.pk],
                                "stage": project.stage,
                                "cumulative_wan": format(cumulative if cumulative is not None else 0, "f")})
    return {"report_on": today.isoformat(), "assignments": assignments}


# ------------------------------------------------------------------------------------------------ run

@dataclasses.dataclass
class Result:
    clients: int = 0
    seconds: float = 0.0
    acknowledged: list[dict] = dataclasses.field(default_factory=list)  # {report, revision, project, text, status}
    latencies: list[float] = dataclasses.field(default_factory=list)  # seconds, of the acknowledged submissions
    errors: Counter = dataclasses.field(default_factory=Counter)  # kind → count
    samples: list[str] = dataclasses.field(default_factory=list)  # the first few refusals, for the reader

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def percentile(self, fraction: float) -> float | None:
        if not self.latencies:
            return None
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]

    def summary(self) -> dict:
        p50, p95 = self.percentile(0.5), self.percentile(0.95)
        return {
            "clients": self.clients, "seconds": round(self.seconds, 2), "acknowledged": len(self.acknowledged),
            "per_second": round(len(self.acknowledged) / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": None if p50 is None else round(p50 * 1000, 1),
            "p95_ms": None if p95 is None else round(p95 * 1000, 1),
            "errors": self.error_count, "errors_by_kind": dict(self.errors), "error_samples": self.samples,
        }


def check_loopback(url: str) -> urllib.parse.SplitResult:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise ValueError(f"只支持 http://回环地址:端口：{url}")
    host = parts.hostname
    if host not in LOOPBACK_NAMES:
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise ValueError(f"压力测试只允许回环地址（127.0.0.1、::1、localhost），不能对 {host} 施压")
    return parts


def submit(parts: urllib.parse.SplitResult, assignment: dict, text: str, timeout: float) -> tuple[int, dict | str]:
    """One submission: (HTTP status, the parsed body or the error text)."""
    body = json.dumps({"image_progress": text, "cumulative_investment_wan": assignment["cumulative_wan"],
                       "stage": assignment["stage"]}, ensure_ascii=False).encode()
    conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
    try:
        conn.request("POST", f"{parts.path.rstrip('/')}{API}/projects/{assignment['project']}/daily-reports",
                     body=body, headers={"Authorization": f"Bearer {assignment['token']}",
                                         "Content-Type": "application/json", "Connection": "close"})
        response = conn.getresponse()
        raw = response.read()
    finally:
        conn.close()
    try:
        return response.status, json.loads(raw)
    except ValueError:
        return response.status, raw[:200].decode(errors="replace")


def run(url: str, plan: dict, *, clients: int = DEFAULT_CLIENTS, seconds: float = 20.0, label: str = "",
        stop: threading.Event | None = None, timeout: float = 30.0, result: Result | None = None) -> Result:
    """`clients` threads submitting for `seconds` (or until `stop` is set); client i drives assignment
    i mod len(plan). Connection failures (a server down) count as errors and are retried after a pause.
    Pass `result` to watch it fill while the load runs (the crash test does)."""
    parts = check_loopback(url)
    assignments = plan["assignments"]
    if not assignments:
        raise ValueError("计划中没有可报送的项目")
    label = label or f"{os.getpid()}-{int(time.time())}"
    stop = stop or threading.Event()
    result = result or Result()
    result.clients = clients
    lock = threading.Lock()
    began = time.monotonic()
    deadline = began + seconds

    def client(index: int) -> None:
        assignment = assignments[index % len(assignments)]
        n = 0
        while not stop.is_set() and time.monotonic() < deadline:
            n += 1
            text = f"压力测试 {label} 客户端{index:02d} 第{n}次"
            start = time.monotonic()
            try:
                status, body = submit(parts, assignment, text, timeout)
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    result.errors[type(exc).__name__] += 1
                stop.wait(0.2)
                continue
            elapsed = time.monotonic() - start
            if status in (200, 201) and isinstance(body, dict) and body.get("image_progress") == text:
                ack = {"report": body["id"], "revision": body["revision"], "project": assignment["project"],
                       "text": text, "status": status}
                with lock:
                    result.acknowledged.append(ack)
                    result.latencies.append(elapsed)
            else:
                with lock:
                    result.errors[f"HTTP {status}"] += 1
                    if len(result.samples) < 5:
                        result.samples.append(f"HTTP {status}: {str(body)[:300]}")
                stop.wait(0.05)

    threads = [threading.Thread(target=client, args=(i,), name=f"load-{i}", daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - began
    return result


# ------------------------------------------------------------------------------------------------ command

def _setup_django(database_url: str) -> None:
    os.environ["WUMEI_DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wumei.config.settings")
    import django

    django.setup()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="日报报送压力测试（仅回环地址）")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare", help="在临时数据库中为各项目的联络员签发接口令牌，输出压测计划（JSON）")
    p.add_argument("--database-url", required=True)
    p.add_argument("--clients", type=int, default=DEFAULT_CLIENTS)
    r = sub.add_parser("run", help="按计划并发报送日报，输出每秒报送数、p50/p95 延迟与错误数")
    r.add_argument("--url", required=True, help="如 http://127.0.0.1:8000")
    r.add_argument("--plan", required=True, type=Path)
    r.add_argument("--clients", type=int, default=DEFAULT_CLIENTS)
    r.add_argument("--seconds", type=float, default=20.0)
    r.add_argument("--json", type=Path, help="结果（含全部已确认的报送）写入此文件")
    args = parser.parse_args(argv)
    if args.command == "prepare":
        _setup_django(args.database_url)
        json.dump(prepare(args.clients), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    try:
        result = run(args.url, json.loads(args.plan.read_text(encoding="utf-8")), clients=args.clients,
                     seconds=args.seconds)
    except ValueError as exc:
        parser.error(str(exc))
    summary = result.summary()
    print(json.dumps(summary, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps({**summary, "acknowledged_submissions": result.acknowledged},
                                        ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0 if result.acknowledged and not result.error_count else 1


if __name__ == "__main__":
    sys.exit(main())
