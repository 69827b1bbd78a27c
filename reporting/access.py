"""Who is who in reporting: the focal point behind a user and the secretariat's reviewers.

The querysets, the services, the views, the admin and the API read the roles from here."""

from django.core.exceptions import ObjectDoesNotExist
from django.db import connections, router
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

REVIEW_PERMISSION = "reporting.review_report"


def focal_point_of(user):
    """The active focal point record of `user`, or None."""
    if not (user and user.is_authenticated and user.is_active):
        return None
    try:
        return user.focal_point
    except ObjectDoesNotExist:
        return None


def is_focal_point(prefix: str = "") -> Q:
    """`focal_point_of(user) is not None` as a condition on the users (their field names
    after `prefix`, e.g. "author__"), for a query that reads them anyway: the same rule, in
    the same round trip."""
    return Q(**{f"{prefix}is_active": True, f"{prefix}focal_point__isnull": False})


def can_review(user) -> bool:
    """Secretariat officers: active staff with the permission to accept and return reports."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm(REVIEW_PERMISSION)
    )


def sees_unpublished_reports(user) -> bool:
    """Whether `user` may see reports that are not public (`Report.objects.visible_to`): the
    secretariat (any staff member is taken to, without asking for permissions), and the author
    of any report, in one query compiled once."""
    if user.is_staff or user.is_superuser:
        return True
    from .models import Report

    alias = router.db_for_read(Report)
    connection = connections[alias]
    sql = "SELECT 1 FROM {} WHERE {} = %s LIMIT 1".format(
        connection.ops.quote_name(Report._meta.db_table),
        connection.ops.quote_name(Report._meta.get_field("author").column),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk])
        return cursor.fetchone() is not None


def sees_unpublished_reports_expression():
    """`sees_unpublished_reports` as a boolean expression on the users, for a query that
    reads the user anyway (the API's token): the same rule, asked in the same round trip."""
    from .models import Report

    return ExpressionWrapper(
        Q(is_staff=True)
        | Q(is_superuser=True)
        | Exists(Report.objects.filter(author=OuterRef("pk"))),
        output_field=BooleanField(),
    )
