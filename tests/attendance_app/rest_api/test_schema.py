"""/api/attendance/v1/schema/: every endpoint documented with its bodies and error shapes."""

from __future__ import annotations

import json

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db

PREFIX = "/api/attendance/v1"
# path → method → (success status, response component or None for an empty answer)
ENDPOINTS = {
    "/units/": {"get": ("200", "CreditUnitPage"), "post": ("201", "CreditUnitWithSecret")},
    "/units/templates/": {"get": ("200", "UnitChoices")},
    "/units/{unit_id}/": {
        "get": ("200", "CreditUnit"),
        "patch": ("200", "CreditUnit"),
        "delete": ("204", None),
    },
    "/units/{unit_id}/archive/": {"post": ("200", "CreditUnit")},
    "/units/{unit_id}/rotate-secret/": {"post": ("200", "CreditUnitWithSecret")},
    "/activities/{usage_key}/rules/": {"get": ("200", "Rule"), "post": ("201", "Rule")},
    "/activities/{usage_key}/rules/{rule_id}/": {"patch": ("200", "Rule"), "delete": ("204", None)},
    "/activities/{usage_key}/quizzes/": {"get": ("200", "QuizChoice")},
    "/switches/site/": {"get": ("200", "Switch"), "put": ("200", "Switch")},
    "/switches/orgs/{org}/": {"get": ("200", "Switch"), "put": ("200", "Switch")},
    "/switches/courses/{course_key}/": {"get": ("200", "CourseSwitches"), "put": ("200", "CourseSwitches")},
}
OPERATIONS = [(path, method) for path, methods in ENDPOINTS.items() for method in methods]
REQUESTS = {
    ("/units/", "post"): "CreditUnitInput",
    ("/units/{unit_id}/", "patch"): "PatchedCreditUnitInput",
    ("/activities/{usage_key}/rules/", "post"): "RuleCreate",
    ("/activities/{usage_key}/rules/{rule_id}/", "patch"): "PatchedRuleUpdate",
    ("/switches/site/", "put"): "Switch",
    ("/switches/orgs/{org}/", "put"): "Switch",
    ("/switches/courses/{course_key}/", "put"): "Switch",
}
CONFLICTS = {
    ("/units/", "post"),
    ("/units/{unit_id}/", "patch"),
    ("/units/{unit_id}/", "delete"),
    ("/activities/{usage_key}/rules/", "post"),
    ("/switches/orgs/{org}/", "put"),
    ("/switches/courses/{course_key}/", "put"),
}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        response = Client().get(f"{PREFIX}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return json.loads(response.content)


def component(content: dict) -> str:
    schema = content["application/json"]["schema"]
    reference = schema.get("$ref") or schema["items"]["$ref"]
    return reference.rsplit("/", 1)[-1]


def test_the_schema_is_valid_openapi(schema):
    validate_schema(schema)


def test_generating_the_schema_warns_about_nothing(client):
    GENERATOR_STATS.reset()

    with GENERATOR_STATS.silence():
        client.get(f"{PREFIX}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert not GENERATOR_STATS._warn_cache
    assert not GENERATOR_STATS._error_cache


@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_every_method_is_documented_with_its_answer(schema, path, method):
    operation = schema["paths"][PREFIX + path][method]
    success, expected = ENDPOINTS[path][method]

    assert success in operation["responses"]
    if expected is not None:
        assert component(operation["responses"][success]["content"]) == expected


@pytest.mark.parametrize(("path", "method"), list(REQUESTS))
def test_every_body_is_documented(schema, path, method):
    operation = schema["paths"][PREFIX + path][method]

    assert component(operation["requestBody"]["content"]) == REQUESTS[(path, method)]


@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_every_error_is_documented_with_the_error_shape(schema, path, method):
    responses = schema["paths"][PREFIX + path][method]["responses"]
    errors = {"403"} if path == "/units/templates/" else {"400", "403", "404"}
    if (path, method) in CONFLICTS:
        errors.add("409")

    assert errors <= set(responses)
    assert {component(responses[status]["content"]) for status in errors} == {"Error"}


def test_the_list_documents_its_filters_and_pages(schema):
    parameters = {parameter["name"] for parameter in schema["paths"][f"{PREFIX}/units/"]["get"]["parameters"]}

    assert parameters == {
        "org",
        "course_key",
        "managed_by",
        "search",
        "include_archived",
        "page",
        "page_size",
    }


def test_the_secret_is_documented_only_where_it_is_shown(schema):
    components = schema["components"]["schemas"]

    assert "callback_secret" in components["CreditUnitWithSecret"]["properties"]
    assert "callback_secret" not in components["CreditUnit"]["properties"]
    assert "has_callback_secret" in components["CreditUnit"]["properties"]


@pytest.mark.parametrize(
    ("component_name", "field"), [("CreditUnit", "external_url"), ("ExternalUrl", "url")]
)
def test_url_templates_are_documented_as_plain_strings(schema, component_name, field):
    """An internal unit's external_url is "" and an external one's holds {{placeholders}}: no "uri"."""
    declared = schema["components"]["schemas"][component_name]["properties"][field]

    assert declared["type"] == "string"
    assert "format" not in declared
    assert declared["description"]


@pytest.mark.parametrize("path", ["/presence/beat/", "/presence/answer/"])
def test_a_too_large_body_is_documented_as_an_error(schema, path):
    responses = schema["paths"][PREFIX + path]["post"]["responses"]

    assert component(responses["413"]["content"]) == "Error"
