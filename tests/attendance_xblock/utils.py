"""Helpers to build Attendance blocks in the xblock-sdk workbench runtime."""

from __future__ import annotations

import json
from typing import Any

import webob
from workbench.runtime import WorkbenchRuntime


def make_block(username: str | None, xml: str = '<attendance display_name="Ethics webinar"/>') -> Any:
    """An Attendance block as ``username`` sees it (the workbench names learners by username)."""
    runtime = WorkbenchRuntime(username)
    return runtime.get_block(runtime.parse_xml_string(xml))


def call_handler(block: Any, handler: str, body: Any, *, raw: bytes | None = None) -> webob.Response:
    request = webob.Request.blank(
        "/", method="POST", body=raw if raw is not None else json.dumps(body).encode()
    )
    return block.runtime.handle(block, handler, request)


def view_as(block: Any, username: str | None) -> Any:
    """The same block placement, as another user sees it."""
    return WorkbenchRuntime(username).get_block(block.scope_ids.usage_id)
