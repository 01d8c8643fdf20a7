"""Reading a JSON body without letting its shape take the server down.

Python's ``json`` parser recurses once per nested array or object, so a body of a few thousand
``[`` raises ``RecursionError`` (a 500) long before any size limit. Every JSON body the app reads,
REST (``rest_api.v1.parsers.BoundedJSONParser``), XBlock handlers and the external callback, goes
through :func:`loads`, which counts the nesting first, in one linear pass, without recursing.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.utils.translation import gettext as _

# Far deeper than any body the app accepts (the deepest, a beat's played ranges, is 3 levels).
MAX_DEPTH = 32
# The characters that open or close a string, an array or an object, and the escape in strings.
_TOKEN = re.compile(r'["\\\[\]{}]')


class InvalidJSON(ValueError):
    """The body is not UTF-8 JSON, or nests deeper than allowed; ``message`` is translated."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def nesting_depth(text: str) -> int:
    """How deep arrays and objects nest in ``text`` (0 for a scalar), ignoring brackets in strings."""
    depth = deepest = 0
    in_string = False
    escaped = -2  # the position of the last backslash inside a string
    for token in _TOKEN.finditer(text):
        char, position = token.group(), token.start()
        if in_string:
            if position == escaped + 1:
                continue
            if char == "\\":
                escaped = position
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _refuse_constant(name: str) -> None:
    """NaN and ±Infinity are not JSON (RFC 8259), though Python's parser takes them."""
    raise ValueError(name)


def loads(raw: bytes | str, *, max_depth: int = MAX_DEPTH) -> Any:
    """The JSON value of ``raw`` (UTF-8 bytes or text).

    Raises:
        InvalidJSON: not UTF-8, not JSON (NaN and Infinity included), or nested more than
            ``max_depth`` levels.
    """
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as error:
        raise InvalidJSON(_("Send a JSON object: the body is not UTF-8 text.")) from error
    if nesting_depth(text) > max_depth:
        raise InvalidJSON(
            _("The JSON body nests arrays and objects more than {limit} levels deep.").format(limit=max_depth)
        )
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as error:
        raise InvalidJSON(_("Send a JSON object: the body is not valid JSON.")) from error
