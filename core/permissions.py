"""A signed-in user's permissions, as Django's `ModelBackend` reads them, in one query
compiled once.

`ModelBackend.get_all_permissions` reads a user's own permissions and their groups'
permissions in two queries, each built and compiled by the ORM at every request that asks
`has_perm` (the worksheet and the review queue ask it first thing). `read_permissions(user)`
fills the backend's own cache of the user (`_perm_cache`, which `has_perm` reads) with the
same set, "app_label.codename", read by one query compiled once per connection and planned
once per database session (`core.prepared.Prepared`). It does nothing where the backend
would not read those two lists (an inactive or anonymous user, a superuser, whose
permissions are all of them, or a cache already filled), or where `ModelBackend` is not
the backend that gives permissions. tests/test_permissions.py compares both for users with
permissions of their own, of their groups, of both and of neither."""

from functools import cache

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils.module_loading import import_string

from .prepared import Prepared


def _permissions(user_id, again):
    """The permissions given to the user `user_id` directly or through a group (`again` is
    the same user: compared twice)."""
    own = Permission.objects.filter(user=user_id).values("pk")
    grouped = Permission.objects.filter(group__user=again).values("pk")
    return (
        Permission.objects.filter(Q(pk__in=own) | Q(pk__in=grouped))
        .values_list("content_type__app_label", "codename")
        .order_by()
    )


_PERMISSIONS = Prepared(_permissions, model=Permission, tuples=True, planned_once=True)


@cache
def reads_permissions(backends: tuple[str, ...]) -> bool:
    """Whether Django's `ModelBackend` is, of the backends `backends` (their paths), the one
    that gives permissions (the others, like django-axes' standalone backend, ask none)."""
    classes = [import_string(path) for path in backends]
    return ModelBackend in classes and all(
        cls is ModelBackend
        or not (hasattr(cls, "has_perm") or hasattr(cls, "get_all_permissions"))
        for cls in classes
    )


def read_permissions(user):
    """Fill `ModelBackend`'s cache of `user`'s permissions (see above); the same set it would
    read on the first `has_perm`."""
    if (
        not getattr(user, "is_authenticated", False)
        or not user.is_active
        or user.is_superuser
        or hasattr(user, "_perm_cache")
        or not reads_permissions(tuple(settings.AUTHENTICATION_BACKENDS))
    ):
        return
    user._perm_cache = {f"{app}.{codename}" for app, codename in _PERMISSIONS(user.pk, user.pk)}
