"""E-mails of the reporting workflow. Each is a subject and a plain-text body rendered from
templates/reporting/emails/, in the recipient's language.

Sending one puts it in the outbox (core/outbox.py), in the caller's transaction: it is sent
by the outbox's worker once the change it reports is committed, and never if the change is
rolled back. No mail server is contacted here."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core.prepared import Prepared

from .access import REVIEW_PERMISSION

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    return f"{settings.PORTAL_URL}{path}"


def _language_of(user) -> str:
    focal_point = getattr(user, "focal_point", None)
    return getattr(focal_point, "language", None) or settings.LANGUAGE_CODE


def _message(name: str, context: dict, to: list[str], language: str) -> EmailMessage:
    with translation.override(language):
        subject = render_to_string(f"reporting/emails/{name}_subject.txt", context)
        body = render_to_string(f"reporting/emails/{name}.txt", context)
    subject = " ".join(subject.split())  # one line, whatever the template's layout
    return EmailMessage(subject=subject, body=body, to=to)


def reviewers():
    """Active secretariat officers who review reports and have an e-mail address. One query:
    the permission is found by its name, given to one of the user's groups or to the user."""
    users = get_user_model()
    app_label, codename = REVIEW_PERMISSION.split(".")
    named = {"content_type__app_label": app_label, "codename": codename}
    in_a_group = users.groups.through.objects.filter(
        user=OuterRef("pk"),
        group__permissions__in=Permission.objects.filter(**named),
    )
    of_their_own = users.user_permissions.through.objects.filter(
        user=OuterRef("pk"), permission__in=Permission.objects.filter(**named)
    )
    condition = Q(is_superuser=True) | Exists(in_a_group) | Exists(of_their_own)
    return (
        users.objects.filter(is_active=True, is_staff=True)
        .exclude(email="")
        .filter(condition)
        .distinct()
        .order_by("email")
    )


#: The reviewers' addresses, in a query compiled once per connection (building and compiling
#: it was half of what a submission's e-mail cost).
_REVIEWERS_ADDRESSES = Prepared(
    lambda: reviewers().values_list("email"),
    model=get_user_model(),
    tuples=True,
    planned_once=True,
)


def reviewers_addresses() -> list[str]:
    """The e-mail addresses of `reviewers()`, in their order."""
    return [email for (email,) in _REVIEWERS_ADDRESSES()]


def _report_context(report, **extra):
    return {
        "report": report,
        "activity": report.activity,
        "subject": report.subject,
        "cycle": report.cycle,
        "author": report.author,
        "report_url": absolute(report.get_absolute_url()),
        "edit_url": absolute(reverse("reporting:edit", args=[report.pk])),
        "mine_url": absolute(reverse("reporting:mine")) + f"?cycle={report.cycle_id}",
        "review_url": absolute(reverse("reporting:review")),
        **extra,
    }


def notify_submitted(report):
    addresses = reviewers_addresses()
    if not addresses:
        logger.warning("Report %s was submitted but no reviewer has an e-mail address.", report.pk)
        return
    message = _message("submitted", _report_context(report), addresses, settings.LANGUAGE_CODE)
    message.send()


def _notify_author(report, name, **extra):
    if not report.author.email:
        return
    message = _message(
        name, _report_context(report, **extra), [report.author.email], _language_of(report.author)
    )
    message.send()


def notify_accepted(report):
    _notify_author(report, "accepted")


def notify_returned(report, comment):
    _notify_author(report, "returned", comment=comment)


def notify_reopened(report, comment):
    _notify_author(report, "reopened", comment=comment)


def send_reminder(missing, *, days_before):
    """Queued with the record that the reminder went (services.reminders)."""
    focal_point = missing.focal_point
    context = {
        "focal_point": focal_point,
        "cycle": missing.cycle,
        "items": missing.items,
        "count": missing.count,
        "days_before": days_before,
        "mine_url": absolute(reverse("reporting:mine")) + f"?cycle={missing.cycle.pk}",
    }
    _message("reminder", context, [focal_point.user.email], focal_point.language).send()


class InvitationForm(PasswordResetForm):
    """Django's password reset, addressed to one focal point (who has no password yet, which
    the plain reset form would skip)."""

    def __init__(self, user, *args, **kwargs):
        self.invited_user = user
        super().__init__({"email": user.email}, *args, **kwargs)

    def get_users(self, email):
        if self.invited_user.is_active:
            yield self.invited_user


def send_invitation(focal_point, *, request=None):
    """Queued with the invitation's date (services.focalpoints.invite)."""
    user = focal_point.user
    form = InvitationForm(user)
    form.is_valid()
    scheme, _sep, domain = settings.PORTAL_URL.partition("://")
    options = {
        "subject_template_name": "registration/invitation_subject.txt",
        "email_template_name": "registration/invitation_email.txt",
        "extra_email_context": {"focal_point": focal_point},
    }
    if request is None:
        options.update(domain_override=domain, use_https=scheme == "https")
    else:
        options.update(request=request, use_https=request.is_secure())
    with translation.override(focal_point.language):
        form.save(**options)
