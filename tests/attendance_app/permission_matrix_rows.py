"""The permission matrix: the status each of the eleven roles gets from every operation.

One line per operation: its kind (``api``, ``page``, ``handler``), method, URL or handler name, then one
status per role in the order of the header (``ROLES`` of ``permission_matrix_world``). Writes send
``{}`` (an empty form for pages) unless ``API_BODIES``/``HANDLER_BODIES`` give a minimal body, so a
400 in a column of a permitted role means "allowed, the empty body refused". ``#`` lines are notes.

To add a route: add its line (copy a neighbour's and change what differs); run
``pytest tests/attendance_app/test_permission_matrix.py`` - each wrong status fails with its role.
"""

from __future__ import annotations

# Roles: anon = anonymous, lrn = the learner (cohort A, a claim, a certificate), oth = a learner of
# another course, une = unenrolled since (an inactive enrolment), oco = the coach of cohort B,
# coa = the coach of cohort A, sin = the slot's instructor (no course role), ins = course instructor,
# stf = course staff, gst = global staff, oad = the org admin of DemoX.
TABLE = """
#kind   method name                             anon  lrn  oth  une  oco  coa  sin  ins  stf  gst  oad
# REST: /api/attendance/v1/ (anonymous 401 with a challenge, ADR 0010)
api     GET    api-index                        200  200  200  200  200  200  200  200  200  200  200
api     GET    api-docs                         200  200  200  200  200  200  200  200  200  200  200
api     GET    api-docs-asset                   200  200  200  200  200  200  200  200  200  200  200
#   Catalogues: global staff for the site's, org admins for their organization's (a list names its org).
#   POSTs send {"org": "DemoX"} (API_BODIES): a refusal is the permission's, a 400 the missing fields'.
api     GET    api-unit-list                    401  403  403  403  403  403  403  403  403  200  403
api     POST   api-unit-list                    401  403  403  403  403  403  403  403  403  400  400
#   The unit templates are the same for everyone signed in.
api     GET    api-unit-templates               401  200  200  200  200  200  200  200  200  200  200
api     GET    api-unit-detail                  401  403  403  403  403  403  403  403  403  200  200
api     PATCH  api-unit-detail                  401  403  403  403  403  403  403  403  403  200  200
api     DELETE api-unit-detail                  401  403  403  403  403  403  403  403  403  409  409
api     POST   api-unit-archive                 401  403  403  403  403  403  403  403  403  200  200
api     POST   api-unit-rotate-secret           401  403  403  403  403  403  403  403  403  400  400
api     GET    api-requirement-list             401  403  403  403  403  403  403  403  403  200  200
api     POST   api-requirement-list             401  403  403  403  403  403  403  403  403  400  400
api     GET    api-requirement-detail           401  403  403  403  403  403  403  403  403  200  200
api     PATCH  api-requirement-detail           401  403  403  403  403  403  403  403  403  200  200
api     DELETE api-requirement-detail           401  403  403  403  403  403  403  403  403  204  204
#   Who may not see the activity gets 404, not 403: its existence stays hidden.
api     GET    activity-settings                401  200  404  404  404  404  404  200  200  200  200
api     PUT    activity-settings                401  403  403  403  403  403  403  400  400  400  400
api     GET    activity-rules                   401  200  404  404  404  404  404  200  200  200  200
api     POST   activity-rules                   401  403  403  403  403  403  403  400  400  400  400
api     PATCH  activity-rule                    401  403  403  403  403  403  403  200  200  200  200
api     DELETE activity-rule                    401  403  403  403  403  403  403  204  204  204  204
api     GET    activity-quizzes                 401  403  403  403  403  403  403  200  200  200  200
api     GET    activity-evidence                401  403  403  403  403  403  403  200  200  200  200
api     POST   api-activity-audit-pack          401  403  403  403  403  403  403  202  202  202  202
api     GET    activity-slots                   401  200  403  403  403  403  200  200  200  200  200
api     POST   activity-slots                   401  403  403  403  403  403  403  400  400  400  400
api     GET    activity-slot-attendance         401  200  403  403  403  403  200  200  200  200  200
api     POST   slot-import                      401  403  403  403  403  403  403  400  400  400  400
api     GET    slot-calendar                    401  200  403  403  403  403  200  200  200  200  200
api     POST   slot-mark-import                 401  403  403  403  403  403  400  400  400  400  400
api     GET    slot-roster                      401  403  403  403  403  403  200  200  200  200  200
api     GET    activity-slot                    401  200  403  403  403  403  200  200  200  200  200
api     PATCH  activity-slot                    401  403  403  403  403  403  403  200  200  200  200
api     DELETE activity-slot                    401  403  403  403  403  403  403  204  204  204  204
#   DELETE gives up the caller's own seat: idempotent, nothing of anyone else's to change.
api     POST   slot-registration                401  200  403  403  403  403  403  403  403  403  403
api     DELETE slot-registration                401  204  204  204  204  204  204  204  204  204  204
api     GET    slot-marks                       401  403  403  403  403  403  200  200  200  200  200
api     PUT    slot-mark                        401  403  403  403  403  403  400  400  400  400  400
api     POST   slot-mark-unmarked               401  403  403  403  403  403  400  400  400  400  400
#   409 for the markers: the slot is not running (codes exist only while it runs).
api     GET    slot-checkin-code                401  403  403  403  403  403  409  409  409  409  409
#   403 for everyone: the learner is not registered and sends no code.
api     POST   slot-checkin                     401  403  403  403  403  403  403  403  403  403  403
api     GET    slot-checkins                    401  403  403  403  403  403  200  200  200  200  200
api     GET    activity-classroom-settings      401  403  403  403  403  403  403  200  200  200  200
api     PUT    activity-classroom-settings      401  403  403  403  403  403  403  200  200  200  200
api     GET    slot-audit                       401  403  403  403  403  403  200  200  200  200  200
api     GET    activity-statuses                401  200  403  403  403  403  200  200  200  200  200
api     POST   activity-statuses                401  403  403  403  403  403  403  400  400  400  400
api     PATCH  activity-status                  401  403  403  403  403  403  403  200  200  200  200
#   POST: only a learner with credit claims (the learner has none here), the team never.
api     GET    activity-claims                  401  200  404  404  404  404  404  200  200  200  200
api     POST   activity-claims                  401  403  404  404  404  404  404  403  403  403  403
#   The classroom activity has no external unit: 403 for the viewers.
api     GET    activity-external-url            401  403  404  404  404  404  404  403  403  403  403
api     POST   api-external-callback            401  401  401  401  401  401  401  401  401  401  401
#   The learner is the user of the URL: a learner may change their own (400: no factor sent).
api     PUT    learner-accommodation            401  400  403  403  403  403  403  400  400  400  400
#   Own data (me/…) answers everyone signed in.
api     GET    api-my-credits                   401  200  200  200  200  200  200  200  200  200  200
api     GET    api-user-personal-data           401  403  403  403  403  403  403  403  403  200  403
#   400 for the team: no reason sent.
api     POST   api-claim-revoke                 401  403  404  404  404  404  404  400  400  400  400
api     POST   api-claim-certificate            401  200  404  404  404  404  404  200  200  200  200
api     GET    api-certificate-pdf              401  200  404  404  404  404  404  200  200  200  200
api     POST   api-certificate-revoke           401  403  403  403  403  403  403  400  400  400  400
api     POST   api-certificate-reissue          401  403  403  403  403  403  403  400  400  400  400
api     GET    api-course-certificates          401  403  403  403  403  403  403  200  200  200  200
api     GET    api-certificate-settings         401  403  403  403  403  403  403  200  200  200  200
api     PUT    api-certificate-settings         401  403  403  403  403  403  403  200  200  200  200
#   Coaches read the reports of their cohorts (other cohort's coach: rows of cohort B only).
api     GET    api-course-report                401  403  403  403  200  200  403  200  200  200  200
api     POST   api-course-report-email          401  403  403  403  202  202  403  202  202  202  202
#   GET lists the caller's own presets (none: an empty list); POST checks the right to read.
api     GET    api-course-report-presets        401  200  200  200  200  200  200  200  200  200  200
api     POST   api-course-report-presets        401  403  403  403  201  201  403  201  201  201  201
#   A preset is its owner's (staff): anyone else's is a 404.
api     DELETE api-course-report-preset         401  404  404  404  404  404  404  404  204  404  404
api     POST   api-course-audit-pack            401  403  403  403  403  403  403  202  202  202  202
api     GET    api-my-reports                   401  200  200  200  200  200  200  200  200  200  200
#   403 for everyone: the signed token of the page is the permission, none is sent.
api     POST   presence-beat                    401  403  403  403  403  403  403  403  403  403  403
api     POST   presence-answer                  401  403  403  403  403  403  403  403  403  403  403
api     GET    presence-accommodation           401  200  200  200  200  200  200  200  200  200  200
api     POST   presence-accommodation           401  400  400  400  400  400  400  400  400  400  400
api     GET    switch-site                      401  403  403  403  403  403  403  403  403  200  403
api     PUT    switch-site                      401  403  403  403  403  403  403  403  403  400  403
api     GET    switch-org                       401  403  403  403  403  403  403  403  403  200  200
api     PUT    switch-org                       401  403  403  403  403  403  403  403  403  400  400
api     GET    switch-course                    401  403  403  403  403  403  403  200  200  200  200
api     PUT    switch-course                    401  403  403  403  403  403  403  400  400  400  400
api     GET    sponsors                         401  403  403  403  403  403  403  403  403  200  200
api     GET    sponsor-site                     401  403  403  403  403  403  403  403  403  200  403
api     PUT    sponsor-site                     401  403  403  403  403  403  403  403  403  200  403
api     GET    sponsor-org                      401  403  403  403  403  403  403  403  403  200  200
api     PUT    sponsor-org                      401  403  403  403  403  403  403  403  403  200  200
api     GET    sponsor-course                   401  403  403  403  403  403  403  200  200  200  200
api     PUT    sponsor-course                   401  403  403  403  403  403  403  200  200  200  200
#   The OpenAPI document, the API's index and docs: public.
api     GET    schema                           200  200  200  200  200  200  200  200  200  200  200

# Pages: /attendance/
page    GET    my-credits                       302  200  200  200  200  200  200  200  200  200  200
#   Form posts redirect back to My credits with the message (POST/redirect/GET).
page    POST   my-credits-claim                 302  302  302  302  302  302  302  302  302  302  302
page    POST   my-credits-certificate           302  302  302  302  302  302  302  302  302  302  302
#   The learner's certificate: the learner and the team; anyone else 404.
page    GET    certificate-download             302  200  404  404  404  404  404  200  200  200  200
#   Verification is public; an empty form is a 400.
page    GET    certificate-verify-lookup        200  200  200  200  200  200  200  200  200  200  200
page    POST   certificate-verify-lookup        400  400  400  400  400  400  400  400  400  400  400
page    GET    certificate-verify-json          200  200  200  200  200  200  200  200  200  200  200
page    GET    certificate-verify               200  200  200  200  200  200  200  200  200  200  200
page    GET    sponsors                         302  403  403  403  403  403  403  403  403  200  200
page    POST   sponsors                         302  403  403  403  403  403  403  403  403  200  200
page    GET    sponsor-preview                  302  403  403  403  403  403  403  403  403  200  403
#   Pages: anonymous is sent to sign in (302); the catalogue pages as their REST routes.
page    GET    units                            302  403  403  403  403  403  403  403  403  200  200
page    POST   units                            302  403  403  403  403  403  403  403  403  400  403
page    GET    unit-detail                      302  403  403  403  403  403  403  403  403  200  200
page    POST   unit-detail                      302  403  403  403  403  403  403  403  403  200  200
page    GET    unit-delete                      302  403  403  403  403  403  403  403  403  200  200
page    POST   unit-delete                      302  403  403  403  403  403  403  403  403  302  302
#   Credit requirements: as their REST routes. POST with an empty form: the fields are missing (400);
#   global staff without an organization of their own have none chosen (400, "enter the organization").
page    GET    credit-requirements              302  403  403  403  403  403  403  403  403  200  200
page    POST   credit-requirements              302  403  403  403  403  403  403  403  403  400  400
page    GET    credit-requirement               302  403  403  403  403  403  403  403  403  200  200
page    POST   credit-requirement               302  403  403  403  403  403  403  403  403  302  302
page    GET    credit-requirement-delete        302  403  403  403  403  403  403  403  403  200  200
page    POST   credit-requirement-delete        302  403  403  403  403  403  403  403  403  302  302
page    GET    activity-evidence-page           302  403  403  403  403  403  403  200  200  200  200
page    GET    activity-audit-pack              302  403  403  403  403  403  403  200  200  200  200
page    POST   activity-audit-pack-email        302  403  403  403  403  403  403  302  302  302  302
page    GET    classroom-slots                  302  200  403  403  403  403  200  200  200  200  200
#   POST with an empty form: the learner to mark is missing (404 for the markers).
page    GET    classroom-slot                   302  403  403  403  403  403  200  200  200  200  200
page    POST   classroom-slot                   302  403  403  403  403  403  404  404  404  404  404
#   GET shows the slot to who may see the activity's slots (fixed: was 200 for anyone signed in).
page    GET    classroom-checkin                302  200  403  403  403  403  200  200  200  200  200
page    POST   classroom-checkin                302  403  403  403  403  403  403  403  403  403  403
#   The coaches' dashboard; the team uses the course dashboard.
page    GET    group-dashboard                  302  403  403  403  200  200  403  403  403  403  403
#   302 to the dashboard for who may see it.
page    GET    course-entry                     302  403  403  403  302  302  403  302  302  302  302
page    GET    course-dashboard                 302  403  403  403  200  200  403  200  200  200  200
page    GET    course-certificates              302  403  403  403  403  403  403  200  200  200  200
page    POST   course-certificate-change        302  403  403  403  403  403  403  400  400  400  400
#   POST with an empty form: no report kind (404).
page    GET    course-reports                   302  403  403  403  200  200  403  200  200  200  200
page    POST   course-reports                   302  403  403  403  404  404  403  404  404  404  404
page    GET    course-audit-pack                302  403  403  403  403  403  403  200  200  200  200
page    POST   course-audit-pack-email          302  403  403  403  403  403  403  302  302  302  302
page    GET    course-report                    302  403  403  403  200  200  403  200  200  200  200
page    GET    course-report-email              302  403  403  403  200  200  403  200  200  200  200
page    POST   course-report-email              302  403  403  403  302  302  403  302  302  302  302
page    GET    my-reports                       302  200  200  200  200  200  200  200  200  200  200
#   The staff member's file is still pending: 404 for everyone, the owner included.
page    GET    report-file                      302  404  404  404  404  404  404  404  404  404  404

# XBlock handlers of AttendanceXBlock
#   XBlock handlers: POST only; anonymous 403 (the runtime has no login redirect); 400 = empty body.
handler POST   add_rule                         403  403  403  403  403  403  403  400  400  400  400
handler POST   add_slots                        403  403  403  403  403  403  403  400  400  400  400
handler POST   add_status                       403  403  403  403  403  403  403  400  400  400  400
handler POST   import_slots                     403  403  403  403  403  403  403  400  400  400  400
handler POST   load_classroom_options           403  403  403  403  403  403  403  200  200  200  200
handler POST   load_editor                      403  403  403  403  403  403  403  200  200  200  200
handler POST   load_slots                       403  403  403  403  403  403  403  200  200  200  200
handler POST   remove_rule                      403  403  403  403  403  403  403  200  200  200  200
handler POST   remove_slot                      403  403  403  403  403  403  403  200  200  200  200
handler POST   save_classroom_settings          403  403  403  403  403  403  403  200  200  200  200
handler POST   save_settings                    403  403  403  403  403  403  403  400  400  400  400
handler POST   set_course_switch                403  403  403  403  403  403  403  400  400  400  400
handler POST   update_slot                      403  403  403  403  403  403  403  200  200  200  200
handler POST   update_status                    403  403  403  403  403  403  403  200  200  200  200
"""


def _parse(table: str) -> dict[str, str]:
    rows: dict[str, str] = {}
    for line in table.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            kind, method, name, *statuses = line.split()
            key = f"{kind} {method} {name}"
            assert key not in rows, f"two rows for {key}"
            rows[key] = " ".join(statuses)
    return rows


#: ``"<kind> <METHOD> <name>"`` → the statuses, space-separated, in the order of ``ROLES``.
EXPECTED: dict[str, str] = _parse(TABLE)


def expected_statuses(key: str) -> list[int]:
    return [int(status) for status in EXPECTED[key].split()]
