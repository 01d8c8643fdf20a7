"""xblock-sdk workbench scenarios: one Attendance block per session mode, and two blocks on one page."""

from __future__ import annotations

SCENARIOS: list[tuple[str, str]] = [
    (
        "Attendance: live webinar",
        '<attendance display_name="Ethics in practice (live webinar)" mode="live" '
        'live_start="2026-12-01T14:00:00Z" live_end="2026-12-01T16:00:00Z" external_id="ETH-LIVE-1"/>',
    ),
    (
        "Attendance: recorded session",
        '<attendance display_name="Revenue recognition (recorded)" mode="recorded" '
        'live_start="2026-11-01T09:00:00Z" '
        'video_url="/static/demo/recording.webm"/>',
    ),
    (
        "Attendance: classroom workshop",
        '<attendance display_name="Audit workshop (classroom)" mode="classroom"/>',
    ),
    (
        "Attendance: past live webinar",
        '<attendance display_name="Tax update (past live webinar)" mode="live" '
        'live_start="2026-11-20T14:00:00Z" live_end="2026-11-20T16:00:00Z"/>',
    ),
    (
        "Attendance: practice session",
        '<attendance display_name="Practice session (recorded)" mode="recorded" '
        'live_start="2026-11-01T00:00:00Z"/>',
    ),
    (
        "Attendance: two sessions on one page",
        "<vertical_demo>"
        '<attendance display_name="Morning session (recorded)" mode="recorded" '
        'live_start="2026-11-01T00:00:00Z"/>'
        '<attendance display_name="Afternoon session (recorded)" mode="recorded" '
        'live_start="2026-11-01T00:00:00Z"/>'
        "</vertical_demo>",
    ),
]
