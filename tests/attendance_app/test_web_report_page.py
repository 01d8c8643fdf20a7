"""``/attendance/courses/<course_key>/reports/``: the Reports page, "Create report" and its presets."""

from __future__ import annotations

import pytest
from django.test import Client

from attendance_app.models import ReportFile, ReportPreset
from attendance_app.reports import REPORTS
from tests.attendance_app.reports.fixtures import attend
from tests.attendance_app.reports.helpers import read_csv
from tests.factories import COURSE_KEY, OTHER_COURSE_KEY

PAGE = f"/attendance/courses/{COURSE_KEY}/reports/"
#: Session and user, the permission once per audience, then the presets (one query), the activities
#: and the course.
QUERIES = 18


def browser(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def save(client: Client, kind: str = "attendance-tracking", **fields):
    data = {"action": "save-preset", "kind": kind, "name": "Hours per learner", **fields}
    return client.post(PAGE, data)


@pytest.fixture
def attended(live_activity, learner, other_learner):
    attend(learner, live_activity, minutes=60)
    attend(other_learner, live_activity, minutes=30)


def test_staff_see_every_report_with_its_filters_and_buttons(course_staff, live_activity):
    page = browser(course_staff).get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    for kind, report in REPORTS.items():
        assert f'id="report-{kind}"' in html
        assert str(report.title) in html
        assert f"/reports/{kind}.csv" in html
        assert f"/reports/{kind}.xlsx" in html
        assert f"/reports/{kind}.xlsx/email/" in html
    assert 'name="grouping"' in html
    assert 'name="status"' in html
    assert live_activity.display_name in html  # the activity filter's choices
    assert "Download CSV" in html
    assert "Send by email" in html
    assert "<legend>" in html
    assert 'type="date"' in html


def test_a_coach_sees_only_the_reports_open_to_coaches_and_their_groups(coach, coached_cohort, other_cohort):
    html = browser(coach).get(PAGE).content.decode()
    assert 'id="report-attendance-tracking"' in html
    assert 'id="report-attendance-report"' not in html  # managers only
    assert coached_cohort.name in html
    assert other_cohort.name not in html


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("learner", 403), ("coach", 200), ("course_staff", 200), ("global_staff", 200)],
)
def test_permission_per_role(request, role, status):
    if role == "anonymous":
        user = None
    else:
        if role == "coach":
            request.getfixturevalue("coached_cohort")
        user = request.getfixturevalue(role)
    response = browser(user).get(PAGE)
    assert response.status_code == status
    if role == "anonymous":
        assert "login" in response["Location"]
    if role == "learner":
        assert "permission" in response.content.decode()


def test_a_course_without_a_role_and_a_malformed_key(course_staff):
    assert browser(course_staff).get(f"/attendance/courses/{OTHER_COURSE_KEY}/reports/").status_code == 403
    assert browser(course_staff).get("/attendance/courses/course-v1:nope/reports/").status_code == 400


def test_create_report_keeps_the_chosen_columns_in_order_then_downloads_and_deletes(
    attended, course_staff, learner
):
    client = browser(course_staff)
    response = save(client, columns=["Person", "Time"], grouping="user")
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}#report-attendance-tracking"
    preset = ReportPreset.objects.get()
    assert preset.query == {"grouping": "user", "columns": "Person,Time"}
    html = client.get(PAGE).content.decode()
    assert "Hours per learner" in html
    assert f"attendance-tracking.csv?preset={preset.id}" in html
    download = client.get(
        f"/attendance/courses/{COURSE_KEY}/reports/attendance-tracking.csv?preset={preset.id}"
    )
    rows = read_csv(b"".join(download.streaming_content))
    assert rows[0] == ["Person", "Time"]
    assert len(rows) == 3
    deleted = client.post(
        PAGE, {"action": "delete-preset", "kind": "attendance-tracking", "preset": preset.id}
    )
    assert deleted.status_code == 302
    assert not ReportPreset.objects.exists()


def test_only_their_own_presets_can_be_deleted(course_staff, instructor, course):
    save(browser(course_staff), columns=["Person"])
    preset = ReportPreset.objects.get()
    response = browser(instructor).post(
        PAGE, {"action": "delete-preset", "kind": "attendance-tracking", "preset": preset.id}
    )
    assert response.status_code == 404
    assert ReportPreset.objects.filter(id=preset.id).exists()
    assert "no such preset" in response.content.decode()


@pytest.mark.parametrize(
    ("kind", "fields", "status", "text"),
    [
        ("nothing", {"columns": ["Person"]}, 404, "There is no report"),
        ("attendance-report", {"start": "2025-01-01", "end": "2026-01-01"}, 400, "6 months"),
        ("activity", {"start": "2026-03-05", "end": "2026-03-01"}, 400, "before the start"),
        ("attendance-tracking", {"columns": ["Person", "Shoe size"]}, 400, "is not a column"),
        ("attendance-tracking", {"name": ""}, 400, "Name the preset"),
        ("attendance-tracking", {"user": "nobody-here"}, 400, "No user is called"),
    ],
)
def test_bad_input_in_create_report_saves_nothing(course_staff, kind, fields, status, text):
    response = save(browser(course_staff), kind=kind, **fields)
    assert response.status_code == status
    html = response.content.decode()
    assert text in html
    if status == 400:
        assert 'role="alert"' in html
        assert 'aria-invalid="true"' in html
    assert not ReportPreset.objects.exists()


def test_a_group_the_coach_does_not_coach_saves_nothing(coach, coached_cohort, other_cohort):
    response = save(browser(coach), columns=["Person"], group=str(other_cohort.id))
    assert response.status_code == 403
    assert "do not coach" in response.content.decode()
    assert not ReportPreset.objects.exists()


def test_a_coach_cannot_save_a_report_for_managers(coach, coached_cohort):
    response = save(browser(coach), kind="attendance-report", columns=["Username"])
    assert response.status_code == 403
    assert not ReportPreset.objects.exists()


def test_an_unknown_action_is_a_400(course_staff, course):
    response = browser(course_staff).post(PAGE, {"action": "explode", "kind": "activity"})
    assert response.status_code == 400
    assert "Choose an action" in response.content.decode()


def test_post_needs_the_csrf_token(course_staff, course):
    client = Client(enforce_csrf_checks=True)
    client.force_login(course_staff)
    response = client.post(PAGE, {"action": "save-preset", "kind": "activity", "name": "x"})
    assert response.status_code == 403
    assert not ReportPreset.objects.exists()


def test_send_by_email_confirms_then_posts_with_the_filters(
    settings, tmp_path, attended, course_staff, django_capture_on_commit_callbacks, mailoutbox
):
    settings.MEDIA_ROOT = str(tmp_path)
    client = browser(course_staff)
    address = f"/attendance/courses/{COURSE_KEY}/reports/attendance-tracking.xlsx/email/"
    confirm = client.get(address, {"grouping": "user", "user": ""})
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "csrfmiddlewaretoken" in html
    assert "grouping=user" in html
    assert not ReportFile.objects.exists()  # the GET asks nothing yet
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(address + "?grouping=user")
    assert response.status_code == 302
    report = ReportFile.objects.get()
    assert report.filters == {"grouping": "user"}
    assert len(mailoutbox) == 1


def test_send_by_email_refuses_bad_filters_before_confirming(course_staff, course):
    address = f"/attendance/courses/{COURSE_KEY}/reports/activity.csv/email/"
    response = browser(course_staff).get(address, {"start": "tomorrow"})
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.content.decode()


def test_the_dashboards_and_my_reports_link_to_the_page(course_staff, coach, coached_cohort):
    dashboard = browser(course_staff).get(f"/attendance/courses/{COURSE_KEY}/dashboard/").content.decode()
    assert f'href="{PAGE}"' in dashboard
    groups = browser(coach).get("/attendance/dashboard/").content.decode()
    assert f'href="{PAGE}"' in groups
    ReportFile.objects.create(
        user=course_staff,
        course_key=COURSE_KEY,
        kind="activity",
        file_format="csv",
        filters={},
        requested_at="2026-03-20T12:00Z",
    )
    mine = browser(course_staff).get("/attendance/reports/").content.decode()
    assert f'href="{PAGE}"' in mine


def test_the_page_reads_in_the_same_number_of_queries_whatever_the_presets(
    course_staff, live_activity, django_assert_num_queries
):
    client = browser(course_staff)
    save(client, columns=["Person"], name="Preset 0")
    with django_assert_num_queries(QUERIES):
        assert client.get(PAGE).status_code == 200
    for index in range(1, 4):
        save(client, columns=["Person"], name=f"Preset {index}")
    with django_assert_num_queries(QUERIES):
        assert client.get(PAGE).status_code == 200


def test_an_unknown_column_marks_the_checkboxes_and_keeps_the_choice(course_staff, course):
    response = save(browser(course_staff), columns=["Person", "Shoe size"], grouping="user")
    html = response.content.decode()
    assert 'value="Person" checked aria-invalid="true"' in html
    assert '<option value="user" selected>' in html  # the filters given are kept
    assert "Shoe size" in html  # named in the error


def test_the_course_dashboard_downloads_the_program_statistics(course_staff, course):
    dashboard = f"/attendance/courses/{COURSE_KEY}/dashboard/"
    html = browser(course_staff).get(dashboard).content.decode()
    assert f'href="/attendance/courses/{COURSE_KEY}/reports/program-statistics.csv"' in html
    assert f'href="/attendance/courses/{COURSE_KEY}/reports/program-statistics.xlsx"' in html
    assert f'action="/attendance/courses/{COURSE_KEY}/reports/program-statistics.xlsx/email/"' in html
