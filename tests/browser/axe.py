"""axe-core in the page: inject it, run the WCAG 2.1 A/AA rules, explain what fails."""

from functools import cache
from pathlib import Path

AXE_JS = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Evaluated through the DevTools protocol, which the page's CSP (script-src 'self') does not
# govern; a <script> tag would be blocked, and bypass_csp would test a page users never get.
_INJECT = "source => { if (!window.axe) { (0, eval)(source); } }"
_RUN = """tags => axe.run(document, {
    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']
}).then(results => results.violations)"""


@cache
def _source() -> str:
    """Return axe.min.js, read once."""
    return AXE_JS.read_text(encoding="utf-8")


def violations(page) -> list[dict]:
    """Run axe on the page's document and return its violations."""
    page.evaluate(_INJECT, _source())
    return page.evaluate(_RUN, TAGS)


def _snippet(html: str, limit: int = 300) -> str:
    """Shorten an HTML snippet to one line."""
    html = " ".join(html.split())
    return html if len(html) <= limit else html[:limit] + "…"


def report(where: str, found: list[dict]) -> str:
    """Describe violations readably: rule, impact, help, and each failing node."""
    lines = [f"axe found {len(found)} accessibility violation(s) on {where}:"]
    for rule in found:
        lines.append(f"- {rule['id']} ({rule.get('impact') or 'no impact given'}): "
                     f"{rule['help']}  <{rule['helpUrl']}>")
        for node in rule["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            lines.append(f"       {_snippet(node['html'])}")
            summary = (node.get("failureSummary") or "").strip().splitlines()
            lines.extend(f"       {line.strip()}" for line in summary[:3])
    return "\n".join(lines)
