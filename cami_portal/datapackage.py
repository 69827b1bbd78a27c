"""The whole public data set in one request: a versioned data package.

`/api/v1/data-package.zip` is a ZIP of CSV files with a Frictionless `datapackage.json`
describing each table and its fields; `/api/v1/data-package.json` is the same data as one
JSON document. Both are built once per change of the public data (core/readcache.py versions)
and kept in the cache; their ETag is the digest of the bytes, so a client holding the current
package gets a 304."""

import hashlib
import io
import json
import zipfile

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe

from core import readcache
from core.exports import SafeCsvWriter
from programme.models import Activity, Programme
from reporting.models import RangeStateActivityStatus, Report

NAME = "cami-programme-of-work"

# table: (queryset maker, [(column, lookup, Frictionless type, description)])
TABLES = {
    "programmes": (
        lambda: Programme.objects.order_by("code"),
        [
            ("code", "code", "string", "The programme's code."),
            ("title", "title_en", "string", "Its title (English)."),
            ("start_year", "start_year", "integer", "First year."),
            ("end_year", "end_year", "integer", "Last year."),
            ("is_current", "is_current", "boolean", "The programme in force."),
        ],
    ),
    "activities": (
        lambda: Activity.objects.order_by("programme__code", "sort_key"),
        [
            ("programme", "programme__code", "string", "The programme's code."),
            ("code", "code", "string", "The activity's number, e.g. 2.3.15."),
            ("objective", "issue__objective__number", "integer", "The objective's number."),
            ("issue", "issue__code", "string", "The issue's code."),
            ("priority", "priority", "string", "Priority (high … low, mixed, conditional)."),
            ("short_title", "short_title_en", "string", "Short title (English)."),
            ("text", "text_en", "string", "The activity as adopted (English)."),
            ("status", "status__status", "string", "Status recorded by the secretariat."),
            ("status_date", "status__status_date", "date", "The date the status holds from."),
            ("changed_at", "changed_at", "datetime", "When its representation last changed."),
        ],
    ),
    "range_state_statuses": (
        lambda: RangeStateActivityStatus.objects.order_by(
            "activity__programme__code", "activity__sort_key", "range_state__iso_code"
        ),
        [
            ("programme", "activity__programme__code", "string", "The programme's code."),
            ("activity", "activity__code", "string", "The activity's number."),
            ("range_state", "range_state__iso_code", "string", "ISO code of the range state."),
            ("status", "status", "string", "Status from the latest accepted national report."),
            ("as_of", "as_of", "date", "End of the period that report covers."),
            ("report", "report_id", "integer", "Id of that report (reports table)."),
        ],
    ),
    "reports": (
        lambda: Report.objects.accepted().order_by("pk"),
        [
            ("id", "pk", "integer", "The report's id."),
            ("programme", "cycle__programme__code", "string", "The programme's code."),
            ("cycle", "cycle__name", "string", "The reporting cycle."),
            ("activity", "activity__code", "string", "The activity's number."),
            ("range_state", "range_state__iso_code", "string", "For a national report."),
            ("species", "species__slug", "string", "For a species report."),
            ("status", "status", "string", "Implementation status reported."),
            ("progress", "progress", "string", "What was done in the period."),
            ("results", "results", "string", "Results achieved."),
            ("obstacles", "obstacles", "string", "Obstacles."),
            ("next_steps", "next_steps", "string", "Next steps."),
            ("partners", "partners", "string", "Partners."),
            ("funding_amount", "funding_amount", "number", "Funding used in the period."),
            ("funding_currency", "funding_currency", "string", "ISO 4217 code."),
            ("accepted_at", "accepted_at", "datetime", "When the secretariat accepted it."),
        ],
    ),
}


def _rows(table):
    make, columns = TABLES[table]
    lookups = [lookup for _name, lookup, _type, _description in columns]
    names = [name for name, _lookup, _type, _description in columns]
    return [dict(zip(names, values, strict=True)) for values in make().values_list(*lookups)]


def _descriptor(version):
    return {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": "CAMI Portal: Programme of Work, statuses and accepted reports",
        "version": version,
        "created": timezone.now().isoformat(),
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": [
            {
                "name": table,
                "path": f"{table}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [
                        {"name": name, "type": type_, "description": description}
                        for name, _lookup, type_, description in columns
                    ]
                },
            }
            for table, (_make, columns) in TABLES.items()
        ],
    }


def _csv(rows, columns):
    out = io.StringIO()
    writer = SafeCsvWriter(out)
    writer.writerow([name for name, *_rest in columns])
    for row in rows:
        writer.writerow(["" if row[name] is None else row[name] for name, *_rest in columns])
    return out.getvalue()


def build():
    """{"zip": bytes, "json": bytes}: the package, read from the database now."""
    data = {table: _rows(table) for table in TABLES}
    digest = hashlib.sha256(json.dumps(data, cls=DjangoJSONEncoder).encode()).hexdigest()
    descriptor = _descriptor(f"1.0.0+{digest[:12]}")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("datapackage.json", json.dumps(descriptor, indent=2))
        for table, (_make, columns) in TABLES.items():
            bundle.writestr(f"{table}.csv", _csv(data[table], columns))
    document = {**descriptor, "data": data}
    return {
        "zip": archive.getvalue(),
        "json": json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False).encode(),
    }


def package():
    """The package of the current public data: from the cache while nothing changed (the key
    holds the data version read before building, so a package is never kept past a change)."""
    version = readcache.data_version()
    if version is None:  # the cache cannot say what changed: build it
        return build()
    key = readcache.make_key("datapackage", [NAME, version])
    try:
        entry = cache.get(key)
    except Exception:
        entry = None
    if entry is None:
        entry = build()
        try:
            cache.set(key, entry, readcache.timeout())
        except Exception:
            pass  # kept next time the cache answers
    return entry


def _answer(request, body, content_type, filename):
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        not_modified["ETag"] = etag
        return not_modified
    response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def package_zip(request):
    return _answer(request, package()["zip"], "application/zip", f"{NAME}.zip")


@require_safe
def package_json(request):
    return _answer(request, package()["json"], "application/json", None)
