"""The ``program-statistics`` report: the seed 003 per-learner export as CSV and XLSX, every role."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from attendance_app import clock
from attendance_app.exceptions import NotAuthorized
from attendance_app.reports import KINDS, merged_tables, prepare_report
from attendance_app.reports import program_statistics as ps
from tests.attendance_app.program_data import build, coach_of
from tests.attendance_app.reports.classroom_data import seat, workshop
from tests.attendance_app.reports.helpers import read_csv, read_xlsx
from tests.attendance_app.rest_api.utils import API, call, client_for
from tests.factories import COURSE_KEY, OTHER_COURSE_KEY, UserFactory

pytestmark = pytest.mark.django_db

KIND = "program-statistics"
SLOT_COLUMNS = ("Classroom Block Title", "Classroom Slot Title", "Classroom Slot Attendance")


@pytest.fixture
def data(course):
    data = build(4)
    data.update(workshop(data["people"]))
    return data


def table(reader, file_format="csv", **filters) -> list[dict[str, str]]:
    prepared = prepare_report(KIND, file_format, COURSE_KEY, reader.id, filters, clock.now())
    raw = b"".join(prepared.chunks)
    rows = read_csv(raw) if file_format == "csv" else read_xlsx(raw)
    header = [str(cell) for cell in rows[0]]
    return [dict(zip(header, [str(cell) for cell in row], strict=True)) for row in rows[1:]]


def header(reader) -> list[str]:
    prepared = prepare_report(KIND, "csv", COURSE_KEY, reader.id, {}, clock.now())
    return read_csv(b"".join(prepared.chunks))[0]


def slot_titles(columns: list[str]) -> int:
    return sum(1 for name in columns if name.startswith("Classroom Slot Title "))


def test_the_kind_is_registered():
    assert KIND in KINDS


def test_each_learner_has_their_own_attendance_in_each_slot(course_staff, data):
    rows = {row["Last name"]: row for row in table(course_staff)}
    _morning, afternoon, evening = data["slots"]

    p0, p1, p2 = rows["Last000"], rows["Last001"], rows["Last002"]
    assert [p0[f"Classroom Slot Title {n}"] for n in (1, 2, 3)] == ["Morning", "Afternoon", "Evening"]
    assert (p0["Classroom Slot Attendance 1"], p1["Classroom Slot Attendance 1"]) == ("Present", "Absent")
    assert p2["Classroom Slot Attendance 1"] == ""  # not registered for Morning
    assert p2["Classroom Slot Attendance 2"] == ""  # registered, not marked yet
    assert p0["Classroom Block Title 1"] == "Workshop"
    assert (p0["Classroom Slot Duration 1"], p0["Classroom Slot Duration 2"]) == ("3", "1.5")
    assert p0["Classroom Slot Start Date 2"] == afternoon.start.strftime("%Y/%m/%d %H:%M")
    assert p0["Classroom Slot End Date 3"] == evening.end.strftime("%Y/%m/%d 12:00")
    assert p0["Classroom Slot Start Date 1"].endswith(" 09:00")
    # the course's and the slots' instructors, by email
    assert p0["Instructors"] == "evening-teacher@example.com, p-teacher@example.com, slot-teacher@example.com"


def test_csv_and_xlsx_have_the_same_cells(course_staff, data):
    assert table(course_staff, "xlsx") == table(course_staff)


@pytest.mark.parametrize(
    ("role", "learners", "groups", "slots"),
    [
        ("course_staff", ["Last000", "Last001", "Last002", "Last003"], ["Blue", "Green"], 3),
        ("global_staff", ["Last000", "Last001", "Last002", "Last003"], ["Blue", "Green"], 3),
        ("coach", ["Last000", "Last002"], ["Blue"], 3),
        ("coach_of_the_other_cohort", ["Last001", "Last003"], ["Green"], 3),
        ("slot_instructor", ["Last000", "Last001", "Last002"], [], 2),
        ("evening_instructor", ["Last000"], [], 1),
    ],
)
def test_who_sees_which_learners_groups_and_slots(request, data, role, learners, groups, slots):
    reader = {
        "coach": lambda: coach_of(data["blue"]),
        "coach_of_the_other_cohort": lambda: coach_of(data["green"], "green_coach"),
        "slot_instructor": lambda: data["teacher"],
        "evening_instructor": lambda: data["evening_teacher"],
    }.get(role, lambda: request.getfixturevalue(role))()
    columns = header(reader)

    assert [row["Last name"] for row in table(reader)] == learners
    assert [name for name in ("Blue", "Green") if name in columns] == groups
    assert slot_titles(columns) == slots


def test_a_slot_instructor_sees_only_their_slots(data):
    row = table(data["evening_teacher"])[0]
    assert (row["Classroom Slot Title 1"], row["Classroom Slot Attendance 1"]) == ("Evening", "")
    assert "Classroom Slot Title 2" not in row


@pytest.mark.parametrize("role", ["learner", "outsider", "other_course_coach"])
def test_learners_outsiders_and_other_courses_coaches_are_refused(request, data, role):
    if role == "other_course_coach":
        reader = UserFactory(username="far_coach")
        from attendance_app.models import CoachAssignment

        CoachAssignment.objects.create(user=reader, course_key=OTHER_COURSE_KEY, cohort_id=data["blue"].id)
    else:
        reader = request.getfixturevalue(role)
    seat(data["slots"][2], reader)  # a learner registered for a slot is still no reader
    with pytest.raises(NotAuthorized):
        prepare_report(KIND, "csv", COURSE_KEY, reader.id, {}, clock.now())


@pytest.mark.parametrize("kind", [kind for kind in KINDS if kind != KIND])
def test_slot_instructors_read_no_other_report(data, kind):
    with pytest.raises(NotAuthorized):
        prepare_report(kind, "csv", COURSE_KEY, data["teacher"].id, {}, clock.now())


def test_a_slot_instructor_names_no_group(data):
    with pytest.raises(NotAuthorized):
        prepare_report(
            KIND, "csv", COURSE_KEY, data["teacher"].id, {"group": str(data["blue"].id)}, clock.now()
        )


def test_the_group_filter_and_chosen_columns(course_staff, data):
    rows = table(course_staff, group=str(data["green"].id), columns="Last name,Classroom Slot Attendance 1")
    assert rows == [
        {"Last name": "Last001", "Classroom Slot Attendance 1": "Absent"},
        {"Last name": "Last003", "Classroom Slot Attendance 1": ""},
    ]


def test_the_now_url_the_rest_api_and_the_command(course_staff, data, tmp_path):
    browser = Client()
    browser.force_login(course_staff)
    page = browser.get(f"/attendance/courses/{COURSE_KEY}/reports/{KIND}.xlsx")
    assert page.status_code == 200
    assert read_xlsx(b"".join(page.streaming_content))[1][0] == "Last000"
    rest = call(client_for(data["teacher"]), "get", f"{API}/courses/{COURSE_KEY}/reports/{KIND}/")
    assert rest.status_code == 200
    assert [row[0] for row in read_csv(b"".join(rest.streaming_content))[1:]] == [
        "Last000",
        "Last001",
        "Last002",
    ]
    target = tmp_path / "statistics.csv"
    call_command(
        "attendance_report", KIND, "--output", str(target), "--course", str(COURSE_KEY), stdout=StringIO()
    )
    assert [row[0] for row in read_csv(target.read_bytes())[1:]] == [
        "Last000",
        "Last001",
        "Last002",
        "Last003",
    ]


@pytest.mark.parametrize("size", [5, 40])
def test_a_constant_number_of_queries(course_staff, size, django_assert_num_queries):
    data = build(size)
    data.update(workshop(data["people"]))

    # permission 2, cohorts 1; statistics 10 + slots and registrations 2; instructors 3; marks 1
    with django_assert_num_queries(17):
        rows = read_csv(
            b"".join(prepare_report(KIND, "csv", COURSE_KEY, course_staff.id, {}, clock.now()).chunks)
        )
    assert len(rows) == size + 1
    # a slot instructor: + org admin, coaching, their slots, their learners; no cohort read at all
    with django_assert_num_queries(18):
        prepare_report(KIND, "csv", COURSE_KEY, data["teacher"].id, {}, clock.now())


def test_several_courses_share_one_header():
    first = (["Name", "Blue", "Slot 1"], iter([["a", "x", "Present"]]))
    second = (["Name", "Green", "Slot 1", "Slot 2", "Name"], iter([["b", "x", "", "Absent", "again"]]))

    columns, rows = merged_tables([first, second])
    assert columns == ["Name", "Blue", "Slot 1", "Green", "Slot 2", "Name"]
    assert list(rows) == [["a", "x", "Present", "", "", ""], ["b", "", "", "x", "Absent", "again"]]


def test_the_statistics_scope_of_the_dashboard_is_unchanged(data):
    with pytest.raises(NotAuthorized):  # the dashboard stays the course team's and coaches'
        ps.statistics_scope(data["teacher"].id, COURSE_KEY)


ROLES = ("learner", "coach_of_another_cohort", "coach", "slot_instructor", "course_staff", "global_staff")


def reader_for(request, data, role):
    if role == "learner":
        return data["people"][0]  # registered for two slots, in the Blue group
    if role == "coach":
        return coach_of(data["blue"])
    if role == "coach_of_another_cohort":
        return coach_of(data["green"], "green_coach")
    if role == "slot_instructor":
        return data["teacher"]
    return request.getfixturevalue(role)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_every_report_and_role(request, data, kind, role):
    reader = reader_for(request, data, role)
    allowed = (
        role in ("course_staff", "global_staff")
        or (role.startswith("coach") and kind != "attendance-report")
        or (role == "slot_instructor" and kind == KIND)
    )
    filters = {"grouping": "user"} if kind == "attendance-tracking" else {}
    if not allowed:
        with pytest.raises(NotAuthorized):
            prepare_report(kind, "csv", COURSE_KEY, reader.id, filters, clock.now())
        return
    prepared = prepare_report(kind, "csv", COURSE_KEY, reader.id, filters, clock.now())
    rows = read_csv(b"".join(prepared.chunks))[1:]
    p0, p1, p2, p3 = data["people"]
    seen = {
        "coach": {p0, p2},
        "coach_of_another_cohort": {p1, p3},
        "slot_instructor": {p0, p1, p2},
    }.get(role, {p0, p1, p2, p3})
    if kind == KIND:
        assert {row[0] for row in rows} == {person.last_name for person in seen}
    elif kind == "attendance-tracking":  # p0 has no time in the webinar
        assert {row[0] for row in rows} == {str(person.id) for person in seen if person != p0}


def test_via_email_for_a_slot_instructor_who_then_stops_teaching(
    data, settings, tmp_path, django_capture_on_commit_callbacks, mailoutbox
):
    from attendance_app.models import ReportFile, ReportStatus
    from attendance_app.reports import delivery

    settings.MEDIA_ROOT = str(tmp_path)
    teacher = data["teacher"]
    with django_capture_on_commit_callbacks(execute=True):
        asked = delivery.request_report_file(teacher.id, KIND, "xlsx", COURSE_KEY, {}, clock.now())
    stored = ReportFile.objects.get(id=asked.id)
    assert (stored.status, stored.rows_written) == (ReportStatus.DONE, 3)
    assert [row[0] for row in read_xlsx(stored.file.read())[1:]] == ["Last000", "Last001", "Last002"]
    assert [mail.to for mail in mailoutbox] == [[teacher.email]]

    for slot in data["slots"]:
        slot.instructors.remove(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        again = delivery.request_report_file(
            data["evening_teacher"].id, KIND, "csv", COURSE_KEY, {}, clock.now()
        )
    assert ReportFile.objects.get(id=again.id).status == ReportStatus.DONE
    with pytest.raises(NotAuthorized):  # the permission is checked again: no more slots, no report
        delivery.request_report_file(teacher.id, KIND, "csv", COURSE_KEY, {}, clock.now())
