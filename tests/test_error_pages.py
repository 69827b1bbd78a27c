"""The 403 and CSRF-failure pages are the portal's own: in its frame, saying what happened and
where to go."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_refused_page_is_designed(client, plain_user):
    client.force_login(plain_user)
    response = client.get(reverse("reporting:review"))
    assert response.status_code == 403
    page = response.text
    assert "You may not open this page" in page
    assert 'class="site-header' in page  # the portal's frame
    assert "You are signed in as charlie." in page
    assert reverse("programme:home") in page


def test_a_form_without_its_token_gets_the_portals_page(plain_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(plain_user)
    response = client.post(reverse("set_language"), {"language": "fr"})
    assert response.status_code == 403
    assert "The form could not be sent" in response.text
    assert "Nothing was saved." in response.text
    assert 'class="site-header' in response.text
