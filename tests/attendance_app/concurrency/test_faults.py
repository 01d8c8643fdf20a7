"""Faults: a lost worker, a database connection killed mid-beat, a broker or a mail server that is down."""

from __future__ import annotations

import socket
import time

import pytest
from django.conf import settings as django_settings
from django.db import connection

from attendance_app import api, clock, tasks
from attendance_app.models import Attendance, ReportFile, ReportStatus, Segment
from attendance_app.reports import delivery
from tests.attendance_app.reports.fixtures import NOW, attend
from tests.attendance_app.rest_api.utils import API, call, client_for
from tests.celery_app import app as celery_app
from tests.factories import COURSE_KEY

REPLAY = COURSE_KEY.make_usage_key("attendance", "replay")
BEAT = f"{API}/presence/beat/"


def closed_port() -> int:
    """A local TCP port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def stored_files(root) -> list[str]:
    return sorted(path.name for path in root.rglob("*") if path.is_file())


# A worker killed in the middle of a report ---------------------------------------------------------


def test_the_report_task_is_acknowledged_only_when_it_ends():
    task = tasks.build_report_file
    assert (task.acks_late, task.reject_on_worker_lost) == (True, True)


@pytest.mark.django_db
def test_a_report_run_again_after_a_lost_worker_is_produced_once(
    media, live_activity, learner, course_staff, django_capture_on_commit_callbacks
):
    attend(learner, live_activity, minutes=60)
    with django_capture_on_commit_callbacks(execute=False):  # the broker holds the message
        asked = delivery.request_report_file(course_staff.id, "activity", "csv", COURSE_KEY, {}, NOW)
    ReportFile.objects.filter(id=asked.id).update(status=ReportStatus.RUNNING, rows_written=7)  # killed

    assert tasks.build_report_file(asked.id) == ReportStatus.DONE  # the message, delivered again
    done = ReportFile.objects.get(id=asked.id)
    files = stored_files(media)
    assert tasks.build_report_file(asked.id) == ReportStatus.DONE  # and once more
    again = ReportFile.objects.get(id=asked.id)

    assert (again.filename, again.file.name) == (done.filename, done.file.name)
    assert again.finished_at == done.finished_at
    assert stored_files(media) == files
    assert len(files) == 1, files


# A mail server that refuses ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_refused_email_leaves_the_report_ready_and_listed(
    settings, media, live_activity, learner, course_staff, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 1
    attend(learner, live_activity, minutes=60)
    with django_capture_on_commit_callbacks(execute=True):
        asked = delivery.request_report_file(course_staff.id, "activity", "csv", COURSE_KEY, {}, NOW)

    assert ReportFile.objects.get(id=asked.id).status == ReportStatus.DONE
    assert [report.id for report in delivery.my_report_files(course_staff.id)] == [asked.id]
    assert f"Report {asked.id} is ready, but its email could not be sent" in caplog.text


# A broker that is down ---------------------------------------------------------------------------


@pytest.fixture
def broker_down():
    """The Celery app sends to a port nothing listens on (and no longer runs tasks in-process).

    The options are set under their Django names (``CELERY_BROKER_URL``...): the suite's app reads
    Django settings with ``namespace="CELERY"``, and celery before 5.7 (edx-platform's pin, 5.6.2)
    looks a setting up by its namespaced name in every map before its plain name
    (``celery.utils.collections.ConfigurationView.__getitem__``), so ``conf.update(broker_url=...)``
    stayed hidden behind the Django setting there: the task ran in-process and nothing was refused.
    """
    overrides = {
        "broker_url": f"redis://127.0.0.1:{closed_port()}/0",
        "task_always_eager": False,
        "broker_connection_timeout": 1,
        "broker_transport_options": {"max_retries": 0},  # the LMS's short publish timeouts
    }
    saved = {key: celery_app.conf[key] for key in overrides}

    def configure(options):
        celery_app.conf.update({f"CELERY_{key.upper()}": value for key, value in options.items()})
        celery_app._pool = celery_app.amqp._producer_pool = None  # pools are built from broker_url once

    configure(overrides)
    assert (celery_app.conf.broker_url, celery_app.conf.task_always_eager) == (
        overrides["broker_url"],
        False,
    )
    yield
    configure(saved)


@pytest.mark.parametrize(
    "path",
    [f"/courses/{COURSE_KEY}/reports/activity/email/", "/activities/{usage_key}/audit-pack/"],
    ids=["report", "audit-pack"],
)
@pytest.mark.django_db(transaction=True)
def test_a_report_asked_for_while_the_broker_is_down_is_refused_at_once(
    media, broker_down, live_activity, learner, course_staff, path
):
    attend(learner, live_activity, minutes=60)
    started = time.monotonic()

    response = call(client_for(course_staff), "post", API + path.format(usage_key=live_activity.usage_key))

    assert time.monotonic() - started < 3
    assert response.status_code == 503, response.content
    assert response.json()["error"] == "queue_unavailable"
    assert response.headers["Retry-After"] == "30"
    (report,) = ReportFile.objects.all()
    assert report.status == ReportStatus.FAILED  # never "Waiting" for a task that was not sent
    assert "report queue cannot be reached" in report.error


# The database going away in the middle of a beat ---------------------------------------------------


@pytest.fixture
def token(course_staff, org_admin, learner):
    api.configure_activity(
        course_staff.id,
        REPLAY,
        {"display_name": "Replay", "mode": "recorded", "live_start": "2026-01-01T00:00Z"},
    )
    cpe = api.create_unit(org_admin.id, {"org": "DemoX", "template": "cpe"})
    api.add_rule(course_staff.id, REPLAY, {"unit_id": cpe.id})
    api.set_course_switch(course_staff.id, COURSE_KEY, True)
    return api.start_presence(learner.id, REPLAY, clock.now())["token"]


def kill_after_first_write(thread_id: int):
    """An execute wrapper that lets the beat's first write run, then has MariaDB kill the connection."""
    db = django_settings.DATABASES["default"]
    killed: list[str] = []

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not killed and sql.lstrip().upper().startswith(("INSERT", "UPDATE")):
            killed.append(sql)
            import MySQLdb  # mysqlclient: installed for the MariaDB runs only (make test-mysql)

            other = MySQLdb.connect(
                host=db["HOST"], port=int(db["PORT"]), user=db["USER"], password=db["PASSWORD"]
            )
            other.cursor().execute(f"KILL {int(thread_id)}")
            other.close()
        return result

    return wrapper, killed


@pytest.mark.mysql
@pytest.mark.django_db(transaction=True)
def test_a_connection_killed_mid_beat_is_a_clear_503_and_nothing_partial(learner, token):
    # The first beat takes the locked path (it starts the row in one transaction); a steady beat is
    # one autocommit UPDATE (ADR 0026), which a kill after it could not undo.
    client = client_for(learner)
    before = list(Attendance.objects.filter(user=learner).values())
    segments = Segment.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT CONNECTION_ID()")
        (thread_id,) = cursor.fetchone()
    wrapper, killed = kill_after_first_write(thread_id)

    with connection.execute_wrapper(wrapper):
        response = call(client, "post", BEAT, {"token": token, "visible": True})
    connection.close()  # the test client keeps the dead connection; the next query opens a new one

    assert killed, "the beat wrote nothing"
    assert response.status_code == 503, response.content
    assert response.json()["error"] == "database_unavailable"
    assert response.headers["Retry-After"] == "5"
    assert list(Attendance.objects.filter(user=learner).values()) == before  # the first write rolled back
    assert Segment.objects.count() == segments
