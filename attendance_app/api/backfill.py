"""Filling the mirror tables from the platform, one course run at a time (``backfill_attendance_mirrors``).

Each course is read once per table through the platform seam (never once per learner) and written
with the time the reading started: an event newer than that keeps its change, an older one loses.
"""

from __future__ import annotations

from collections import Counter

from opaque_keys.edx.keys import CourseKey

from attendance_app import clock
from attendance_app.api import mirrors
from attendance_app.platform import get_backend


def backfill_course(course_key: CourseKey) -> Counter[str]:
    """Mirror one course run's enrollments, cohorts, grades, certificates, roles and blocks.

    Returns how many rows each table received (unchanged ones included).
    """
    backend = get_backend()
    at = clock.now()
    counts: Counter[str] = Counter()
    for enrollment in backend.enrollment_records(course_key):
        mirrors.record_enrollment(enrollment.user_id, course_key, enrollment.mode, enrollment.is_active, at)
        counts["enrollments"] += 1
    for membership in backend.cohort_membership_records(course_key):
        mirrors.record_cohort(membership.user_id, course_key, membership.cohort_name, at)
        counts["cohorts"] += 1
    for grade in backend.grade_summary_records(course_key):
        mirrors.record_grade(grade.user_id, course_key, grade.percent, grade.letter_grade, grade.passed, at)
        counts["grades"] += 1
    for certificate in backend.certificate_records(course_key):
        mirrors.record_certificate(
            certificate.user_id, course_key, certificate.mode, certificate.status, False, at
        )
        counts["certificates"] += 1
    for role in backend.access_role_records(course_key):
        mirrors.record_role(role.user_id, role.org, role.course_key, role.role, True, at)
        counts["roles"] += 1
    for block_type in sorted(mirrors.MIRRORED_BLOCK_TYPES):
        for block in backend.published_block_records(course_key, block_type):
            mirrors.record_block(block.usage_key, block.block_type, False, at)
            counts["blocks"] += 1
    return counts
