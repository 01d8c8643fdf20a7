"""Browser tests: the real demo server, seeded in a fresh database, driven by Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-output" / "e2e"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
]
# The running demo server's environment (DEMO_DATABASE and the rest), filled by ``demo_server``,
# so a test can run ``demo/manage.py shell`` against the same database.
DEMO_ENV: dict[str, str] = {}


def demo_manage(*arguments: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``demo/manage.py <arguments>`` against the running demo server's database (its output as text)."""
    return subprocess.run(
        [sys.executable, str(ROOT / "demo" / "manage.py"), *arguments],
        env=DEMO_ENV,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _unavailable(reason: str) -> None:
    if os.environ.get("ATTENDANCE_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (ATTENDANCE_REQUIRE_SERVICES=1 makes browser tests mandatory)")
    pytest.skip(reason)


def chromium_path() -> str:
    return os.environ.get("ATTENDANCE_CHROMIUM", "/usr/bin/chromium")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory) -> Iterator[str]:
    """``make demo`` in miniature: migrate and seed a new SQLite file, then run the server."""
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "demo.settings",
        "DEMO_LMS_ROOT_URL": f"http://127.0.0.1:{port}",  # the certificates' QR codes point here
        "DEMO_DATABASE": str(tmp_path_factory.mktemp("demo") / "demo.sqlite3"),
        "PYTHONPATH": str(ROOT),
        # Short presence intervals (demo/settings.py reads them): a beat a second, a prompt every 6 s.
        "ATTENDANCE_HEARTBEAT_SECONDS": "1",
        "ATTENDANCE_PROMPT_INTERVAL_SECONDS": "6",
    }
    env.pop("ATTENDANCE_TEST_DATABASE", None)
    DEMO_ENV.clear()
    DEMO_ENV.update(env)
    manage = [sys.executable, str(ROOT / "demo" / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput"], check=True, env=env, cwd=ROOT, capture_output=True)
    subprocess.run([*manage, "seed_demo"], check=True, env=env, cwd=ROOT, capture_output=True)
    log = (tmp_path_factory.mktemp("demo-log") / "server.log").open("w")
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"], env=env, cwd=ROOT, stdout=log, stderr=log
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        else:
            pytest.fail(f"The demo server did not start; see {log.name}")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not (shutil.which(chromium_path()) or Path(chromium_path()).is_file()):
        _unavailable(f"Chromium is not installed at {chromium_path()} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, request) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-US")
    page = context.new_page()
    try:
        yield page
    finally:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-final.png"), full_page=True)
        context.close()


def sign_in(page, base_url: str, username: str) -> None:
    """Sign in through the demo's own sign-in form."""
    page.goto(f"{base_url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/")


RUNNING_SLOT = """
from datetime import timedelta
from django.contrib.auth import get_user_model
from attendance_app import clock
from attendance_app.api import classroom
from attendance_app.models import Activity
users = get_user_model().objects
activity = Activity.objects.get(mode="classroom")
staff, teacher = users.get(username="staff"), users.get(username="instructor")
now = clock.now()
slot = classroom.create_slots(staff.id, activity.usage_key, {{
    "title": {title!r}, "start": (now - timedelta(minutes=5)).isoformat(),
    "end": (now + timedelta(hours=1)).isoformat(), "duration_hours": {hours!r}, "location": {location!r},
    "capacity": 10, "instructor_ids": [teacher.id]}})[0].slot
for name in {learners!r}:
    classroom.register(users.get(username=name).id, activity.usage_key, slot.id, now - timedelta(days=1))
print(f"/attendance/activities/{{activity.usage_key}}/classroom/{{slot.id}}/")
"""


def add_running_slot(title: str, location: str, hours: float, learners: tuple[str, ...]) -> str:
    """A slot of the demo's classroom workshop that started five minutes ago, taught by ``instructor``,
    with ``learners`` registered; the path of its instructor page."""
    code = RUNNING_SLOT.format(title=title, location=location, hours=hours, learners=learners)
    return demo_manage("shell", "-c", code).stdout.strip().splitlines()[-1]
