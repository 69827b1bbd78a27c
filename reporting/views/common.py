"""What the reporting pages share: the subject a URL names, the link to a report's form, and
the checks every audience's page makes."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from rangestates.models import RangeState
from species.models import Species

from ..access import can_review
from ..choices import SubjectKind
from ..subjects import SEGMENTS, Subject


def subject_kwargs(subject) -> dict:
    """A range state or species as the keyword arguments of a report's subject."""
    return Subject.of(subject).kwargs


def resolve_subject(segment, key):
    """The range state or species a URL names, or a 404."""
    kind = SEGMENTS.get(segment)
    if kind == SubjectKind.RANGE_STATE:
        return get_object_or_404(RangeState, iso_code=key.upper())
    if kind == SubjectKind.SPECIES:
        return get_object_or_404(Species, slug=key)
    raise Http404("Unknown kind of subject.")


def subject_args(subject) -> list[str]:
    """The URL arguments naming a range state or species (segment, key)."""
    subject = Subject.of(subject)
    return [subject.segment, subject.key]


def report_url(cycle, subject, activity) -> str:
    return reverse(
        "reporting:report_for",
        args=[cycle.pk, *subject_args(subject), activity.code],
    )


def report_urls(cycle, subject):
    """`report_url` for the activities of one cycle and subject, the address reversed once:
    an activity's number (digits and dots, which reversing leaves as they are) is put in
    place of a stand-in; any other number is reversed."""
    head = reverse("reporting:report_for", args=[cycle.pk, *subject_args(subject), "0"])[:-2]

    def url(activity):
        if activity.code.replace(".", "").isdigit():
            return f"{head}{activity.code}/"
        return report_url(cycle, subject, activity)

    return url


def require_reviewer(request):
    if not can_review(request.user):
        raise PermissionDenied(_("Only the secretariat reviews reports."))


def safe_next(request, fallback):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
