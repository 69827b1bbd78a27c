"""The secretariat's side in the admin: focal points and their invitations, cycles, reports,
and the permissions of the Secretariat group."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from core.roles import SECRETARIAT, SECRETARIAT_PERMISSIONS
from reporting.choices import ReportState
from reporting.models import FocalPoint, Report
from tests.mailbox import delivered

pytestmark = pytest.mark.django_db


def test_secretariat_group_has_exactly_the_listed_permissions():
    group = Group.objects.get(name=SECRETARIAT)
    granted = {
        (p.content_type.app_label, p.codename)
        for p in group.permissions.select_related("content_type")
    }
    listed = {
        (app, f"{action}_{model}")
        for app, models in SECRETARIAT_PERMISSIONS.items()
        for model, actions in models.items()
        for action in actions
    }
    assert granted == listed
    reporting = {codename for app, codename in granted if app == "reporting"}
    assert "review_report" in reporting
    # Reports' content is the focal points': the secretariat neither edits nor deletes it.
    assert not reporting & {"change_report", "delete_report", "add_report", "delete_focalpoint"}
    # Never rights over user accounts in general.
    assert not Permission.objects.filter(group=group, content_type__app_label="auth").exists()


def focal_point_form(**overrides):
    data = {
        "username": "aigul",
        "first_name": "Aigul",
        "last_name": "Osmonova",
        "email": "aigul@example.kg",
        "is_active": "on",
        "range_states": [],
        "species": [],
        "organisation": "Ministry of Natural Resources",
        "position": "National focal point",
        "language": "ru",
    }
    data.update(overrides)
    return data


def test_secretariat_creates_a_focal_point_and_its_account(client, world, secretariat_user):
    client.force_login(secretariat_user)
    url = reverse("admin:reporting_focalpoint_add")
    assert client.get(url).status_code == 200
    response = client.post(url, focal_point_form(range_states=[world.kg.pk]))
    assert response.status_code == 302, response.context["adminform"].form.errors
    focal_point = FocalPoint.objects.get(user__username="aigul")
    user = focal_point.user
    assert (user.email, user.is_staff, user.is_superuser, user.has_usable_password()) == (
        "aigul@example.kg",
        False,
        False,
        False,
    )
    assert list(focal_point.range_states.all()) == [world.kg]


def test_focal_point_form_refusals(client, world, secretariat_user):
    client.force_login(secretariat_user)
    url = reverse("admin:reporting_focalpoint_add")
    nothing = client.post(url, focal_point_form())
    assert "Choose the range states and/or the species" in nothing.text
    taken = client.post(url, focal_point_form(username="KYRA", species=[world.leopard.pk]))
    assert "This username is taken." in taken.text
    assert not get_user_model().objects.filter(username="aigul").exists()


def test_focal_point_form_never_changes_a_staff_account(client, world, secretariat_user):
    staff_fp = FocalPoint.objects.create(user=secretariat_user)
    staff_fp.range_states.set([world.kg])
    client.force_login(secretariat_user)
    url = reverse("admin:reporting_focalpoint_change", args=[staff_fp.pk])
    response = client.post(
        url,
        focal_point_form(
            username="renamed", email="x@example.org", is_active="", range_states=[world.kg.pk]
        ),
    )
    assert response.status_code == 302
    secretariat_user.refresh_from_db()
    assert (secretariat_user.username, secretariat_user.is_active) == ("sasha", True)


@pytest.mark.parametrize("who", ["staff outside group", "focal point"])
def test_others_cannot_manage_focal_points(client, world, staff_outside_group, who):
    user = staff_outside_group if who == "staff outside group" else world.kg_fp.user
    client.force_login(user)
    response = client.get(reverse("admin:reporting_focalpoint_changelist"))
    assert response.status_code == (403 if who == "staff outside group" else 302)


def test_invitation_leads_to_choosing_a_password_and_signing_in(client, world, secretariat_user):
    user = world.kg_fp.user
    user.set_unusable_password()
    user.save()
    client.force_login(secretariat_user)
    client.post(
        reverse("admin:reporting_focalpoint_changelist"),
        {"action": "send_invitations", "_selected_action": [world.kg_fp.pk]},
    )
    assert [message.to for message in delivered()] == [[user.email]]
    message = delivered()[0]
    assert "invited" in message.subject
    assert "Your username: kyra" in message.body
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+)", message.body).group(1)
    world.kg_fp.refresh_from_db()
    assert world.kg_fp.invited_at is not None

    client.logout()
    form_page = client.get(link, follow=True)
    assert "Choose your password" in form_page.text
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Snow-leopard-2026!", "new_password2": "Snow-leopard-2026!"},
        follow=True,
    )
    assert "Your password is saved and you are signed in." in done.text
    client.logout()
    assert client.login(username="kyra", password="Snow-leopard-2026!")


def test_forgotten_password_also_reaches_focal_points_without_a_password(client, world):
    user = world.kg_fp.user
    user.set_unusable_password()
    user.save()
    response = client.post(reverse("password_reset"), {"email": user.email})
    assert response.status_code == 302
    assert [message.to for message in delivered()] == [[user.email]]
    assert "/accounts/password/reset/" in delivered()[0].body


def test_invitation_needs_an_address(client, world, secretariat_user):
    world.kg_fp.user.email = ""
    world.kg_fp.user.save()
    client.force_login(secretariat_user)
    response = client.post(
        reverse("admin:reporting_focalpoint_changelist"),
        {"action": "send_invitations", "_selected_action": [world.kg_fp.pk]},
        follow=True,
    )
    assert "has no e-mail address" in response.text
    assert delivered() == []


def test_report_admin_is_read_only_with_an_accept_action(client, world, secretariat_user):
    report = world.report("kg", state=ReportState.SUBMITTED)
    client.force_login(secretariat_user)
    changelist = client.get(reverse("admin:reporting_report_changelist"))
    assert changelist.status_code == 200
    assert "accept_selected" in changelist.text and "delete_selected" not in changelist.text
    change = client.get(reverse("admin:reporting_report_change", args=[report.pk]))
    assert change.status_code == 200 and 'name="progress"' not in change.text
    client.post(
        reverse("admin:reporting_report_changelist"),
        {"action": "accept_selected", "_selected_action": [report.pk]},
    )
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    assert Report.objects.get().transitions.get().by == secretariat_user


def test_cycle_admin_lists_counts_and_exports(client, world, secretariat_user):
    world.report("kg", state=ReportState.SUBMITTED)
    client.force_login(secretariat_user)
    page = client.get(reverse("admin:reporting_reportingcycle_changelist"))
    assert page.status_code == 200
    assert reverse("reporting:export", args=[world.cycle.pk, "xlsx"]) in page.text
    assert client.get(reverse("admin:reporting_reportingcycle_add")).status_code == 200
