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
            "registry_list": measure_page(client, "/projects/", repeat),
            "registry_search": measure_page(client, "/projects/?q=tcy&sort=-investment", repeat),
            "registry_filtered": measure_page(client, "/projects/?level=municipal&overdue=1&page=3", repeat),
        }
        some = Project.objects.filter(county__path__startswith=province.path).order_by("id").first()
        entry["project_detail"] = measure_page(client, f"/projects/{some.pk}/", repeat)
        if name == "province":
            entry["exchange"] = measure_exchange(province)
        results["scales"][name] = entry
        print(f"[{db_name}] {name}: {json.dumps(entry, ensure_ascii=False)}", flush=True)
    return results


def measure_exchange(province) -> dict:
    """Export the province's projects, then import the file: unchanged (re-import) and as new projects."""
    import datetime

    from wumei.exchange import services as exchange
    from wumei.org.models import Region
    from wumei.projects.models import Project

    projects = Project.objects.filter(county__path__startswith=province.path)
    as_of = datetime.date.today()
    seconds_export, data = timed(exchange.export_projects, None, projects, as_of=as_of, title="基准测试")
    out = {"rows": projects.count(), "export_s": round(seconds_export, 1), "file_mb": round(len(data) / 2**20, 1)}
    county, _ = Region.objects.get_or_create(code="990999", defaults={"name": "基准导入县", "level": "county"})
    seconds_import, result = timed(exchange.import_projects, None, data, filename="bench.xlsx", county=county,
                                   as_of=as_of)
    out.update(import_new_s=round(seconds_import, 1), import_created=result.created,
               import_errors=len(result.errors))
    seconds_again, again = timed(exchange.import_projects, None, data, filename="bench.xlsx", county=county,
                                 as_of=as_of)
    out.update(reimport_s=round(seconds_again, 1), reimport_updated=again.updated)
    return out


def markdown(results: dict) -> str:
    lines = [f"# Benchmarks on {results['database']}", "", f"Run at {results['at']} on {results['machine']}.", "",
             "| scale | projects | load s | page | median ms | p95 ms | queries | floor ms | ratio |",
             "|---|---:|---:|---|---:|---:|---:|---:|---:|"]
    for name, entry in results["scales"].items():
        for page in ("registry_list", "registry_search", "registry_filtered", "project_detail"):
            m = entry[page]
            lines.append(f"| {name} | {entry['projects']} | {entry['load_s']} | {page} | {m['median_ms']} | "
                         f"{m['p95_ms']} | {m['queries']} | {m['floor_median_ms']} | {m['ratio_to_floor']} |")
    for name, entry in results["scales"].items():
        if "exchange" in entry:
            e = entry["exchange"]
            lines += ["", f"Excel at {name} scale: {e['rows']} rows, export {e['export_s']} s ({e['file_mb']} MB), "
                      f"import as new {e['import_new_s']} s ({e['import_created']} created, {e['import_errors']} "
                      f"errors), re-import unchanged {e['reimport_s']} s ({e['reimport_updated']} updated)."]
    lines += ["", "Not measured yet (the features are not built): cockpit, dekad round, daily-report submissions "
              "under load, DOCX/PDF rendering."]
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

    results["at"] = time.strftime("%Y-%m-%d %H:%M")
    results["machine"] = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.name}.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    (RESULTS / f"{args.name}.md").write_text(markdown(results))
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
