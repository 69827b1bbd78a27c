"""The admin's site (core/admin_site.py): its list of applications and models is the one
Django's own `AdminSite` makes, for every kind of user, application and language, and its
addresses follow the script prefix; the site requires the device's code where the flag says."""

import pytest
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from core.admin_site import AppListMixin, PortalAdminSite, _reversed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def request_for(user):
    request = RequestFactory().get(reverse("admin:index"))
    request.user = user
    return request


def djangos(request, label=None):
    """Django's own list, for the same site and its model admins."""
    return AdminSite._build_app_dict(admin.site, request, label)


@pytest.fixture
def users(secretariat_user, staff_outside_group, plain_user):
    from django.contrib.auth.models import AnonymousUser

    return {
        "secretariat": secretariat_user,
        "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
        "staff without permissions": staff_outside_group,
        "not staff": plain_user,
        "anonymous": AnonymousUser(),
    }


def test_the_admin_is_the_portals_site():
    reverse("admin:index")  # the URLconf, which chooses the site, is read
    assert isinstance(admin.site._wrapped, AppListMixin)
    assert isinstance(admin.site._wrapped, PortalAdminSite)


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
@pytest.mark.parametrize("label", [None, "programme", "reporting", "auth", "nothing"])
def test_the_list_of_applications_is_djangos(users, language, label):
    seen = 0
    with translation.override(language):
        for who, user in users.items():
            request = request_for(user)
            ours = admin.site._build_app_dict(request, label)
            assert ours == djangos(request, label), who
            seen += sum(len(app["models"]) for app in ours.values())
    assert seen > 0 or label == "nothing"


def test_its_addresses_follow_the_script_prefix(users):
    request = request_for(users["superuser"])
    plain = admin.site._build_app_dict(request)
    try:
        set_script_prefix("/portal/")
        prefixed = admin.site._build_app_dict(request)
        assert prefixed == djangos(request)
    finally:
        set_script_prefix("/")
    assert prefixed["programme"]["app_url"] == "/portal" + plain["programme"]["app_url"]


def test_an_address_that_does_not_exist_is_refused_every_time():
    for _round in range(2):
        with pytest.raises(NoReverseMatch):
            _reversed("admin:no_such_changelist", "admin")
    assert _reversed("admin:app_list", "admin", {"app_label": "programme"}) == reverse(
        "admin:app_list", kwargs={"app_label": "programme"}
    )
