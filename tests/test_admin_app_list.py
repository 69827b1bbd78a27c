"""core/templatetags/admin_app_list.py writes what Django's admin/app_list.html writes (the
admin's nav sidebar and index), character for character, in English, French and Russian."""

from pathlib import Path

import django.contrib.admin
import pytest
from django.contrib import admin
from django.template import Context, engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.functional import lazy

from tests.factories import UserFactory

DJANGOS = Path(django.contrib.admin.__file__).parent / "templates" / "admin" / "app_list.html"
WORKSHEET = reverse("admin:programme_activitystatus_changelist")


def both(context):
    """(ours, Django's) app_list.html rendered with `context`."""
    engine = engines["django"].engine
    ours = engine.get_template("admin/app_list.html")
    assert "app_list %}" in ours.source  # the project's template, not Django's
    djangos = engine.from_string(DJANGOS.read_text())
    return ours.render(Context(context)), djangos.render(Context(context))


def app_list(user, path):
    request = RequestFactory().get(path)
    request.user = user
    return request, admin.site.get_app_list(request)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "ru"])
@pytest.mark.parametrize("path", [WORKSHEET, reverse("admin:index"), "/admin/programme/"])
@pytest.mark.parametrize("show_changelinks", [False, True])
@pytest.mark.parametrize("who", ["secretariat", "superuser"])
def test_the_admin_s_app_list_is_djangos(secretariat_user, language, path, show_changelinks, who):
    user = secretariat_user if who == "secretariat" else UserFactory(is_superuser=True)
    with translation.override(language):
        request, apps = app_list(user, path)
        assert apps
        ours, djangos = both(
            {"app_list": apps, "request": request, "show_changelinks": show_changelinks}
        )
    assert ours == djangos
    assert ("current-model" in ours) == (path == WORKSHEET)


def test_every_kind_of_row_is_djangos():
    name = lazy(lambda: 'Models <&> "quoted"', str)()
    apps = [
        {
            "app_label": "one<&>",
            "name": name,
            "app_url": "/admin/one/",
            "models": [
                {"object_name": "Viewed", "name": "Viewed <i>", "admin_url": "/admin/one/viewed/",
                 "add_url": None, "view_only": True},
                {"object_name": "NoLink", "name": "No link", "admin_url": None, "add_url": None},
                {"object_name": "Added", "name": "Added", "admin_url": "/admin/one/added/",
                 "add_url": "/admin/one/added/add/?a=1&b=2", "view_only": False},
                {"object_name": "Bare", "name": 7},
            ],
        },
        {"app_label": "two", "name": "Two", "app_url": None, "models": []},
    ]  # fmt: skip
    for language in ["en", "fr", "ru"]:
        with translation.override(language):
            for path in ["/admin/one/viewed/", "/admin/one/added/add/", "/élan/", None]:
                request = RequestFactory().get(path) if path else None
                for show_changelinks in [False, True, None]:
                    context = {"app_list": apps, "show_changelinks": show_changelinks}
                    if request is not None:
                        context["request"] = request
                    ours, djangos = both(context)
                    assert ours == djangos


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
@pytest.mark.parametrize("apps", [[], None])
def test_no_application_is_djangos(language, apps):
    with translation.override(language):
        context = {} if apps is None else {"app_list": apps}
        ours, djangos = both(context)
    assert ours == djangos and "<p>" in ours


@pytest.mark.django_db
def test_the_worksheet_s_sidebar_and_the_index_show_the_list(client, secretariat_user):
    client.force_login(secretariat_user)
    page = client.get(WORKSHEET).content.decode()
    assert 'id="nav-sidebar"' in page and 'class="model-activitystatus current-model"' in page
    assert 'aria-current="page"' in page
    index = client.get(reverse("admin:index")).content.decode()
    assert 'class="changelink"' in index or 'class="viewlink"' in index
