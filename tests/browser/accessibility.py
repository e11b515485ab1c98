"""axe-core on the page as the browser shows it: any WCAG 2.2 AA violation fails the test."""

import pytest
from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

_axe = Axe()


def check_accessibility(page) -> None:
    """Run axe on the current page; fail listing each violation and the elements it found."""
    page.wait_for_load_state("load")
    results = _axe.run(page, options=AXE_OPTIONS)
    problems = getattr(page, "problems", None)
    if problems is not None:
        problems.checked()
    violations = results.response["violations"]
    if violations:
        pytest.fail(describe(page.url, violations), pytrace=False)


def without_fragment(url: str) -> str:
    """Jumping to #somewhere on the same page is not a new page to check."""
    return url.split("#", 1)[0]


def describe(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" [{violation['helpUrl']}]"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node['html'][:200]}")
            if node.get("failureSummary"):
                summary = " ".join(node["failureSummary"].split())
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)
