"""A user's permissions read in one query (core/permissions.py) are the set Django's
ModelBackend reads in two, for users with permissions of their own, of their groups, of both
and of neither; users whose permissions the backend does not read so are left to it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.permissions import read_permissions, reads_permissions
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def fresh(user):
    """The user as a request reads it: no permission cached yet."""
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def users(db):
    permissions = list(Permission.objects.order_by("pk")[:6])
    readers = Group.objects.create(name="readers")
    readers.permissions.set(permissions[:3])
    writers = Group.objects.create(name="writers")
    writers.permissions.set(permissions[2:5])
    empty = Group.objects.create(name="empty")
    made = {
        "none": UserFactory(username="none"),
        "own": UserFactory(username="own"),
        "group": UserFactory(username="group", groups=[readers]),
        "groups": UserFactory(username="groups", groups=[readers, writers, empty]),
        "both": UserFactory(username="both", is_staff=True, groups=[writers]),
        "empty group": UserFactory(username="emptygroup", groups=[empty]),
    }
    made["own"].user_permissions.set(permissions[4:6])
    made["both"].user_permissions.set([permissions[0], permissions[4]])
    return made


@pytest.mark.parametrize("name", ["none", "own", "group", "groups", "both", "empty group"])
def test_the_same_permissions_as_the_model_backend_in_one_query(users, name):
    expected = ModelBackend().get_all_permissions(fresh(users[name]))
    user = fresh(users[name])
    with CaptureQueriesContext(connection) as captured:
        read_permissions(user)
    assert len(captured) == 1
    assert user._perm_cache == expected
    with CaptureQueriesContext(connection) as captured:
        assert ModelBackend().get_all_permissions(user) == expected
        for permission in Permission.objects.select_related("content_type")[:8]:
            key = f"{permission.content_type.app_label}.{permission.codename}"
            assert user.has_perm(key) == (key in expected)
    assert len(captured) == 1  # the permissions' own list only, for the loop


def test_read_again_asks_nothing(users):
    user = fresh(users["both"])
    read_permissions(user)
    with CaptureQueriesContext(connection) as captured:
        read_permissions(user)
    assert len(captured) == 0


@pytest.mark.parametrize("kind", ["superuser", "inactive", "anonymous"])
def test_left_to_the_backend(users, kind):
    from django.contrib.auth.models import AnonymousUser

    if kind == "anonymous":
        user = AnonymousUser()
    else:
        user = fresh(users["both"])
        setattr(user, "is_superuser" if kind == "superuser" else "is_active", kind == "superuser")
    with CaptureQueriesContext(connection) as captured:
        read_permissions(user)
    assert len(captured) == 0
    assert not hasattr(user, "_perm_cache")


def test_only_where_the_model_backend_gives_the_permissions():
    model = "django.contrib.auth.backends.ModelBackend"
    assert reads_permissions(("core.security.AxesBackend", model))
    assert reads_permissions((model,))
    assert not reads_permissions(("core.security.AxesBackend",))
    assert not reads_permissions((model, "django.contrib.auth.backends.RemoteUserBackend"))
    assert not reads_permissions(("django.contrib.auth.backends.AllowAllUsersModelBackend",))


def test_not_where_another_backend_gives_permissions(users, settings):
    settings.AUTHENTICATION_BACKENDS = [
        "django.contrib.auth.backends.ModelBackend",
        "django.contrib.auth.backends.RemoteUserBackend",
    ]
    user = fresh(users["both"])
    read_permissions(user)
    assert not hasattr(user, "_perm_cache")
