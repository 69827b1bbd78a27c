"""What the search reads of a report (core/search.py): only accepted reports, which are
public, with their text (written in the author's language, stemmed in each of the three)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from core import search

from .choices import ReportState
from .models import Report

TEXT_FIELDS = ("progress", "results", "obstacles", "next_steps", "partners")


def report_documents(ids):
    records = Report.objects.accepted().select_related("activity", "range_state", "species")
    if ids is not None:
        records = records.filter(pk__in=ids)
    for report in records:
        body = "\n".join(getattr(report, name) for name in TEXT_FIELDS if getattr(report, name))
        texts = {}
        for lang in search.LANGUAGES:
            subject = report.range_state or report.species
            name = getattr(subject, f"name_{lang}", None) or getattr(
                subject, f"common_name_{lang}", ""
            )
            texts[lang] = (f"{report.activity.code} {name or ''}", body)
        yield report.pk, texts


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
