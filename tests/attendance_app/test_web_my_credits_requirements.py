"""My credits shows the learner's progress toward their organizations' credit requirements."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from attendance_app import clock
from attendance_app.api import cycles
from tests.attendance_app.cycles_helpers import activity_in, claim, cpe_unit
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db
PAGE = "/attendance/my-credits/"


@pytest.fixture
def cpe(db):
    return cpe_unit()


@pytest.fixture
def required_cpe(cpe, global_staff):
    return cycles.create_requirement(
        global_staff.id, {"org": "DemoX", "acronym": "CPE", "required_credits": "40"}
    )


def page(user, **query) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(PAGE, query)
    assert response.status_code == 200
    return response.content.decode()


def test_a_progress_bar_with_its_text_per_requirement(required_cpe, cpe, learner):
    claim(learner, activity_in(COURSE_KEY), cpe, "10", clock.now())
    html = page(learner)
    assert "Required credits" in html
    label = re.search(r'<span id="requirement-1">([^<]*)</span>', html)
    assert label is not None
    assert label.group(1) == "CPE for DemoX: 10.00 of 40.00"
    assert '<progress max="100" value="25" aria-labelledby="requirement-1">25%</progress>' in html
    assert "30.00 still to earn" in html
    year = clock.now().year
    assert f"period Jan. 1, {year} to Dec. 31, {year}" in html


def test_a_met_requirement_says_done(required_cpe, cpe, learner):
    claim(learner, activity_in(COURSE_KEY), cpe, "40", clock.now())
    html = page(learner)
    assert 'value="100"' in html
    assert "Done" in html


def test_no_section_without_requirements_or_on_a_course_tab(cpe, learner, required_cpe, outsider):
    assert "Required credits" not in page(outsider)
    assert "Required credits" not in page(learner, course=str(COURSE_KEY))
