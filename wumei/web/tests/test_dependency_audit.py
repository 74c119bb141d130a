"""The dependency audit's verdict (scripts/audit_deps.py): a known vulnerability always fails; an audit that
could not happen warns, and fails only when WUMEI_AUDIT_STRICT=1."""

import importlib.util
from pathlib import Path

from django.conf import settings

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "audit_deps.py"
spec = importlib.util.spec_from_file_location("audit_deps", SCRIPT)
audit_deps = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit_deps)

CLEAN = {"dependencies": [{"name": "django", "version": "5.2.19", "vulns": []}], "fixes": []}
VULNERABLE = {"dependencies": [
    {"name": "django", "version": "5.2.0", "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"]}]},
    {"name": "lxml", "skip_reason": "Dependency not found on PyPI and could not be audited"},
], "fixes": []}
UNREACHABLE = {"dependencies": [
    {"name": "django", "skip_reason": "Dependency not found on PyPI and could not be audited"}], "fixes": []}


def test_a_clean_audit_passes():
    status, lines = audit_deps.verdict(0, CLEAN, "", strict=True)
    assert status == 0 and "1 个依赖无已知漏洞" in lines[-1]


def test_a_known_vulnerability_fails_even_when_other_packages_were_not_audited():
    status, lines = audit_deps.verdict(1, VULNERABLE, "", strict=False)
    assert status == 1
    assert "  django 5.2.0: PYSEC-2025-1（修复版本：5.2.1）" in lines
    assert any("1 个依赖未能审计" in line for line in lines)


def test_packages_not_audited_warn_and_fail_only_when_strict():
    status, lines = audit_deps.verdict(0, UNREACHABLE, "", strict=False)
    assert status == 0 and lines[0].startswith("警告：1 个依赖未能审计") and "django" in lines[0]
    assert audit_deps.verdict(0, UNREACHABLE, "", strict=True)[0] == 1


def test_no_report_at_all_is_a_network_warning_not_a_pass():
    status, lines = audit_deps.verdict(1, None, "ConnectionError: pypi.org", strict=False)
    assert status == 0 and lines[0].startswith("依赖审计未能完成") and "ConnectionError" in lines[1]
    assert audit_deps.verdict(1, None, "ConnectionError", strict=True)[0] == 1
