"""The signed presence token the block hands its page (DESIGN section 6, "Transport")."""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.utils.translation import gettext as _

from attendance_app import conf
from attendance_app.exceptions import NotAuthorized

TOKEN_SALT = "attendance_app.presence"  # noqa: S105 - a namespace, not a secret


@dataclass(frozen=True)
class TokenClaims:
    user_id: int
    activity_id: int
    extension_factor: float


def issue_token(user_id: int, activity_id: int, extension_factor: float) -> str:
    """A signed, expiring token naming the learner and the activity (``django.core.signing``)."""
    return signing.dumps({"u": user_id, "a": activity_id, "x": extension_factor}, salt=TOKEN_SALT)


def read_token(token: object, user_id: int | None) -> TokenClaims:
    """Check a token's signature, age and owner.

    Raises:
        NotAuthorized: forged, expired, or issued to another user.
    """
    if not isinstance(token, str) or len(token) > 1000:
        raise NotAuthorized(_("This page's attendance session is not valid; reload the page."))
    try:
        claims = signing.loads(token, salt=TOKEN_SALT, max_age=conf.token_max_age_seconds())
    except signing.SignatureExpired as error:
        raise NotAuthorized(_("This page's attendance session has expired; reload the page.")) from error
    except signing.BadSignature as error:
        raise NotAuthorized(_("This page's attendance session is not valid; reload the page.")) from error
    if user_id is None or claims.get("u") != user_id:
        raise NotAuthorized(_("This attendance session belongs to another user."))
    return TokenClaims(int(claims["u"]), int(claims["a"]), float(claims.get("x", 1.0)))
