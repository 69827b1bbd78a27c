"""The review of a large cycle, made in the background (django-tasks, database backend): a
request asks for the file and shows its progress; the worker (`manage.py db_worker`) makes it
and keeps it until a later acceptance changes the cycle's reports."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import override
from django_tasks import task

from ..choices import ReportState
from ..models import DraftReviewFile, Report
from .content import build_review


def cycle_stamp(cycle) -> tuple[int, str]:
    """How many accepted reports the cycle has, and a stamp that changes whenever one is
    accepted, changed or reopened (one query)."""
    row = Report.objects.filter(cycle=cycle, state=ReportState.ACCEPTED).aggregate(
        total=Count("pk"), accepted=Max("accepted_at"), changed=Max("updated_at")
    )
    stamp = f"{row['total']}:{row['accepted'] or ''}:{row['changed'] or ''}"
    return row["total"], stamp


def in_background(report_count) -> bool:
    return report_count >= settings.REVIEW_BACKGROUND_FROM


def request_file(cycle, fmt, language, stamp) -> DraftReviewFile:
    """The file in the making (or made) for the cycle as it stands; queues it when no request
    did before, or when the last try failed."""
    try:
        with transaction.atomic():
            job, created = DraftReviewFile.objects.get_or_create(
                cycle=cycle, format=fmt, language=language, stamp=stamp
            )
    except IntegrityError:  # asked for at the same time by another request
        return DraftReviewFile.objects.get(
            cycle=cycle, format=fmt, language=language, stamp=stamp
        )
    if created or job.state == DraftReviewFile.State.FAILED:
        DraftReviewFile.objects.filter(pk=job.pk).update(
            state=DraftReviewFile.State.QUEUED, progress=0, error=""
        )
        job.refresh_from_db()
        transaction.on_commit(lambda: make_review_file.enqueue(job.pk))
    return job


def _progress(job, value, **fields):
    DraftReviewFile.objects.filter(pk=job.pk).update(progress=value, **fields)


@task()
def make_review_file(job_pk: int) -> int:
    """Make the file: the content (a third of the work), then its layout."""
    from .publishing import render  # the formats, loaded in the worker only

    job = DraftReviewFile.objects.select_related("cycle").filter(pk=job_pk).first()
    if job is None or job.state == DraftReviewFile.State.READY:
        return 0
    _progress(job, 5, state=DraftReviewFile.State.RUNNING)
    try:
        with override(job.language):
            content = build_review(job.cycle)
        _progress(job, 35)
        data = render(content, job.format)
    except Exception as exc:
        _progress(job, 0, state=DraftReviewFile.State.FAILED, error=repr(exc)[:2000])
        raise
    _progress(
        job, 100, state=DraftReviewFile.State.READY, data=data, finished_at=timezone.now()
    )
    # Older files of the same cycle, language and format are out of date: drop them.
    DraftReviewFile.objects.filter(
        cycle_id=job.cycle_id, language=job.language, format=job.format
    ).exclude(pk=job.pk).exclude(state=DraftReviewFile.State.RUNNING).delete()
    return len(data)
