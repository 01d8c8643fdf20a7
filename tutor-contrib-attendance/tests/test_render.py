"""The plugin renders in a temporary Tutor root with the real ``tutor`` CLI (no Docker needed)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from celery.app.routes import MapRoute

TUTOR = str(Path(sys.executable).with_name("tutor"))
BEGIN = "# Attendance & Credits for Open edX (tutor-contrib-attendance)"
END = "# End of Attendance & Credits"
EDX_PLATFORM_ROUTER = "openedx.core.lib.celery.routers.route_task"
GIT_REQUIREMENT = "openedx-attendance-credits @ git+https://example.com/attendance.git@v0.1.0"
SETTINGS_FILES = [
    "apps/openedx/settings/lms/production.py",
    "apps/openedx/settings/cms/production.py",
    "apps/openedx/settings/lms/development.py",
    "apps/openedx/settings/cms/development.py",
]


def tutor(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TUTOR_ROOT": str(root), "TUTOR_PLUGINS_ROOT": str(root / "plugins")}
    return subprocess.run(  # noqa: S603 - our own CLI, fixed arguments
        [TUTOR, *args], env=env, capture_output=True, text=True, check=check, timeout=120
    )


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    """A Tutor root with the plugin enabled and the environment saved with the defaults."""
    root = tmp_path_factory.mktemp("tutor-root")
    tutor(root, "plugins", "enable", "attendance")
    tutor(root, "config", "save")
    return root


def rendered(root: Path, path: str) -> str:
    return (root / "env" / path).read_text(encoding="utf-8")


def attendance_block(text: str) -> str:
    (block,) = re.findall(rf"{re.escape(BEGIN)}\n(.*?){re.escape(END)}", text, flags=re.DOTALL)
    return block


def run_settings(block: str) -> dict:
    """Run our settings lines the way edx-platform's settings module would, after its own."""
    namespace: dict = {"CELERY_ROUTES": EDX_PLATFORM_ROUTER}
    exec(compile(block, "openedx-common-settings", "exec"), namespace)  # noqa: S102 - our rendered template
    return namespace


def test_the_plugin_is_listed_and_enabled(root):
    listing = tutor(root, "plugins", "list").stdout
    assert re.search(r"^attendance\s+\S*\s*enabled", listing, flags=re.MULTILINE)


def test_the_openedx_image_installs_the_package(root):
    dockerfile = rendered(root, "build/openedx/Dockerfile")
    assert "$PIP_COMMAND install 'openedx-attendance-credits==0.1.0'" in dockerfile
    # After edx-platform's own requirements, so that ours resolve against its pins.
    assert dockerfile.index("openedx-attendance-credits") > dockerfile.index("requirements/edx/base.txt")


@pytest.mark.parametrize("path", SETTINGS_FILES)
def test_lms_and_studio_settings_get_the_defaults(root, path):
    settings = run_settings(attendance_block(rendered(root, path)))
    assert settings["ATTENDANCE_HEARTBEAT_SECONDS"] == 15
    assert settings["ATTENDANCE_SITE_ENABLED_BY_DEFAULT"] is True
    assert settings["ATTENDANCE_ORGS_ENABLED_BY_DEFAULT"] is True
    assert settings["ATTENDANCE_TOKEN_MAX_AGE_SECONDS"] == 6 * 3600
    assert settings["ATTENDANCE_LIVE_CLAIM_GRACE_SECONDS"] == 30 * 60


@pytest.mark.parametrize("path", SETTINGS_FILES)
def test_our_tasks_go_to_the_lms_queue_and_the_rest_to_edx_platforms_router(root, path):
    routes = run_settings(attendance_block(rendered(root, path)))["CELERY_ROUTES"]
    assert routes[-1] == EDX_PLATFORM_ROUTER
    our_routes = MapRoute(routes[0])
    assert our_routes("attendance_app.tasks.archive_activity") == {"queue": "edx.lms.core.default"}
    assert our_routes("lms.djangoapps.grades.tasks.compute_grades_for_course_v2") is None


def test_edx_platforms_route_list_is_kept_when_it_is_already_a_list(root):
    block = attendance_block(rendered(root, SETTINGS_FILES[0]))
    namespace: dict = {"CELERY_ROUTES": [{"x.*": {"queue": "q"}}, EDX_PLATFORM_ROUTER]}
    exec(compile(block, "openedx-common-settings", "exec"), namespace)  # noqa: S102 - our rendered template
    assert namespace["CELERY_ROUTES"][1:] == [{"x.*": {"queue": "q"}}, EDX_PLATFORM_ROUTER]


@pytest.mark.parametrize(
    ("compose_file", "service"),
    [("local/docker-compose.prod.yml", "lms-worker"), ("k8s/deployments.yml", "lms-worker")],
)
def test_the_lms_worker_consumes_our_queue(root, compose_file, service):
    documents = list(yaml.safe_load_all(rendered(root, compose_file)))
    commands = []
    for document in documents:
        if not document:
            continue
        if "services" in document and service in document["services"]:
            commands.append(document["services"][service]["command"])
        if document.get("kind") == "Deployment" and document["metadata"]["name"] == service:
            commands.extend(c.get("args", []) for c in document["spec"]["template"]["spec"]["containers"])
    queues = [
        arg.removeprefix("--queues=").split(",") for cmd in commands for arg in cmd if "--queues=" in arg
    ]
    assert queues
    assert all("edx.lms.core.default" in consumed for consumed in queues)


INIT_TASKS_SCRIPT = """
import json, sys
from tutor import config as tutor_config, env, hooks
from tutor.commands import jobs  # declares the core init tasks
hooks.Actions.CORE_READY.do()
hooks.Actions.PROJECT_ROOT_READY.do(sys.argv[1])
config = tutor_config.load(sys.argv[1])
ours = hooks.Filters.CLI_DO_INIT_TASKS.iterate_from_context(hooks.Contexts.app("attendance").name)
print(json.dumps({
    "ours": [[service, env.render_str(config, task)] for service, task in ours],
    "all": [env.render_str(config, task) for _, task in hooks.Filters.CLI_DO_INIT_TASKS.iterate()],
}))
"""


def test_the_init_task_migrates_the_app_after_the_lms(root):
    result = subprocess.run(  # noqa: S603 - the test's own interpreter
        [sys.executable, "-c", INIT_TASKS_SCRIPT, str(root)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    tasks = json.loads(result.stdout.strip().splitlines()[-1])
    ((service, ours),) = tasks["ours"]
    assert service == "lms"
    assert "./manage.py lms migrate attendance_app --noinput" in ours
    # The LMS's own init task, which already migrates every app, runs before ours.
    lms_init = next(i for i, task in enumerate(tasks["all"]) if "./manage.py lms migrate\n" in task)
    assert tasks["all"].index(ours) > lms_init


def test_operators_values_and_extra_settings_are_rendered(tmp_path):
    tutor(tmp_path, "plugins", "enable", "attendance")
    tutor(
        tmp_path,
        "config",
        "save",
        "--set",
        "ATTENDANCE_HEARTBEAT_SECONDS=20",
        "--set",
        "ATTENDANCE_CELERY_QUEUE=edx.lms.core.high",
        "--set",
        f"ATTENDANCE_PIP_REQUIREMENT={GIT_REQUIREMENT}",
        "--set",
        'ATTENDANCE_EXTRA_SETTINGS={"ATTENDANCE_PROMPT_INTERVAL_SECONDS": 60, "ATTENDANCE_NOTE": "it\'s"}',
    )
    settings = run_settings(attendance_block(rendered(tmp_path, SETTINGS_FILES[0])))
    assert settings["ATTENDANCE_HEARTBEAT_SECONDS"] == 20
    assert settings["ATTENDANCE_PROMPT_INTERVAL_SECONDS"] == 60
    assert settings["ATTENDANCE_NOTE"] == "it's"
    assert MapRoute(settings["CELERY_ROUTES"][0])("attendance_app.tasks.x") == {"queue": "edx.lms.core.high"}
    dockerfile = rendered(tmp_path, "build/openedx/Dockerfile")
    assert f"install '{GIT_REQUIREMENT}'" in dockerfile


def test_an_extra_setting_that_is_not_a_setting_name_is_refused(tmp_path):
    tutor(tmp_path, "plugins", "enable", "attendance")
    result = tutor(
        tmp_path, "config", "save", "--set", 'ATTENDANCE_EXTRA_SETTINGS={"X = 1\\nimport os": 1}', check=False
    )
    assert result.returncode != 0
    assert "is not an upper-case Python name" in result.stdout + result.stderr


def test_disabling_the_plugin_removes_everything(tmp_path):
    tutor(tmp_path, "plugins", "enable", "attendance")
    tutor(tmp_path, "plugins", "disable", "attendance")
    tutor(tmp_path, "config", "save")
    assert BEGIN not in rendered(tmp_path, SETTINGS_FILES[0])
    assert "openedx-attendance-credits" not in rendered(tmp_path, "build/openedx/Dockerfile")
