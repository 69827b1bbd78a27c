"""Who is who in reporting: the focal point behind a user and the secretariat's reviewers.

The querysets, the services, the views, the admin and the API read the roles from here."""

from django.core.exceptions import ObjectDoesNotExist

REVIEW_PERMISSION = "reporting.review_report"


def focal_point_of(user):
    """The active focal point record of `user`, or None."""
    if not (user and user.is_authenticated and user.is_active):
        return None
    try:
        return user.focal_point
    except ObjectDoesNotExist:
        return None


def can_review(user) -> bool:
    """Secretariat officers: active staff with the permission to accept and return reports."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm(REVIEW_PERMISSION)
    )
