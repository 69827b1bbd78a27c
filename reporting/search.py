"""What the search reads of a report (core/search.py): only accepted reports, which are
public, with their text (written in the author's language, stemmed in each of the three)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from core import search
from core.prepared import Prepared

from .choices import ReportState
from .models import Report

TEXT_FIELDS = ("progress", "results", "obstacles", "next_steps", "partners")


#: What a report's document is made of: its text, its activity's code, its subject's names.
_COLUMNS = (
    "pk",
    *TEXT_FIELDS,
    "activity__code",
    "range_state_id",
    *(f"range_state__name_{lang}" for lang in search.LANGUAGES),
    *(f"species__common_name_{lang}" for lang in search.LANGUAGES),
)


def _rows(records):
    return records.values_list(*_COLUMNS)


#: The accepted reports of some ids (those a write changed), in a query compiled once per
#: connection and number of ids.
_SOME = Prepared(
    lambda ids: _rows(Report.objects.accepted().filter(pk__in=ids)),
    model=Report,
    tuples=True,
    planned_once=True,
)


def report_documents(ids):
    rows = _rows(Report.objects.accepted()) if ids is None else _SOME(sorted(ids))
    count, languages = len(TEXT_FIELDS), len(search.LANGUAGES)
    for pk, *values in rows:
        texts, (code, range_state_id) = values[:count], values[count : count + 2]
        names = values[count + 2 :]
        body = "\n".join(text for text in texts if text)
        # The range state's names, or the species' common names.
        subject_names = names[:languages] if range_state_id is not None else names[languages:]
        documents = {
            lang: (f"{code} {name or ''}", body)
            for lang, name in zip(search.LANGUAGES, subject_names, strict=True)
        }
        yield pk, documents


def _may_have_document(instance, created) -> bool:
    """Whether the save of `instance` can add, change or remove its document: only accepted
    reports have one, so a report that is not accepted now and was not when it was read (or
    is new) has none. A report whose stored state is unknown is indexed."""
    if instance.state == ReportState.ACCEPTED:
        return True
    if created:
        return False
    stored = getattr(instance, "stored_state", None)
    return stored is None or stored == ReportState.ACCEPTED


def _saved(sender, instance, created=False, **kwargs):
    if kwargs.get("raw"):  # loaddata (a restored backup brings its documents)
        return
    may_have_document = _may_have_document(instance, created)
    instance.stored_state = instance.state
    if may_have_document:
        _changed(sender, instance, **kwargs)


def _changed(sender, instance, **kwargs):
    if kwargs.get("raw"):  # loaddata (a restored backup brings its documents)
        return
    # Once the change is committed: a report's save is part of a review or a submission,
    # whose queries stay those of the workflow.
    pk = instance.pk
    transaction.on_commit(lambda: search.index("report", [pk]))


def connect():
    search.register("report", report_documents)
    post_save.connect(_saved, sender=Report, dispatch_uid="search-report-save")
    post_delete.connect(_changed, sender=Report, dispatch_uid="search-report-delete")
