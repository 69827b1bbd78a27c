"""The portal's frame: a favicon on every page (the error pages' own frame too), and the
admin's title in the reader's language."""

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_page_has_a_favicon(client):
    assert finders.find("favicon.svg")
    assert 'rel="icon"' in client.get(reverse("programme:home")).text
    assert 'rel="icon"' in render_to_string("500.html")


@pytest.mark.parametrize(
    "language, title",
    [
        ("en", "CAMI Portal administration"),
        ("fr", "Administration du portail CAMI"),
        ("ru", "Администрирование портала ЦАИМ"),
    ],
)
def test_the_admins_title_is_translated(client, secretariat_user, language, title):
    client.force_login(secretariat_user)
    page = client.get(reverse("admin:index"), headers={"accept-language": language}).text
    assert title in page


@pytest.mark.parametrize(("language", "mark"), [("en", "CAMI"), ("fr", "CAMI"), ("ru", "ЦАИМ")])
def test_logo_mark_in_the_page_language(client, language, mark):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<span class="brand-mark" aria-hidden="true">{mark}</span>' in html
