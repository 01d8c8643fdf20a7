"""Authentication for the REST API: JWT where edx-drf-extensions is installed, then the LMS session.

An anonymous request gets the same answer everywhere, in the LMS and in the demo: 401 with a
``WWW-Authenticate`` challenge and the ``{error, message}`` body (ADR 0010). DRF answers 401 only
when the first authentication class names a challenge, else it turns "not authenticated" into
403; edx-drf-extensions' ``JwtAuthentication`` names one (``JWT realm="api"``), DRF's
``SessionAuthentication`` does not, so without JWT the session class below names its own.
"""

from __future__ import annotations

from drf_spectacular.authentication import SessionScheme
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.request import Request

REALM = "api"


class ChallengingSessionAuthentication(SessionAuthentication):
    """DRF's session authentication (CSRF on unsafe methods) that challenges anonymous requests (401)."""

    def authenticate_header(self, request: Request) -> str:
        return f'Session realm="{REALM}"'


class ChallengingSessionScheme(SessionScheme):
    """The OpenAPI security scheme of :class:`ChallengingSessionAuthentication`: the session cookie."""

    target_class = "attendance_app.rest_api.v1.authentication.ChallengingSessionAuthentication"


def authentication_classes() -> list[type[BaseAuthentication]]:
    """JWT first when available (mobile apps, services; as edx-platform orders them), then the session."""
    classes: list[type[BaseAuthentication]] = []
    try:
        from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
    except ImportError:
        pass
    else:
        classes.append(JwtAuthentication)
    classes.append(ChallengingSessionAuthentication)
    return classes
