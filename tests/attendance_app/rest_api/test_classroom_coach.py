"""GET …/slots/attendance/?user_id=: a coach reads the figures of their cohorts' learners only."""

from __future__ import annotations

import pytest

from attendance_app.models import CoachAssignment
from tests.attendance_app.rest_api.test_classroom import SLOTS, World
from tests.attendance_app.rest_api.utils import assert_anonymous, assert_error, call, client_for, refused
from tests.factories import COURSE_KEY, OTHER_COURSE_KEY, CohortFactory, UserFactory

pytestmark = pytest.mark.django_db


class CoachWorld(World):
    """The classroom world, the learner in cohort A (coached), another learner in cohort B."""

    def __init__(self, request: pytest.FixtureRequest) -> None:
        super().__init__(request)
        self.other_learner = request.getfixturevalue("other_learner")
        mine, theirs = CohortFactory(name="A"), CohortFactory(name="B")
        mine.members.add(self.learner)
        theirs.members.add(self.other_learner)
        self.coaches = {
            "coach_of_the_learner": self._coach("coach_a", mine.id),
            "coach_of_another_cohort": self._coach("coach_b", theirs.id),
            # The same cohort id in another course run coaches nobody here.
            "coach_in_another_course": self._coach("coach_c", mine.id, OTHER_COURSE_KEY),
        }

    def _coach(self, username, cohort_id, course_key=COURSE_KEY):
        user = UserFactory(username=username)
        CoachAssignment.objects.create(user=user, course_key=course_key, cohort_id=cohort_id)
        return user

    def user(self, role):
        return self.coaches[role] if role in self.coaches else super().user(role)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("other_course_learner", False),
        ("coach_of_another_cohort", False),
        ("coach_in_another_course", False),
        ("coach_of_the_learner", True),
        ("slot_instructor", False),
        ("course_staff", True),
        ("global_staff", True),
    ],
)
def test_another_learners_attendance_per_role(request, role, allowed):
    world = CoachWorld(request)

    response = call(client_for(world.user(role)), "get", f"{SLOTS}attendance/", {"user_id": world.learner.id})

    if role == "anonymous":
        assert_anonymous(response)
    elif allowed:
        assert response.status_code == 200
        assert (response.json()["held_slots"], response.json()["remaining_slots"]) == (0, 1)
    else:
        body = assert_error(response, refused(role))
        assert "coaches" in body["message"]


def test_a_coach_does_not_read_the_learners_of_a_cohort_they_do_not_coach(request):
    world = CoachWorld(request)
    client = client_for(world.coaches["coach_of_the_learner"])

    other = call(client, "get", f"{SLOTS}attendance/", {"user_id": world.other_learner.id})
    own = call(client, "get", f"{SLOTS}attendance/")  # a coach who is not enrolled has no figures

    assert_error(other, 403)
    assert_error(own, 403)
