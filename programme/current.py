"""Which programme the portal shows by default. Making another one current touches only the
programmes' flag: statuses, reports and their history stay as recorded, and every address
with `?programme=` keeps showing the same programme."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from core import readcache

from .models import Programme


def can_make_current(user) -> bool:
    return user.has_perm("programme.make_current_programme")


def make_current(programme, by):
    """Make `programme` the current one (the one without `?programme=`); recorded in the
    programmes' history."""
    if not can_make_current(by):
        raise PermissionDenied
    with transaction.atomic():
        for other in Programme.objects.select_for_update().filter(is_current=True):
            if other.pk != programme.pk:
                other.is_current = False
                other._change_reason = f"{programme.code} made current"
                other.save(update_fields=["is_current"])
        if not Programme.objects.filter(pk=programme.pk, is_current=True).exists():
            programme.is_current = True
            programme._change_reason = "made current"
            programme.save(update_fields=["is_current"])
    readcache.invalidate_public()
    return programme
