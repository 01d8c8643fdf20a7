"""Who is in the demo course, and the one password they share (demo only)."""

from __future__ import annotations

DEMO_PASSWORD = "demo"

STAFF = ("staff", "Sam", "Staffer")
INSTRUCTOR = ("instructor", "Iris", "Instructor")
COACH = ("coach", "Carmen", "Coach")
ADMIN = ("admin", "Ada", "Admin")

LEARNERS = [
    ("learner01", "Amara", "Okafor"),
    ("learner02", "Bruno", "Silva"),
    ("learner03", "Chloé", "Martin"),
    ("learner04", "Dmitri", "Volkov"),
    ("learner05", "Elena", "García"),
    ("learner06", "Farid", "Haddad"),
    ("learner07", "Grace", "Lee"),
    ("learner08", "Hiro", "Tanaka"),
    ("learner09", "Ingrid", "Johansson"),
    ("learner10", "Jamal", "Brown"),
    ("learner11", "Kavya", "Reddy"),
    ("learner12", "Luis", "Hernández"),
    ("learner13", "Mei", "Chen"),
    ("learner14", "Nadia", "Kowalski"),
    ("learner15", "Omar", "Farouk"),
    ("learner16", "Priya", "Nair"),
    ("learner17", "Quentin", "Dubois"),
    ("learner18", "Rosa", "Moretti"),
    ("learner19", "Sven", "Larsen"),
    ("learner20", "Tomás", "Ruiz"),
]

ROLES = [
    (ADMIN, "Global staff and organization admin: manages the units catalogue."),
    (STAFF, "Course staff: edits activity rules, sees every learner, downloads reports."),
    (INSTRUCTOR, "Course instructor: marks classroom attendance."),
    (COACH, "Coach of the Morning group: sees that group's statistics."),
]
