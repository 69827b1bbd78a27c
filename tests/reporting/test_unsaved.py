"""What a focal point typed when their session had ended is given back after they sign in
(reporting/views/unsaved.py), and nobody else can use that to store anything in a session or
the cache without signing in."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from reporting.views import unsaved

from .conftest import form_data

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def opened_form(client, world, report):
    """The author opens the form (signed in), then the session ends while they type: the
    form's own key, from the page."""
    client.force_login(world.kg_fp.user)
    page = client.get(report.get_edit_url())
    key = page.context["unsaved_key"]
    assert f'name="{unsaved.FIELD}" value="{key}"' in page.text
    client.session.flush()
    client.cookies.pop("sessionid", None)
    return key


def sessions_holding(text):
    return [s for s in Session.objects.all() if text in str(s.get_decoded())]


def test_draft_survives_a_session_time_out(client, world):
    report = world.report("kg", results="Saved earlier")
    version = str(report.version)
    key = opened_form(client, world, report)
    response = client.post(
        report.get_edit_url(),
        form_data(
            version=version, results="Typed after the time-out", action="save", unsaved_key=key
        ),
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    report.refresh_from_db()
    assert report.results == "Saved earlier"

    login = client.post(response["Location"], {"username": "kyra", "password": PASSWORD})
    assert login["Location"] == report.get_edit_url()
    page = client.get(report.get_edit_url())
    assert "Your session had ended" in page.text
    assert "Typed after the time-out" in page.text
    saved = client.post(
        report.get_edit_url(),
        form_data(version=version, results=page.context["form"]["results"].value()),
    )
    assert saved.status_code == 302
    report.refresh_from_db()
    assert report.results == "Typed after the time-out"
    # Given back once.
    assert "Your session had ended" not in client.get(report.get_edit_url()).text


@pytest.mark.parametrize(
    "key",
    ["", "forged", "for another report", "for another user"],
)
def test_an_anonymous_post_without_the_authors_key_stores_nothing(client, world, key):
    report = world.report("kg")
    other = world.report("landscape")
    keys = {
        "": "",
        "forged": "eyJyZXBvcnQiOjF9:forged:signature",
        "for another report": unsaved.form_key(other, world.kg_fp.user),
        "for another user": unsaved.form_key(report, world.tj_fp.user),
    }
    response = client.post(
        report.get_edit_url(), form_data(results="Someone typed this", unsaved_key=keys[key])
    )
    assert response.status_code == 302
    assert "sessionid" not in response.cookies  # no session was made
    assert not sessions_holding("Someone typed this")


def test_a_large_body_is_not_kept(client, world):
    report = world.report("kg")
    key = opened_form(client, world, report)
    big = "x" * (unsaved.MAX_CHARS + 1)
    response = client.post(report.get_edit_url(), form_data(results=big, unsaved_key=key))
    assert response.status_code == 302
    assert "sessionid" not in response.cookies
    assert not sessions_holding("xxxxxxxxxx")


def test_only_the_forms_fields_are_kept(client, world):
    report = world.report("kg")
    key = opened_form(client, world, report)
    client.post(
        report.get_edit_url(),
        {**form_data(results="Kept", unsaved_key=key), "anything": "not kept", "links-99-url": "x"},
    )
    [session] = sessions_holding("Kept")
    data = session.get_decoded()[unsaved.SESSION_KEY]["data"]
    assert data["results"] == ["Kept"]
    assert "anything" not in data and "links-99-url" not in data and unsaved.FIELD not in data


def test_stash_is_given_back_only_to_its_author(client, world):
    report = world.report("kg")
    key = opened_form(client, world, report)
    client.post(report.get_edit_url(), form_data(results="Someone typed this", unsaved_key=key))
    client.post(reverse("login"), {"username": "timur", "password": PASSWORD})
    assert client.get(report.get_edit_url()).status_code == 404
