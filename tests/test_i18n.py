"""Translations: complete catalogs for es_419 and fr, compiled and served to Python and JS."""

from __future__ import annotations

import gettext
import importlib.util
import re
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.utils import translation

from tests.attendance_xblock.utils import make_block

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["es_419", "fr"]
DOMAINS = ["django", "djangojs"]
PLACEHOLDER = re.compile(r"%\(\w+\)s|%s|\{\{\w+\}\}|\{\w+\}")


def catalog(lang: str, domain: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / lang / "LC_MESSAGES" / f"{domain}.po"))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_string_is_translated_with_the_same_placeholders(lang, domain):
    po = catalog(lang, domain)

    assert len(po) > 0
    assert not po.metadata_is_fuzzy, "a fuzzy header is left out of the compiled catalog"
    assert po.metadata["Plural-Forms"] == (
        "nplurals=2; plural=(n > 1);" if lang == "fr" else "nplurals=2; plural=(n != 1);"
    )
    assert [entry.msgid for entry in po if not entry.translated()] == []
    for entry in po:
        translations = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        for text in translations:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry.msgid)), entry.msgid


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_compiled_catalogs_match_their_sources(lang, domain):
    po = catalog(lang, domain)
    with (ROOT / "locale" / lang / "LC_MESSAGES" / f"{domain}.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    for entry in po:
        if not entry.msgid_plural:
            assert compiled.gettext(entry.msgid) == entry.msgstr, "run make compile_translations"


def test_javascript_catalogs_are_up_to_date():
    spec = importlib.util.spec_from_file_location(
        "compile_js_catalogs", ROOT / "scripts" / "compile_js_catalogs.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    assert module.languages() == LANGUAGES
    assert module.main(["--check"]) == 0
    assert "Enregistrer" not in module.render_catalog("es_419")
    assert '"Settings saved.": "Paramètres enregistrés."' in module.render_catalog("fr")


@pytest.mark.django_db
def test_api_errors_speak_the_requested_language(course_staff):
    client = Client()
    client.force_login(course_staff)

    response = client.get("/api/attendance/v1/activities/not-a-key/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 400
    assert response.json()["message"] == "« not-a-key » n’est pas une clé d’usage valide."


@pytest.mark.django_db
def test_block_renders_in_spanish_with_its_javascript_catalog(learner):
    block = make_block("learner", '<attendance display_name="Webinar" mode="recorded"/>')

    with translation.override("es-419"):
        fragment = block.runtime.render(block, "student_view")

    assert "Sesión grabada" in fragment.content
    urls = [resource.data for resource in fragment.resources]
    assert any(url.endswith("static/attendance/js/translations/es_419/text.js") for url in urls)


@pytest.mark.django_db
def test_block_in_english_loads_no_catalog(learner):
    block = make_block("learner")

    with translation.override("en"):
        fragment = block.runtime.render(block, "student_view")

    assert not any("translations/" in str(resource.data) for resource in fragment.resources)
