"""Importing a programme from its workbook: every row checked first (all the problems at
once), then the records saved by the fixtures' loader (`programme.loading`: the same
deserializer, the same checks, the same idempotent save) in one transaction. Any problem
leaves the database as it was; a dry run rolls back what it did and reports it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation

from core import readcache

from ..loading import (
    LOAD_ERRORS,
    LoadReport,
    ProgrammeLoadError,
    _problem,
    _save,
    check_consistency,
    ensure_status_rows,
    mark_changed_activities,
)
from ..natural_keys import NaturalKeys, RecordDeserializer
from .layout import LANGUAGES, SHEETS
from .reader import Problem, WorkbookError, read_workbook
from .records import RecordBuilder


def _column(sheet_name, exc):
    """The column a model's validation error names, as the sheet heads it."""
    if not isinstance(exc, ValidationError) or not hasattr(exc, "error_dict"):
        return ""
    sheet = next(s for s in SHEETS if s.name == sheet_name)
    headers = sheet.headers()
    for name in exc.error_dict:
        for lang in LANGUAGES:
            if name.endswith(f"_{lang}") and f"{name[:-3]} {lang.upper()}" in headers:
                return f"{name[:-3]} {lang.upper()}"
        if name in headers:
            return name
        if f"{name} EN" in headers:
            return f"{name} EN"
    return ""


def _save_all(builder, report, language):
    keys = NaturalKeys()
    for located in builder.records:
        try:
            for deserialized in RecordDeserializer([located.record], keys):
                _save(deserialized, report, keys)
        except LOAD_ERRORS as exc:
            cause = exc.__cause__ if isinstance(exc.__cause__, ValidationError) else exc
            with translation.override(language):  # the models' messages, in the caller's
                message = _problem(exc)
            problem = Problem(located.sheet, located.row, _column(located.sheet, cause), message)
            raise WorkbookError([problem]) from exc
    _set_references(builder)


def _set_references(builder):
    """The activities' references to activities of the same programme, once all exist."""
    from ..models import Activity

    activities = {a.code: a for a in Activity.objects.filter(programme__code=builder.code)}
    for code, referenced in builder.referenced_activities.items():
        wanted = {activities[c].pk for c in referenced}
        activity = activities[code]
        if wanted != set(activity.referenced_activities.values_list("pk", flat=True)):
            activity.referenced_activities.set(wanted)


def import_programme(source, slug=None, dry_run=False):
    """Import the workbook `source` (a path or a file object), under `slug` if given; return
    (the programme's code, a LoadReport). Raises WorkbookError, having written nothing."""
    sheets = read_workbook(source)
    report = LoadReport(files=[getattr(source, "name", str(source))])
    language = translation.get_language()  # the problems are worded in the caller's language
    with (
        translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE),
        readcache.deferred(),
        transaction.atomic(),
    ):
        with translation.override(language):  # reading rows names every language's field
            builder = RecordBuilder(sheets, slug=slug)
            builder.build()
            problems = builder.problems()
        if problems:
            raise WorkbookError(sorted(problems, key=_order))
        _save_all(builder, report, language)
        mark_changed_activities(report)
        ensure_status_rows(report)
        try:
            check_consistency([builder.code])
        except ProgrammeLoadError as exc:
            raise WorkbookError([Problem("activities", None, "", str(exc))]) from exc
        readcache.invalidate_public()
        if dry_run:
            transaction.set_rollback(True)
    return builder.code, report


def _order(problem):
    names = [s.name for s in SHEETS]
    index = names.index(problem.sheet) if problem.sheet in names else -1
    return (index, problem.row or 0, problem.column)
