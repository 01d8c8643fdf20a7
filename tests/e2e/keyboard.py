"""Keyboard-only helpers for the browser tests: move focus with Tab alone and record where it went."""

from __future__ import annotations

DESCRIBE_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) { return 'body'; }
  const name = (el.getAttribute('aria-label') || el.labels?.[0]?.textContent || el.textContent || '').trim();
  return `${el.tagName.toLowerCase()}: ${name.replace(/\\s+/g, ' ').slice(0, 60)}`;
}"""


def focused(page) -> str:
    """The focused element as "tag: accessible-ish name" ("body" when nothing has focus)."""
    return str(page.evaluate(DESCRIBE_FOCUS))


def tab_to(page, target, limit: int = 80) -> list[str]:
    """Press Tab until ``target`` (a locator) has focus; the elements passed on the way, in order.

    Fails when ``target`` is not reached in ``limit`` presses: it is not in the tab order.
    """
    passed: list[str] = []
    for _press in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return passed
        passed.append(focused(page))
    raise AssertionError(f"Tab never reached {target} in {limit} presses; focus went through: {passed}")
