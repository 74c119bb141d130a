#!/usr/bin/env python3
"""Dependency audit of requirements/base.txt (what ships) with pip-audit; run by `make test` and `make lint`.

- A known vulnerability in a pinned package fails (exit 1), whatever else happened.
- When the vulnerability service cannot be reached, or cannot answer for some packages (an offline mirror,
  no network in CI), the audit did not happen: say so loudly, list what was not audited, and exit 0 so that
  an outage does not block every build. WUMEI_AUDIT_STRICT=1 makes that a failure too (release builds).
See docs/security.md, "Static analysis".
"""

import json
import os
import subprocess  # noqa: S404 — runs pip-audit with a fixed argument list  # nosec B404
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REQUIREMENTS = REPO / "requirements" / "base.txt"


def audit(requirements: Path) -> tuple[int, dict | None, str]:
    """Run pip-audit; returns its exit code, its JSON report (None when it wrote none) and its stderr."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "audit.json"
        done = subprocess.run(  # noqa: S603 — fixed argument list, no shell  # nosec B603
            [sys.executable, "-m", "pip_audit", "-r", str(requirements), "--no-deps", "--disable-pip",
             "--progress-spinner", "off", "--format", "json", "--output", str(report)],
            capture_output=True, text=True, timeout=300, check=False)
        data = json.loads(report.read_text()) if report.exists() and report.stat().st_size else None
    return done.returncode, data, done.stderr


def verdict(code: int, data: dict | None, stderr: str, strict: bool) -> tuple[int, list[str]]:
    """The exit status and the lines to print, from pip-audit's outcome."""
    if data is None:
        lines = ["依赖审计未能完成（漏洞库无法访问？）/ dependency audit could not run:", stderr.strip()[-2000:]]
        return (1 if strict else 0), lines
    found, skipped = [], []
    for dependency in data.get("dependencies", []):
        for vuln in dependency.get("vulns", []):
            fixed = ", ".join(vuln.get("fix_versions", [])) or "无"
            found.append(f"  {dependency['name']} {dependency['version']}: {vuln['id']}（修复版本：{fixed}）")
        if "skip_reason" in dependency:
            skipped.append(dependency["name"])
    lines = []
    if found:
        lines += ["依赖审计发现已知漏洞 / known vulnerabilities:", *found]
    if skipped:
        lines += [f"警告：{len(skipped)} 个依赖未能审计（漏洞库无法访问或未收录），审计不完整 / not audited: "
                  + ", ".join(skipped)]
    if not found and not skipped:
        lines.append(f"依赖审计通过：{len(data.get('dependencies', []))} 个依赖无已知漏洞")
    failed = bool(found) or (strict and bool(skipped)) or (code != 0 and not found and strict)
    return (1 if failed else 0), lines


def main() -> int:
    code, data, stderr = audit(REQUIREMENTS)
    status, lines = verdict(code, data, stderr, strict=os.environ.get("WUMEI_AUDIT_STRICT") == "1")
    print("\n".join(lines), file=sys.stderr if status else sys.stdout)
    return status


if __name__ == "__main__":
    sys.exit(main())
