"""`make bench`: build the county / city / province scales and measure what the issue names.

Run once per database (the Makefile runs it on SQLite and on PostgreSQL); writes
bench/results/<db>.json and bench/results/<db>.md. These are measurements, not tests: nothing here
asserts a time.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def setup(database_url: str, var_dir: Path) -> None:
    os.environ["WUMEI_DATABASE_URL"] = database_url
    os.environ["WUMEI_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wumei.config.settings")
    os.environ["WUMEI_SECURE_COOKIES"] = "0"
    os.environ["WUMEI_STATIC_MANIFEST"] = "0"
    os.environ["WUMEI_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    import django

    django.setup()


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - start, value


def summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median_ms": round(statistics.median(ordered) * 1000, 1), "p95_ms": round(p95 * 1000, 1),
            "n": len(ordered)}


def measure_page(client, path: str, repeat: int) -> dict:
    """Server time of a page through Django's full stack, its query count, and the floor: the same SQL
    replayed bare on the same connection."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # warm caches and the connection
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    statements = [q["sql"] for q in ctx.captured_queries]
    page = [timed(client.get, path)[0] for _ in range(repeat)]

    def replay():
        with connection.cursor() as cursor:
            for sql in statements:
                if sql.lstrip().upper().startswith(("SELECT", "WITH")):
                    cursor.execute(sql)
                    cursor.fetchall()

    floor = [timed(replay)[0] for _ in range(repeat)]
    result = summary(page)
    result["queries"] = len(statements)
    result["floor_median_ms"] = summary(floor)["median_ms"]
    result["ratio_to_floor"] = round(result["median_ms"] / max(result["floor_median_ms"], 0.01), 1)
    return result


def run(db_name: str, scales: list[str], repeat: int) -> dict:
    from django.core.management import call_command
    from django.test import Client

    from wumei.demo import scales as demo_scales
    from wumei.projects.models import Project

    call_command("migrate", verbosity=0)
    results: dict = {"database": db_name, "scales": {}}
    for name in scales:
        seconds, loaded = timed(demo_scales.load_scale, name, seed=1, reset=True)
        province = loaded.province
        accounts = {a.username for a in loaded.accounts}
        top = "hq_province" if "hq_province" in accounts else f"hq_{province.code}"
        client = Client()
        from django.contrib.auth import get_user_model

        client.force_login(get_user_model().objects.get(username=top))
        count = Project.objects.filter(county__path__startswith=province.path).count()
        entry = {
            "projects": count, "load_s": round(seconds, 1), "account": top,
            "cockpit_cold": measure_cockpit_cold(province),
            "cockpit": measure_page(client, "/cockpit/", repeat),
            "registry_list": measure_page(client, "/projects/", repeat),
            "registry_search": measure_page(client, "/projects/?q=tcy&sort=-investment", repeat),
            "registry_filtered": measure_page(client, "/projects/?level=municipal&overdue=1&page=3", repeat),
        }
        some = Project.objects.filter(county__path__startswith=province.path).order_by("id").first()
        entry["project_detail"] = measure_page(client, f"/projects/{some.pk}/", repeat)
        entry["dekad_round"] = measure_dekad(province)
        if name == "province":
            entry["exchange"] = measure_exchange(province)
            entry["documents"] = measure_documents()
            entry["daily_load"] = measure_daily_load()
        results["scales"][name] = entry
        print(f"[{db_name}] {name}: {json.dumps(entry, ensure_ascii=False)}", flush=True)
    return results


def measure_cockpit_cold(region, repeat: int = 5) -> dict:
    """The cockpit's figures computed from the records (what a page pays when its cached figures have
    expired); the page itself (`cockpit`) is measured as users meet it, with the cache of
    WUMEI_COCKPIT_CACHE_SECONDS."""
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wumei.cockpit.figures import figures

    on = datetime.date.today()
    with CaptureQueriesContext(connection) as ctx:
        figures(region, on)
    result = summary([timed(figures, region, on)[0] for _ in range(repeat)])
    result["queries"] = len(ctx.captured_queries)
    return result


def measure_dekad(province) -> dict:
    """The supervision round over every county of the scale, as of today: first run, then the idempotent rerun."""
    import datetime

    from wumei.dekad.models import Letter
    from wumei.dekad.services import run_dekad_round

    on = datetime.date.today()
    first_s, first = timed(run_dekad_round, on, send=False)
    again_s, again = timed(run_dekad_round, on, send=False)
    return {"first_s": round(first_s, 2), "rerun_s": round(again_s, 2), "letters": len(first.letters),
            "created_first": len(first.created), "created_rerun": len(again.created),
            "letters_in_db": Letter.objects.filter(project__county__path__startswith=province.path).count()}


def measure_documents(repeat: int = 5) -> dict:
    """DOCX and PDF rendering of one letter (after a first render that loads the fonts), and PDF pages."""
    from wumei.dekad.models import Letter
    from wumei.documents.render import render
    from wumei.documents.services import build_document

    letter = Letter.objects.order_by("id").first()
    if letter is None:
        return {}
    doc = build_document("letter", letter.pk)
    first_pdf_s, pdf = timed(render, doc, "pdf")
    docx = [timed(render, doc, "docx")[0] for _ in range(repeat)]
    pdfs = [timed(render, doc, "pdf")[0] for _ in range(repeat)]
    pages = pdf_pages(pdf)
    return {"docx": summary(docx), "pdf": summary(pdfs), "pdf_first_s": round(first_pdf_s, 2),
            "pdf_pages": pages, "pdf_per_page_ms": round(statistics.median(pdfs) * 1000 / max(pages, 1), 1)}


def measure_daily_load(clients: int = 50, seconds: float = 20.0, workers: int = 5) -> dict:
    """Daily-report submissions through the API by `clients` concurrent liaisons against gunicorn on the
    loopback (bench/load.py), on the database just measured."""
    import importlib.util
    import signal
    import socket
    import subprocess  # nosec B404 — starts gunicorn with a fixed argument list
    import urllib.request

    from django.conf import settings

    spec = importlib.util.spec_from_file_location("bench_load", Path(__file__).resolve().parent / "load.py")
    load = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(load)
    plan = load.prepare(clients)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "WUMEI_DEBUG": "0", "WUMEI_DEMO": "0", "WUMEI_SECRET_KEY": "bench-" + "x" * 50,
           "WUMEI_ALLOWED_HOSTS": "127.0.0.1,localhost", "WUMEI_VAR_DIR": str(settings.VAR_DIR)}
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(  # noqa: S603  # nosec B603
        [str(gunicorn), "wumei.config.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers), "--log-level", "warning"],
        env=env, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                urllib.request.urlopen(url + "/login/", timeout=2)  # noqa: S310  # nosec B310 — loopback
                break
            except OSError:
                time.sleep(0.5)
        result = load.run(url, plan, clients=clients, seconds=seconds).summary()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    result.pop("error_samples", None) if not result.get("errors") else None
    return {"workers": workers, **result}


def pdf_pages(pdf: bytes) -> int:
    """Pages of a PDF, by poppler's pdfinfo (installed with the documents' Debian packages)."""
    import subprocess  # nosec B404 — pdfinfo with a fixed argument list

    done = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=False)  # noqa: S603,S607  # nosec B603,B607
    for line in done.stdout.decode(errors="replace").splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


def measure_exchange(province) -> dict:
    """Export the province's projects, then import the file: unchanged (re-import) and as new projects."""
    import datetime

    from wumei.exchange import services as exchange
    from wumei.org.models import Region
    from wumei.projects.models import Project

    projects = Project.objects.filter(county__path__startswith=province.path)
    # A county's table names each project once: the synthetic scales repeat some names across counties, so
    # those get a number before the file is written (a file of one county with a repeated name is refused).
    seen: dict[str, int] = {}
    for pk, name in projects.order_by("pk").values_list("pk", "name"):
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            Project.objects.filter(pk=pk).update(name=f"{name}（{seen[name]}）")
    as_of = datetime.date.today()
    seconds_export, data = timed(exchange.export_projects, None, projects, as_of=as_of, title="基准测试")
    out = {"rows": projects.count(), "export_s": round(seconds_export, 1), "file_mb": round(len(data) / 2**20, 1)}
    county, _ = Region.objects.get_or_create(code="990999", defaults={"name": "基准导入县", "level": "county"})
    # The file's projects are new to that county: their codes, unique across the installation, are taken off
    # the originals (which keep their names) so that every row registers a project.
    projects.update(code=None)
    seconds_import, result = timed(exchange.import_projects, None, data, filename="bench.xlsx", county=county,
                                   as_of=as_of)
    out.update(import_new_s=round(seconds_import, 1), import_created=result.created,
               import_errors=len(result.errors))
    seconds_again, again = timed(exchange.import_projects, None, data, filename="bench.xlsx", county=county,
                                 as_of=as_of)
    out.update(reimport_s=round(seconds_again, 1), reimport_updated=again.updated)
    return out


PAGES = ("cockpit", "cockpit_cold", "registry_list", "registry_search", "registry_filtered", "project_detail")
AIMS = {"cockpit p95 at province scale on PostgreSQL": "< 300 ms", "dekad round (20,000 projects)": "< 10 s",
        "import of 20,000 projects": "< 30 s", "daily-report submissions, 50 clients": "≥ 150/s, no error",
        "PDF page": "< 1.5 s"}


def markdown(results: dict) -> str:
    scales = results["scales"]
    lines = [f"# Benchmarks on {results['database']}", "", f"Run at {results['at']} on {results['machine']}.", "",
             "## Pages (server time through Django's full stack; floor = the same SQL replayed bare)", "",
             "| scale | projects | page | median ms | p95 ms | queries | floor ms | ratio |",
             "|---|---:|---|---:|---:|---:|---:|---:|"]
    for name, entry in scales.items():
        for page in PAGES:
            m = entry.get(page)
            if m:
                lines.append(f"| {name} | {entry['projects']} | {page} | {m['median_ms']} | {m['p95_ms']} | "
                             f"{m['queries']} | {m.get('floor_median_ms', '—')} | {m.get('ratio_to_floor', '—')} |")
    lines += ["", "## Jobs and bulk work", "", "| scale | projects | load s | dekad round s (first / rerun) | letters |",
              "|---|---:|---:|---|---:|"]
    for name, entry in scales.items():
        d = entry.get("dekad_round", {})
        lines.append(f"| {name} | {entry['projects']} | {entry['load_s']} | {d.get('first_s')} / {d.get('rerun_s')} | "
                     f"{d.get('letters')} |")
    for name, entry in scales.items():
        if "exchange" in entry:
            e = entry["exchange"]
            lines += ["", f"Excel at {name} scale: {e['rows']} rows, export {e['export_s']} s ({e['file_mb']} MB), "
                      f"import as new {e['import_new_s']} s ({e['import_created']} created, {e['import_errors']} "
                      f"errors), re-import unchanged {e['reimport_s']} s ({e['reimport_updated']} updated)."]
        if entry.get("documents"):
            d = entry["documents"]
            lines += ["", f"Documents (one letter): DOCX median {d['docx']['median_ms']} ms; PDF median "
                      f"{d['pdf']['median_ms']} ms for {d['pdf_pages']} page(s) = {d['pdf_per_page_ms']} ms a page "
                      f"(first render with font loading {d['pdf_first_s']} s)."]
        if entry.get("daily_load"):
            d = entry["daily_load"]
            lines += ["", f"Daily-report submissions against gunicorn ({d.get('workers')} workers, "
                      f"{d.get('clients')} clients, {d.get('seconds')} s): {d.get('per_second')} per second, "
                      f"p50 {d.get('p50_ms')} ms, p95 {d.get('p95_ms')} ms, {d.get('errors')} errors."]
    if len(scales) > 1:
        names = list(scales)
        lines += ["", "## Growth from scale to scale", "", "| figure | " + " | ".join(names) + " |",
                  "|---|" + "---:|" * len(names)]
        rows = [("projects", lambda e: e["projects"]), ("load s", lambda e: e["load_s"])]
        rows += [(f"{page} p95 ms", lambda e, page=page: e.get(page, {}).get("p95_ms")) for page in PAGES]
        rows += [("dekad round s", lambda e: e.get("dekad_round", {}).get("first_s"))]
        for label, get in rows:
            lines.append(f"| {label} | " + " | ".join(str(get(scales[n])) for n in names) + " |")
    lines += ["", "Aims (issue #7): " + "; ".join(f"{k} {v}" for k, v in AIMS.items()) + "."]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--name", required=True, help="sqlite or postgresql")
    parser.add_argument("--scales", default="county,city,province")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    var_dir = Path(__file__).resolve().parent / "tmp"
    var_dir.mkdir(exist_ok=True)
    setup(args.database_url, var_dir)
    results = run(args.name, args.scales.split(","), args.repeat)
    import platform

    results["at"] = time.strftime("%Y-%m-%d %H:%M %Z")
    results["machine"] = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.name}.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    (RESULTS / f"{args.name}.md").write_text(markdown(results))
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
