"""Authentication for the REST API: JWT where edx-drf-extensions is installed, then the LMS session.

An anonymous request gets the same answer everywhere, in the LMS and in the demo: 401 with a
``WWW-Authenticate`` challenge and the ``{error, message}`` body (ADR 0010). DRF answers 401 only
when the first authentication class names a challenge, else it turns "not authenticated" into
403; edx-drf-extensions' ``JwtAuthentication`` names one (``JWT realm="api"``), DRF's
``SessionAuthentication`` does not, so without JWT the session class below names its own.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
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


class JwtAuthenticationScheme(OpenApiAuthenticationExtension):
    """Documents edx-drf-extensions' JWT authentication in the OpenAPI schema, where it is installed.

    drf-spectacular resolves ``target_class`` lazily and ignores it when it cannot be imported.
    """

    target_class = "edx_rest_framework_extensions.auth.jwt.authentication.JwtAuthentication"
    name = "jwtAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "An Open edX JWT, sent as `JWT <token>`.",
        }
