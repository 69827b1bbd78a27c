"""Guidance on the report form: what each status means (tied to the choice by
aria-describedby), the cycle's reporting guidelines and whom to ask."""

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from programme.choices import STATUS_DEFINITIONS, ImplementationStatus
from reporting.models import ReportingCycle

from .conftest import form_url

pytestmark = pytest.mark.django_db


def test_every_status_has_a_definition_in_three_languages():
    from django.utils import translation

    assert set(STATUS_DEFINITIONS) == set(ImplementationStatus)
    with translation.override("en"):
        english = {status: str(text) for status, text in STATUS_DEFINITIONS.items()}
    for language in ("fr", "ru"):
        with translation.override(language):
            for status, definition in STATUS_DEFINITIONS.items():
                assert str(definition) != english[status], (language, status)


def test_form_shows_definitions_tied_to_the_status_choice(client, world):
    client.force_login(world.kg_fp.user)
    page = client.get(form_url(world, "kg")).text
    assert '<details class="rep-definitions mb-3" id="status-definitions">' in page
    assert 'aria-describedby="status-definitions id_status_help"' in page
    for status, definition in STATUS_DEFINITIONS.items():
        assert f"<dt>{status.label}</dt><dd>{definition}</dd>" in page


def test_form_shows_the_cycles_guidelines_and_contact(client, world):
    world.cycle.guidelines_en = "Report on the period only.\n\nAttach the decrees."
    world.cycle.contact_name = "Aida Secretariat"
    world.cycle.contact_email = "cami@example.org"
    world.cycle.save()
    client.force_login(world.kg_fp.user)
    page = client.get(form_url(world, "kg")).text
    assert "<p>Report on the period only.</p>" in page and "Attach the decrees." in page
    assert "Write to Aida Secretariat" in page
    assert 'href="mailto:cami@example.org"' in page


def test_form_in_french_has_translated_guidance(client, world):
    world.cycle.guidelines_fr = "Ne rendez compte que de la période."
    world.cycle.contact_email = "cami@example.org"
    world.cycle.save()
    client.force_login(world.kg_fp.user)
    page = client.get(form_url(world, "kg"), HTTP_ACCEPT_LANGUAGE="fr").text
    assert "Ne rendez compte que de la période." in page
    assert "Que signifie chaque état" in page


def test_without_guidelines_or_contact_no_empty_box(client, world):
    client.force_login(world.kg_fp.user)
    page = client.get(form_url(world, "kg")).text
    assert "rep-guidance" not in page


def test_secretariat_edits_guidelines_and_contact_in_the_admin(secretariat_user):
    admin = site._registry[ReportingCycle]
    request = RequestFactory().get("/")
    request.user = secretariat_user
    fields = admin.get_form(request)().fields
    for name in ("guidelines_en", "guidelines_fr", "guidelines_ru", "contact_name",
                 "contact_email"):  # fmt: skip
        assert name in fields
