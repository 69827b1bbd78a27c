"""What a focal point typed when their session had ended, given back after they sign in.

The report form carries a signed key naming the report and its author (`form_key`), made
when the signed-in author opened the form. A save that arrives without a session (it ended
while they typed) is kept in the new session only when it carries that key for that report,
within `MAX_AGE`, for the report's author, and only the form's own fields, `MAX_CHARS` at
most; one report's text at a time. Anything else is not kept: nobody can store data in a
session (or the cache that holds sessions) without having been signed in as the author. It
is given back once, and only to the author (`take`)."""

from django.core import signing

from ..forms import LinkFormSet, ReportForm
from ..models import Report

SESSION_KEY = "reporting_unsaved"
FIELD = "unsaved_key"
SALT = "reporting.unsaved"
#: How long after the form was opened its text may still be kept (seconds).
MAX_AGE = 24 * 3600
#: The most text kept (characters, all fields together): a long report, not a bulk upload.
MAX_CHARS = 100_000
_FORMSET_FIELDS = ("url", "title", "DELETE")


def form_key(report, user) -> str:
    return signing.dumps({"report": report.pk, "user": user.pk}, salt=SALT, compress=True)


def _author_of(key, pk):
    """The author's id that a genuine key for report `pk` names, else None."""
    try:
        data = signing.loads(key or "", salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("report") != pk:
        return None
    user_id = data.get("user")
    if not Report.objects.filter(pk=pk, author_id=user_id).exists():
        return None
    return user_id


def _form_field(name: str) -> bool:
    if name in ReportForm.base_fields and name != "new_attachments":
        return True
    prefix = "links-"
    if not name.startswith(prefix):
        return False
    rest = name[len(prefix) :]
    if rest in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
        return True
    number, _sep, field = rest.partition("-")
    return number.isdigit() and int(number) < LinkFormSet.max_num + 2 and field in _FORMSET_FIELDS


def stash(request, pk) -> bool:
    """Keep what was posted to report `pk` without a session; whether it was kept."""
    author = _author_of(request.POST.get(FIELD), pk)
    if author is None:
        return False
    data = {key: request.POST.getlist(key) for key in request.POST if _form_field(key)}
    if sum(len(value) for values in data.values() for value in values) > MAX_CHARS:
        return False
    request.session[SESSION_KEY] = {"report": pk, "user": author, "data": data}
    return True


def take(request, pk):
    """What was kept for report `pk` if the signed-in user wrote it (given back once)."""
    kept = request.session.get(SESSION_KEY)
    if not isinstance(kept, dict) or kept.get("report") != pk:
        return None
    del request.session[SESSION_KEY]
    if kept.get("user") != request.user.pk:
        return None
    return kept.get("data")
