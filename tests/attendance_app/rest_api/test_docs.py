"""/api/attendance/v1/: a JSON index, Swagger UI served from the sidecar package, JSON 404s."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.attendance_app.rest_api.utils import API, assert_error

pytestmark = pytest.mark.django_db


def test_the_api_root_is_a_json_index(client):
    response = client.get(f"{API}/")

    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Attendance & Credits API"
    assert body["version"] == "1.0.0"
    assert body["links"]["schema"] == f"http://testserver{API}/schema/"
    assert body["links"]["docs"] == f"http://testserver{API}/docs/"
    assert body["links"]["units"] == f"http://testserver{API}/units/"
    assert body["links"]["my_credits"] == f"http://testserver{API}/me/credits/"


def test_the_docs_page_loads_swagger_ui_from_this_server_only(client):
    response = client.get(f"{API}/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-schema-url="{API}/schema/"' in html
    for asset in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "api-docs.js"):
        assert f'"{API}/docs/assets/{asset}"' in html
    assert "https://" not in html
    assert "//cdn" not in html


@pytest.mark.parametrize(
    ("name", "content_type", "start"),
    [
        ("swagger-ui-bundle.js", "text/javascript", b""),
        ("swagger-ui.css", "text/css", b""),
        ("api-docs.js", "text/javascript", b"/* Swagger UI"),
        ("favicon-32x32.png", "image/png", b"\x89PNG"),
    ],
)
def test_the_docs_assets_are_served_from_the_packages(client, name, content_type, start):
    response = client.get(f"{API}/docs/assets/{name}")

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    content = b"".join(response.streaming_content)
    assert len(content) > 100
    assert content.startswith(start)


@pytest.mark.parametrize(
    "name", ["LICENSE", "..%2F..%2Fapps.py", "oauth2-redirect.html", "swagger-ui.css.map"]
)
def test_no_other_file_is_served(client, name):
    assert client.get(f"{API}/docs/assets/{name}").status_code == 404


def test_the_docs_only_answer_reads(client):
    assert client.post(f"{API}/docs/").status_code == 405
    assert client.post(f"{API}/").status_code == 405


def test_an_unknown_api_address_is_a_json_404(client):
    body = assert_error(client.get(f"{API}/no/such/thing/"), 404)

    assert body["error"] == "not_found"


def test_a_server_posting_to_an_id_past_64_bits_gets_the_json_404():
    """No session, no CSRF cookie: as an external system calling back with a wrong unit id."""
    client = Client(enforce_csrf_checks=True)

    response = client.post(f"{API}/external/units/{2**64}/callback/", b"{}", content_type="application/json")

    assert assert_error(response, 404)["error"] == "not_found"
