"""The REST views' JSON parser: DRF's, with the nesting depth bounded (see ``api.json_input``)."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from attendance_app.api import json_input


class BoundedJSONParser(JSONParser):
    """``application/json`` bodies, refused with a translated 400 when malformed or too deeply nested."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        raw = stream.read() if stream is not None else b""
        try:
            return json_input.loads(raw)
        except json_input.InvalidJSON as error:
            raise ParseError(error.message) from error
