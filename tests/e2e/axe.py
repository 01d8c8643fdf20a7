"""axe-core in the browser tests: inject the npm package's build into a page and run it.

axe-core is a test tool (package.json devDependencies, installed by ``npm ci``), never shipped in
static/. A page passes when axe finds no violation of impact serious or critical against the WCAG
2.0 A/AA and 2.1 AA rules.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import ROOT

AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


def axe_script() -> Path:
    """The installed build, or a skip (a failure under ATTENDANCE_REQUIRE_SERVICES=1) without it."""
    if not AXE_SCRIPT.is_file():
        reason = "axe-core is not installed (npm ci, or make node-deps)"
        if os.environ.get("ATTENDANCE_REQUIRE_SERVICES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return AXE_SCRIPT


def run_axe(page, context: str | dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every WCAG A/AA violation axe finds in the page (or in ``context``, a selector or axe context)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script()))
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    result = page.evaluate(
        "([context, options]) => window.axe.run(context || document, options)", [context, options]
    )
    return list(result["violations"])


def blocking(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [violation for violation in violations if violation.get("impact") in BLOCKING_IMPACTS]


def summary(violations: list[dict[str, Any]]) -> str:
    """One paragraph per rule: its id, impact, help text and the first few offending elements."""
    lines = []
    for violation in violations:
        impact, rule = violation["impact"], violation["id"]
        lines.append(f"[{impact}] {rule}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:5]:
            target = " ".join(str(part) for part in node["target"])
            fixes = node.get("failureSummary", "").splitlines()[1:2]  # the first way to fix it
            lines.append(f"    {target}: {fixes[0].strip() if fixes else node.get('html', '')}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def assert_accessible(page, label: str, context: str | dict[str, Any] | None = None) -> None:
    """Fail with a readable list if axe finds a serious or critical violation."""
    found = blocking(run_axe(page, context))
    assert not found, f"axe found serious or critical violations on {label}:\n{summary(found)}"
