"""Focal points: invited by the secretariat to choose their password."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import emails


def invite(focal_point, *, by, request=None):
    """E-mail the focal point a link to choose their password (Django's password reset flow).
    Secretariat only."""
    if not (by.is_active and by.has_perm("reporting.change_focalpoint")):
        raise PermissionDenied(_("You may not invite focal points."))
    if not focal_point.user.email:
        raise ValidationError(
            _("%(name)s has no e-mail address.") % {"name": focal_point}, code="no_email"
        )
    with transaction.atomic():  # the invitation is queued with its date, or neither
        emails.send_invitation(focal_point, request=request)
        focal_point.invited_at = timezone.now()
        focal_point.save(update_fields=["invited_at"])
    return focal_point
