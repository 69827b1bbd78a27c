"""API tokens: on the user's own page, and the demo partner's."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from programme.models import ActivityStatus
from tests.factories import ActivityFactory, IssueFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db


def test_token_page_needs_a_signed_in_user(client):
    response = client.get("/api/token/")
    assert response.status_code == 302
    assert "next=/api/token/" in response["Location"]
    assert client.post("/api/token/", {"action": "create"}).status_code == 302
    assert not Token.objects.exists()


def test_user_creates_replaces_and_revokes_their_token(client, partner):
    client.force_login(partner)
    page = client.get("/api/token/")
    assert "You have no token yet" in page.text
    assert page["Cache-Control"].startswith("max-age=0")

    response = client.post("/api/token/", {"action": "create"}, follow=True)
    first = Token.objects.get(user=partner)
    assert first.key in response.text
    response = client.post("/api/token/", {"action": "create"}, follow=True)
    second = Token.objects.get(user=partner)
    assert second.key != first.key and second.key in response.text
    assert "no longer works" in response.text

    response = client.post("/api/token/", {"action": "revoke"}, follow=True)
    assert not Token.objects.filter(user=partner).exists()
    assert "revoked" in response.text
    assert client.post("/api/token/", {"action": "steal"}).status_code == 400


def test_a_revoked_token_no_longer_works(api, partner):
    token = Token.objects.create(user=partner)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/species/").status_code == 200
    token.delete()
    response = api.get("/api/v1/species/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_token_page_form_needs_csrf(partner):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(partner)
    assert browser.post("/api/token/", {"action": "create"}).status_code == 403
    assert not Token.objects.exists()


def test_demo_partner_has_a_read_only_token(settings, capsys, api):
    ActivityFactory(issue=IssueFactory(objective=ObjectiveFactory(number=1)))
    settings.DEBUG = True
    call_command("create_demo_accounts")
    call_command("create_demo_accounts")  # twice: the same token
    partner = get_user_model().objects.get(username="partner")
    assert not partner.is_staff and not partner.is_superuser
    assert not partner.groups.exists()
    token = Token.objects.get(user=partner)
    out = capsys.readouterr().out
    assert f"API token of partner (read only): {token.key}" in out
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/activities/").status_code == 200
    response = api.patch(
        "/api/v1/activities/1.1.1/status/", {"status": "completed"}, headers={"if-match": "*"}
    )
    assert response.status_code == 403
    assert not ActivityStatus.objects.exists()


def test_demo_token_is_in_the_readme(settings):
    from pathlib import Path

    from reporting.management.commands.create_demo_accounts import DEMO_ACCOUNTS

    [partner] = [spec for spec in DEMO_ACCOUNTS if spec["username"] == "partner"]
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    assert partner["api_token"] in readme and partner["password"] in readme
