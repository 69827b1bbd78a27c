"""Reports' JSON, and the statuses per range state nested in activities, built from plain
rows (core/api/rows.py): what `ReportSerializer` and `RangeStateStatusSerializer` give,
field for field (tests/api/test_builders.py compares them in every language)."""

from collections import defaultdict
from functools import cache
from urllib.parse import urlencode

from core.api.rows import Addresses, Labels, Texts, date, datetime, label
from core.prepared import Prepared
from rangestates.models import RangeState
from reporting.access import can_review
from reporting.models import (
    RangeStateActivityStatus,
    Report,
    ReportAttachment,
    ReportingCycle,
    ReportLink,
    ReportTransition,
)
from reporting.models.reports import CONTENT_FIELDS
from species.models import Species

from .serializers import ReportSerializer

STATE_NAME = Texts(RangeState, ("name",), prefix="range_state__")
SPECIES_NAME = Texts(Species, ("common_name",), prefix="species__")
CYCLE_NAME = Texts(ReportingCycle, ("name",), prefix="cycle__")
NESTED_STATUS = Labels(RangeStateActivityStatus, "status")
REPORT_STATE = Labels(Report, "state")
REPORT_STATUS = Labels(Report, "status")

#: What `values()` reads of a report for `ReportBuilder.build`.
COLUMNS = [
    "id",
    "author_id",
    "cycle_id",
    *CYCLE_NAME.columns(),
    "cycle__deadline",
    "activity__code",
    "activity__programme__code",
    "range_state__iso_code",
    *STATE_NAME.columns(),
    "species__slug",
    "species__scientific_name",
    *SPECIES_NAME.columns(),
    "state",
    *CONTENT_FIELDS,
    "submitted_at",
    "accepted_at",
    "updated_at",
    "reopened_until",
    "version",
]

# Compiled once (core/prepared.py): `ids`, the activities' or the reports' ids.
NESTED_STATUSES = Prepared(
    lambda ids: (
        RangeStateActivityStatus.objects.filter(activity_id__in=ids)
        .order_by("activity_id", "range_state__name_en", "pk")
        .values(
            "activity_id",
            "status",
            "as_of",
            "report_id",
            "range_state__iso_code",
            *STATE_NAME.columns(),
        )
    ),
    model=RangeStateActivityStatus,
)
LINKS = Prepared(
    lambda ids: (
        ReportLink.objects.filter(report_id__in=ids)
        .order_by("report_id", "pk")
        .values_list("report_id", "url", "title")
    ),
    model=ReportLink,
    tuples=True,
)
ATTACHMENTS = Prepared(
    lambda ids: (
        ReportAttachment.objects.filter(report_id__in=ids)
        .order_by("report_id", "uploaded_at", "pk")
        .values_list("report_id", "pk", "original_name", "content_type", "size", "uploaded_at")
    ),
    model=ReportAttachment,
    tuples=True,
)
#: One report's row by its id, for the answer of a write (whoever wrote it may see it).
REPORT_ROW = Prepared(lambda pk: Report.objects.filter(pk=pk).values(*COLUMNS), model=Report)
TRANSITIONS = Prepared(
    lambda ids: (
        ReportTransition.objects.filter(report_id__in=ids)
        .order_by("report_id", "at", "pk")
        .values_list("report_id", "at", "from_state", "to_state", "comment")
    ),
    model=ReportTransition,
    tuples=True,
)


def range_state_statuses(ids, urls):
    """{activity id: the JSON of its statuses per range state}, in one query. What repeats
    from row to row (a range state, a date, a status's label) is made once per answer."""
    if not ids:
        return {}
    order = STATE_NAME.order()
    labels = NESTED_STATUS.table()
    states, dates, found = {}, {}, defaultdict(list)
    for row in NESTED_STATUSES(ids):
        iso_code, report, as_of = row["range_state__iso_code"], row["report_id"], row["as_of"]
        state = states.get(iso_code)
        if state is None:
            state = states[iso_code] = {
                "iso_code": iso_code,
                "name": STATE_NAME.shown(row, "name", order),
                "url": urls.of("api:range-state-detail", iso_code=iso_code),
            }
        shown_date = dates.get(as_of)
        if shown_date is None:
            shown_date = dates[as_of] = date(as_of)
        found[row["activity_id"]].append(
            {
                # One dictionary per range state, shared by its rows: answers are only read.
                "range_state": state,
                "status": row["status"],
                "status_label": label(labels, row["status"]),
                "as_of": shown_date,
                "report": (
                    None if report is None else urls.of_number("api:report-detail", "pk", report)
                ),
            }
        )
    return found


@cache
def _amount_field():
    """The serializer's field of the funding amount (its decimal places and format), made
    once: making a ModelSerializer's fields costs more than building a report."""
    return ReportSerializer().fields["funding_amount"]


class ReportBuilder:
    """Builds reports' JSON for one request."""

    def __init__(self, request):
        self.request = request
        self.urls = Addresses(request)
        self.user = getattr(request, "user", None)
        self.amount = _amount_field()

    def sees_transitions(self, author_id, reviewer):
        user = self.user
        return reviewer or (user is not None and user.is_authenticated and author_id == user.pk)

    def build(self, rows):
        rows = list(rows)
        if not rows:
            return []
        ids = [row["id"] for row in rows]
        reviewer = self.user is not None and can_review(self.user)
        # The history only of the reports whose reader sees it: none is read for a partner.
        shown = [row["id"] for row in rows if self.sees_transitions(row["author_id"], reviewer)]
        links, attachments, transitions = (
            self.links(ids),
            self.attachments(ids),
            self.transitions(shown) if shown else {},
        )
        order = STATE_NAME.order()
        states, statuses = REPORT_STATE.table(), REPORT_STATUS.table()
        urls = self.urls
        answer = []
        for row in rows:
            pk = row["id"]
            iso_code, slug = row["range_state__iso_code"], row["species__slug"]
            code, programme = row["activity__code"], row["activity__programme__code"]
            deadline, reopened = row["cycle__deadline"], row["reopened_until"]
            amount = row["funding_amount"]
            answer.append(
                {
                    "id": pk,
                    "url": urls.of("api:report-detail", pk=pk),
                    "web_url": urls.of_number("reporting:report", "pk", pk),
                    "cycle": {
                        "id": row["cycle_id"],
                        "name": CYCLE_NAME.shown(row, "name", order),
                        "url": urls.of("api:reporting-cycle-detail", pk=row["cycle_id"]),
                    },
                    "activity": {
                        "code": code,
                        "url": urls.of("api:activity-detail", code=code)
                        + "?programme="
                        + _query_value(programme),
                    },
                    "range_state": None
                    if iso_code is None
                    else {
                        "iso_code": iso_code,
                        "name": STATE_NAME.shown(row, "name", order),
                        "url": urls.of("api:range-state-detail", iso_code=iso_code),
                    },
                    "species": None
                    if slug is None
                    else {
                        "slug": slug,
                        "common_name": SPECIES_NAME.shown(row, "common_name", order),
                        "scientific_name": row["species__scientific_name"],
                        "url": urls.of("api:species-detail", slug=slug),
                    },
                    "state": row["state"],
                    "state_label": label(states, row["state"]),
                    "status": row["status"] or None,
                    "status_label": label(statuses, row["status"]),
                    "progress": row["progress"],
                    "results": row["results"],
                    "obstacles": row["obstacles"],
                    "next_steps": row["next_steps"],
                    "partners": row["partners"],
                    "funding_amount": None
                    if amount is None
                    else self.amount.to_representation(amount),
                    "funding_currency": row["funding_currency"],
                    "funding_source": row["funding_source"],
                    "links": links.get(pk, []),
                    "attachments": attachments.get(pk, []),
                    "submitted_at": datetime(row["submitted_at"]),
                    "accepted_at": datetime(row["accepted_at"]),
                    "updated_at": datetime(row["updated_at"]),
                    "submission_deadline": date(
                        reopened if reopened and reopened > deadline else deadline
                    ),
                    "version": row["version"],
                    "transitions": transitions.get(pk, []),
                }
            )
        return answer

    def links(self, ids):
        found = defaultdict(list)
        rows = LINKS(ids)
        for report, url, title in rows:
            found[report].append({"url": url, "title": title})
        return found

    def attachments(self, ids):
        found = defaultdict(list)
        rows = ATTACHMENTS(ids)
        for report, pk, name, content_type, size, uploaded_at in rows:
            found[report].append(
                {
                    "original_name": name,
                    "content_type": content_type,
                    "size": size,
                    "uploaded_at": datetime(uploaded_at),
                    "url": self.urls.of("api:report-attachment", pk=report, attachment_id=pk),
                }
            )
        return found

    def transitions(self, ids):
        found = defaultdict(list)
        rows = TRANSITIONS(ids)
        for report, at, from_state, to_state, comment in rows:
            found[report].append(
                {
                    "at": datetime(at),
                    "from_state": from_state,
                    "to_state": to_state,
                    "comment": comment,
                }
            )
        return found


def _query_value(value):
    return urlencode({"": value})[1:]
