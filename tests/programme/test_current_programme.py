"""Making another programme current: only the flag moves (statuses, reports and every
history row stay as recorded), addresses with ?programme= keep their programme, and only
the secretariat (or a superuser) may do it."""

import re

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from programme.current import make_current
from programme.models import ActivityStatus, Programme
from tests.factories import ActivityFactory, IssueFactory, ObjectiveFactory, ProgrammeFactory
from tests.rangestates.factories import build_reported_programme

pytestmark = pytest.mark.django_db


def without_token(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def recorded_rows():
    """Every row people recorded: statuses and their history, everything of reporting."""
    models = [ActivityStatus, ActivityStatus.history.model]
    models += [m for m in apps.get_app_config("reporting").get_models()]
    rows = {m._meta.label: list(m._base_manager.order_by("pk").values()) for m in models}
    assert rows["programme.ActivityStatus"] and rows["reporting.Report"]
    return rows


@pytest.fixture
def two_programmes(secretariat_user):
    first = build_reported_programme(2, secretariat=secretariat_user)
    second = ProgrammeFactory(code="test-next", start_year=2021, end_year=2026, is_current=False,
                              title_en="Test next programme")  # fmt: skip
    issue = IssueFactory(objective=ObjectiveFactory(programme=second, number=1))
    ActivityFactory(issue=issue, code=f"{issue.code}.1", text_en="Test activity of the next")
    return first, second


def test_switching_keeps_every_status_report_and_history_row(two_programmes, secretariat_user):
    first, second = two_programmes
    before = recorded_rows()
    make_current(second, by=secretariat_user)
    assert Programme.objects.current() == second
    assert not Programme.objects.get(pk=first.pk).is_current
    assert recorded_rows() == before
    # The switch itself is in the programmes' history.
    assert second.history.first().is_current
    make_current(first, by=secretariat_user)
    assert recorded_rows() == before


def test_addresses_with_a_programme_keep_it(client, two_programmes, secretariat_user):
    first, second = two_programmes
    code = first.activities.order_by("sort_key").first().code
    address = f"/activities/{code}/?programme={first.code}"
    api = f"/api/v1/activities/{code}/?programme={first.code}"
    page_before, api_before = client.get(address), client.get(api).json()
    make_current(second, by=secretariat_user)
    assert without_token(client.get(address).text) == without_token(page_before.text)
    assert client.get(api).json() == api_before
    # Without ?programme= the current one is shown: the home page and the API's default.
    assert "Test next programme" in client.get("/").text
    assert client.get("/api/v1/activities/").json()["count"] == 1


def test_the_switcher_lists_the_programmes_on_home_and_the_browser(client, two_programmes):
    first, second = two_programmes
    for path in ("/", reverse("programme:activities")):
        html = client.get(path).text
        assert f'href="{path}?programme={second.code}"' in html
        assert '<strong aria-current="page">2014–2020</strong>' in html
    html = client.get(f"{reverse('programme:activities')}?programme={second.code}").text
    assert '<strong aria-current="page">2021–2026</strong>' in html
    assert "Test activity of the next" in html
    assert "?programme=test-next" in html  # its activities open in their programme


def test_one_programme_shows_no_switcher(client, secretariat_user):
    build_reported_programme(1, secretariat=secretariat_user)
    assert "programme-switcher" not in client.get("/").text


@pytest.mark.parametrize("role", ["staff_outside_group", "plain_user"])
def test_others_cannot_switch(request, two_programmes, role):
    first, second = two_programmes
    with pytest.raises(PermissionDenied):
        make_current(second, by=request.getfixturevalue(role))
    assert Programme.objects.current() == first


def test_the_admin_action_for_the_secretariat_and_not_for_others(
    client, two_programmes, secretariat_user, staff_outside_group
):
    first, second = two_programmes
    url = reverse("admin:programme_programme_changelist")
    data = {"action": "make_current", "_selected_action": [second.pk]}
    client.force_login(staff_outside_group)
    assert client.post(url, data).status_code == 403
    assert Programme.objects.current() == first
    client.force_login(secretariat_user)
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert Programme.objects.current() == second
