"""Issue 3/8 end to end: the learner's presence prompts, time meter and prompt-time accommodation.

The demo server runs with a heartbeat every second and a prompt every 6 s of credited time
(``demo_server`` in conftest.py), so a whole answer-then-miss cycle fits in well under a minute.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import ARTIFACTS, sign_in

pytestmark = pytest.mark.browser

RECORDED = "attendance.1"  # "Revenue recognition (recorded)", with the demo's 40-second recording
HMS = r"\d{2}:\d{2}:\d{2}"


def _meter_figure(meter, name: str):
    return meter.locator(f'[data-meter="{name}"]')


def test_learner_answers_a_prompt_from_the_keyboard_then_misses_the_next(demo_server, page):
    from playwright.sync_api import expect

    sign_in(page, demo_server, "learner01")
    beats: list[tuple[str, str]] = []  # (the token sent, the token of the reply), in order
    page.on("requestfinished", lambda request: _keep_beat(request, beats))
    page.goto(f"{demo_server}/scenario/{RECORDED}/")
    block = page.locator("section.attendance-block")
    meter = block.get_by_role("region", name="Your attendance")
    status = block.locator(".attendance-status[role=status]")
    expect(meter).to_be_visible()
    expect(_meter_figure(meter, "hits")).to_have_text("0")
    expect(_meter_figure(meter, "time")).to_have_text("00:00:00")

    video = block.locator("video")
    if video.count():
        expect(video).to_have_attribute("aria-label", "Recording: Revenue recognition (recorded)")
        video.focus()  # where focus should come back to after each prompt
        # Muted playback needs no user gesture; the recording has no sound anyway.
        video.evaluate("player => { player.muted = true; return player.play(); }")
        focused_before_prompt = video
    else:  # no recording in this demo: time counts while the page is visible
        focused_before_prompt = None

    pending = _meter_figure(meter, "pending")
    expect(pending).to_have_text(re.compile(r"00:00:0[1-9]"), timeout=10_000)  # the time moves
    # (the first prompt may already be open: it stays for 10 s)

    dialog = page.get_by_role("alertdialog", name="Are you still here?")
    expect(dialog).to_be_visible(timeout=20_000)
    here = dialog.get_by_role("button", name="I'm here")
    expect(here).to_be_focused()
    expect(dialog).to_have_attribute("aria-modal", "true")
    expect(dialog.locator(".attendance-prompt-countdown")).to_have_text(re.compile(r"^\d+ s left$"))
    page.keyboard.press("Escape")  # does not dismiss an unanswered prompt
    page.keyboard.press("Tab")  # focus stays trapped in the dialog
    expect(dialog).to_be_visible()
    expect(here).to_be_focused()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "presence-prompt.png"), full_page=True)

    page.keyboard.press("Enter")

    expect(dialog).to_be_hidden()
    if focused_before_prompt is not None:
        expect(focused_before_prompt).to_be_focused()
    expect(status).to_have_text("Presence confirmed")
    expect(_meter_figure(meter, "hits")).to_have_text("1")
    # At least the second seen pending before the answer is now confirmed.
    expect(_meter_figure(meter, "time")).not_to_have_text("00:00:00")
    page.screenshot(path=str(ARTIFACTS / "presence-confirmed.png"), full_page=True)

    # The next prompt: wait for its 5-second warning, then let it run out.
    expect(dialog).to_be_visible(timeout=20_000)
    warning = dialog.locator(".attendance-prompt-warning")
    expect(warning).to_have_text(re.compile(r"^5 seconds left"), timeout=15_000)
    expect(dialog).to_be_hidden(timeout=10_000)
    expect(status).to_contain_text("Prompt missed")
    expect(_meter_figure(meter, "misses")).to_have_text("1", timeout=10_000)
    expect(status).to_have_text(
        re.compile(rf"^Prompt missed: {HMS} since your last confirmation was not counted\.$")
    )
    expect(_meter_figure(meter, "hits")).to_have_text("1")
    page.screenshot(path=str(ARTIFACTS / "presence-missed.png"), full_page=True)
    # Each beat sent the token of the reply before it (ADR 0034).
    assert len(beats) > 3
    assert all(sent == beats[n][1] for n, (sent, _reply) in enumerate(beats[1:]))


def _keep_beat(request, beats: list[tuple[str, str]]) -> None:
    if not request.url.endswith("/presence/beat/"):
        return
    response = request.response()
    if response is not None and response.ok:
        beats.append((request.post_data_json["token"], response.json()["token"]))


def test_learner_gives_themselves_more_time_to_answer_prompts(demo_server, page):
    from playwright.sync_api import expect

    sign_in(page, demo_server, "learner02")
    page.goto(f"{demo_server}/scenario/{RECORDED}/")
    more_time = page.get_by_label("More time to answer prompts")
    expect(more_time).to_have_value("1")
    expect(page.locator(".attendance-extension-help")).to_have_text(
        "You have 10 seconds to answer each presence prompt."
    )

    more_time.select_option("3")

    expect(page.locator(".attendance-status")).to_have_text(
        "Saved: from the next prompt on, you have 30 seconds to answer."
    )
    page.reload()
    expect(page.get_by_label("More time to answer prompts")).to_have_value("3")
    expect(page.locator(".attendance-extension-help")).to_have_text(
        "You have 30 seconds to answer each presence prompt."
    )
