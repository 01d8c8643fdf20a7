"""Author text never escapes its element in the block's views (issue 14, point 9).

The payload below closed the runtime's ``<script type="json/xblock-args">`` element and ran its
``onerror`` handler; it also broke the arguments' JSON, so heartbeats never started.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from attendance_app import api
from attendance_xblock.rendering import INIT_ARGS_CLASS, json_for_html
from tests.attendance_xblock.utils import call_handler, make_block, view_as
from tests.factories import GradableItemFactory

pytestmark = pytest.mark.django_db

PAYLOAD = "</script><img src=x onerror=alert(1)>&amp;"


class Page(HTMLParser):
    """The elements of a rendered fragment as a browser's tokenizer sees them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_data(self, data):
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def init_args(self) -> dict:
        (text,) = [text for attrs, text in self.scripts if attrs.get("class") == INIT_ARGS_CLASS]
        return json.loads(text)

    def attributes(self) -> list[str]:
        return [name for _tag, attrs in self.tags for name in attrs]


@pytest.fixture
def authored_block(course_staff, org_admin, course):
    """A recorded session whose every author-editable text is the payload."""
    quiz = GradableItemFactory(display_name=PAYLOAD)
    internal = api.create_unit(
        org_admin.id,
        {"org": "DemoX", "template": "cpe", "name": PAYLOAD, "field_of_study": PAYLOAD},
    )
    external = api.create_unit(
        org_admin.id,
        {
            "org": "DemoX",
            "managed_by": "external",
            "acronym": "EXT",
            "name": PAYLOAD,
            "external_url": "https://credits.example.com/claim?p={{personID}}",
        },
    )
    block = make_block("course_staff", '<attendance display_name="Replay"/>')
    settings = {
        "display_name": PAYLOAD,
        "mode": "recorded",
        "live_start": "2026-01-01T00:00:00Z",
        "external_id": PAYLOAD,
        "video_url": "/static/demo/recording.webm?" + PAYLOAD,
    }
    assert call_handler(block, "save_settings", settings).status_code == 200
    assert call_handler(block, "set_course_switch", {"enabled": True}).status_code == 200
    for rule in (
        {"unit_id": internal.id, "quiz_usage_key": str(quiz.usage_key), "min_grade": 50},
        {"unit_id": external.id},
    ):
        assert call_handler(block, "add_rule", rule).status_code == 200
    return block


def test_json_for_html_escapes_what_could_end_a_script_and_still_parses_back():
    text = json_for_html({"name": PAYLOAD, "<key>": ["a&b", "</SCRIPT >"]})

    assert not {"<", ">", "&"} & set(text)
    assert json.loads(text) == {"name": PAYLOAD, "<key>": ["a&b", "</SCRIPT >"]}


def test_learner_view_keeps_the_payload_as_text_and_its_arguments_as_valid_json(authored_block, learner):
    fragment = view_as(authored_block, "learner").runtime.render(
        view_as(authored_block, "learner"), "student_view"
    )
    page = Page(fragment.content)

    assert "img" not in [tag for tag, _attrs in page.tags]
    assert "onerror" not in page.attributes()
    # Nothing of ours is left for the runtime to write raw (an installed aside may write its own).
    runtime_args = re.findall(r'<script type="json/xblock-args"[^>]*>(.*?)</script>', fragment.content, re.S)
    assert not [args for args in runtime_args if "usage_key" in args or "img" in args]
    args = page.init_args()
    assert args["presence"]["video_url"].endswith(PAYLOAD)
    assert args["presence"]["token"]
    assert {unit["name"] for unit in args["presence"]["meter"]["units"]} == {PAYLOAD}
    assert [link["name"] for link in args["claim"]["external"]] == [PAYLOAD]
    assert PAYLOAD.replace("<", "&lt;").replace(">", "&gt;") in fragment.content.replace("&amp;", "&")


def test_studio_view_keeps_the_payload_as_text(authored_block):
    fragment = authored_block.runtime.render(authored_block, "studio_view")
    page = Page(fragment.content)

    assert "img" not in [tag for tag, _attrs in page.tags]
    assert "onerror" not in page.attributes()
    values = [attrs.get("value") for tag, attrs in page.tags if tag == "input"]
    assert PAYLOAD in values  # display name and external id, as the inputs' values
    assert page.init_args() == {"csrf_cookie_name": "csrftoken"}


def test_two_blocks_never_share_an_element_id(course_staff, learner):
    first = make_block("learner", '<attendance display_name="One"/>')
    second = make_block("learner", '<attendance display_name="Two"/>')

    ids: list[str] = []
    for block in (first, second):
        for view in ("student_view", "studio_view"):
            page = Page(
                view_as(block, "course_staff").runtime.render(view_as(block, "course_staff"), view).content
            )
            ids += [str(attrs["id"]) for _tag, attrs in page.tags if attrs.get("id")]

    assert len(ids) == len(set(ids))
    assert len(ids) > 20
