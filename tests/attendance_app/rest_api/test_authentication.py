"""Nobody signed in: refused with the challenge DRF can name (JWT where edx-drf-extensions is installed)."""

from __future__ import annotations

import pytest

from tests.attendance_app.rest_api.utils import API, JWT_INSTALLED, assert_error, call, client_for

pytestmark = pytest.mark.django_db

MY_CREDITS = f"{API}/me/credits/"


@pytest.mark.skipif(not JWT_INSTALLED, reason="edx-drf-extensions is not installed")
def test_anonymous_is_challenged_for_a_jwt_in_an_lms():
    response = call(client_for(None), "get", MY_CREDITS)

    body = assert_error(response, 401)
    assert body["error"] == "not_authenticated"
    # "JWT realm=..." in the LMS, whose JWT_AUTH sets the header prefix; drf-jwt's default is "Bearer".
    assert response["WWW-Authenticate"].endswith('realm="api"')
