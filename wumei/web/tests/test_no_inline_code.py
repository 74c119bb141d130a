"""No template carries inline script or style: the Content-Security-Policy (script-src 'self', style-src 'self')
would refuse it in the browser. Behaviour goes to wumei/static/wumei/*.js, styles to wumei.css, page data to
json_script (docs/security.md, "Content-Security-Policy")."""

import re
from pathlib import Path

from django.conf import settings

WUMEI = Path(settings.BASE_DIR) / "wumei"
# Rendered to PDF/DOCX by WeasyPrint, never served to a browser: their inline styles are not subject to CSP.
PRINT_ONLY = {"documents/templates/documents/official.html"}

FORBIDDEN = {
    "an inline <script> (only <script src=…> is allowed)": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "an event handler attribute (onclick=…)": re.compile(r"<[^>]*\son[a-z]+\s*=", re.I),
    "a javascript: URL": re.compile(r"javascript:", re.I),
    "a style= attribute": re.compile(r"<[^>]*\sstyle\s*=", re.I),
    "a <style> block": re.compile(r"<style[\s>]", re.I),
    "Alpine inline code the CSP build cannot run (arrow function)": re.compile(r"""[@:]\w[^=>]*="[^"]*=>"""),
}


def web_templates():
    for path in sorted(WUMEI.glob("*/templates/**/*.html")):
        relative = path.relative_to(WUMEI).as_posix()
        if relative not in PRINT_ONLY:
            yield relative, path.read_text(encoding="utf-8")


def test_the_templates_are_found():
    names = [name for name, _ in web_templates()]
    assert "web/templates/web/base.html" in names and len(names) > 50


def test_no_template_has_inline_script_or_style():
    found = [f"{name}: {what}" for name, text in web_templates()
             for what, pattern in FORBIDDEN.items() if pattern.search(text)]
    assert found == []


def test_the_check_catches_each_kind_of_inline_code():
    samples = {
        "an inline <script> (only <script src=…> is allowed)": "<script>alert(1)</script>",
        "an event handler attribute (onclick=…)": '<button onclick="go()">',
        "a javascript: URL": '<a href="javascript:go()">',
        "a style= attribute": '<div class="x" style="width: 3px">',
        "a <style> block": "<style>.x {}</style>",
        "Alpine inline code the CSP build cannot run (arrow function)": '<input @change="a = b.map(f => f.name)">',
    }
    for what, sample in samples.items():
        assert FORBIDDEN[what].search(sample), what
    assert not FORBIDDEN["an inline <script> (only <script src=…> is allowed)"].search(
        "<script src=\"{% static 'wumei/wumei.js' %}\" defer></script>")
