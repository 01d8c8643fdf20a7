"""The signed presence token the block hands its page (DESIGN section 6, "Transport"; ADR 0034).

The block signs a token naming the learner and the activity when it renders. Every beat's reply
carries a renewed token, which adds what the next beat may rely on without reading it again:

* ``st``, the learner's ledger row as this reply left it (the steady beat's columns). The next steady
  beat computes from it and writes with one ``UPDATE … WHERE`` every one of those columns still holds
  that value, so a stale copy (another tab, an answer, a claim) matches no row and changes nothing.
* ``s`` and ``c``, a digest of the session cookie the beat came with and when that session and its
  user were last checked. A beat whose token is bound to the cookie it comes with and was checked
  less than ``ATTENDANCE_BEAT_SESSION_CHECK_SECONDS`` ago is signed in by the token alone: no session
  or user row is read. Logging out changes the cookie, so the next beat is checked at once; a
  deactivation or a password change elsewhere stops the credit within that interval.
* ``o``, when the block signed the first token: renewals never extend a page past
  ``ATTENDANCE_TOKEN_MAX_AGE_SECONDS``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from attendance_app import clock, conf
from attendance_app.exceptions import NotAuthorized

TOKEN_SALT = "attendance_app.presence"  # noqa: S105 - a namespace, not a secret
_SESSION_SALT = TOKEN_SALT + ".session"
MAX_TOKEN_LENGTH = 1000


@dataclass(frozen=True)
class TokenClaims:
    user_id: int
    activity_id: int
    extension_factor: float
    issued_at: int | None = None  # epoch seconds of the block's first token ("o")
    session: str | None = None  # digest of the session cookie the token is bound to ("s")
    checked_at: int | None = None  # epoch seconds of the last session and user check ("c")
    state: tuple[Any, ...] | None = None  # the ledger row the last reply left ("st")
    course_key: str | None = None  # the activity's course run ("k"): its cache entries in one read


def epoch_seconds(moment: datetime) -> int:
    """The whole seconds a token keeps its instants in."""
    return int(moment.timestamp())


def session_digest(session_key: object) -> str | None:
    """What a token keeps of the session cookie: a keyed digest, never the cookie itself."""
    if not isinstance(session_key, str) or not session_key or len(session_key) > 4096:
        return None
    return salted_hmac(_SESSION_SALT, session_key, algorithm="sha256").hexdigest()[:32]


def _sign(claims: TokenClaims) -> str:
    data: dict[str, Any] = {"u": claims.user_id, "a": claims.activity_id, "x": claims.extension_factor}
    if claims.issued_at is not None:
        data["o"] = claims.issued_at
    if claims.course_key is not None:
        data["k"] = claims.course_key
    if claims.session is not None and claims.checked_at is not None:
        data.update(s=claims.session, c=claims.checked_at)
    if claims.state is not None:
        data["st"] = list(claims.state)
    return signing.dumps(data, salt=TOKEN_SALT)


def issue_token(
    user_id: int,
    activity_id: int,
    extension_factor: float,
    now: datetime | None = None,
    issued_at: int | None = None,
    course_key: str | None = None,
) -> str:
    """A signed, expiring token naming the learner, the activity and its course run.

    ``issued_at`` keeps the age of the page's first token (a token that only changes the factor).
    """
    issued = issued_at if issued_at is not None else epoch_seconds(now or clock.now())
    return _sign(TokenClaims(user_id, activity_id, extension_factor, issued_at=issued, course_key=course_key))


def renew_token(
    claims: TokenClaims, state: tuple[Any, ...] | None, session: str | None, checked_at: int | None
) -> str:
    """The token of a beat's reply: the same learner, activity and age, the row as written.

    Bound to ``session`` only with the time it was checked (``_sign`` keeps the two together or neither).
    """
    return _sign(replace(claims, session=session, checked_at=checked_at, state=state))


def _invalid() -> NotAuthorized:
    return NotAuthorized(_("This page's attendance session is not valid; reload the page."))


def _expired() -> NotAuthorized:
    return NotAuthorized(_("This page's attendance session has expired; reload the page."))


def _loads(token: object) -> dict[str, Any]:
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH:
        raise _invalid()
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=conf.token_max_age_seconds())
    except signing.SignatureExpired as error:
        raise _expired() from error
    except signing.BadSignature as error:
        raise _invalid() from error
    if not isinstance(data, dict):
        raise _invalid()
    return data


def _claims(data: dict[str, Any], now: datetime | None) -> TokenClaims:
    """The claims; with ``now`` (a beat's or an answer's instant), refused past the first token's age."""
    issued = data.get("o")
    too_old = (
        now is not None
        and isinstance(issued, int)
        and epoch_seconds(now) - issued > conf.token_max_age_seconds()
    )
    if too_old:
        raise _expired()
    session, checked, state, course = data.get("s"), data.get("c"), data.get("st"), data.get("k")
    return TokenClaims(
        int(data["u"]),
        int(data["a"]),
        float(data.get("x", 1.0)),
        issued_at=issued if isinstance(issued, int) else None,
        session=session if isinstance(session, str) else None,
        checked_at=checked if isinstance(checked, int) else None,
        state=tuple(state) if isinstance(state, list) else None,
        course_key=course if isinstance(course, str) else None,
    )


def read_token(token: object, user_id: int | None, now: datetime | None = None) -> TokenClaims:
    """Check a token's signature, age and owner.

    Raises:
        NotAuthorized: forged, expired, or issued to another user.
    """
    data = _loads(token)
    if user_id is None or data.get("u") != user_id:
        raise NotAuthorized(_("This attendance session belongs to another user."))
    return _claims(data, now)


def signed_in_claims(token: object, session_key: object, now: datetime) -> TokenClaims | None:
    """The claims of a token that signs its beat in alone, or None when the session must be checked.

    Alone means: bound to this very session cookie, and that session and its user were checked
    less than ``ATTENDANCE_BEAT_SESSION_CHECK_SECONDS`` ago. None for anything else — a render
    token, another cookie, an old check, a bad signature — and the caller checks the session.
    """
    interval = conf.beat_session_check_seconds()
    digest = session_digest(session_key)
    if interval <= 0 or digest is None:
        return None
    try:
        claims = _claims(_loads(token), now)
    except (NotAuthorized, KeyError, TypeError, ValueError):
        return None
    if claims.session is None or claims.checked_at is None:
        return None
    if not constant_time_compare(claims.session, digest):
        return None
    return claims if 0 <= epoch_seconds(now) - claims.checked_at < interval else None
