"""Accepted reports as an activity's page and a range state's page list them, read as plain
rows (`values()`) by queries compiled once (core/prepared.py) instead of a model instance
per report and per table joined to it: each row has what `pages.entries.report_entries`
and the pages read of a report (`ReportRow`), its translated texts as the instances would
show them (core/api/rows.py: `Texts`).

tests/reporting/test_public_reads.py compares them with the reports themselves."""

from django.db.models import Count, F, Sum, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from core.api.rows import Labels, Texts, label
from core.api.serializers import fast_reverse
from core.prepared import Prepared
from programme.models import Activity
from rangestates.models import RangeState
from reporting.choices import ReportState
from reporting.models import RangeStateActivityStatus, Report, ReportingCycle, ReportTally
from species.models import Species

STATE_NAME = Texts(RangeState, ("name",), prefix="range_state__")
SPECIES_NAME = Texts(Species, ("common_name",), prefix="species__")
CYCLE_NAME = Texts(ReportingCycle, ("name",), prefix="cycle__")
ACTIVITY_TEXTS = Texts(Activity, ("short_title", "text"), prefix="activity__")
REPORT_STATUS = Labels(Report, "status")

COLUMNS = [
    "id",
    "status",
    "accepted_at",
    "progress",
    "cycle_id",
    *CYCLE_NAME.columns(),
    "activity_id",
    "activity__code",
    *ACTIVITY_TEXTS.columns(),
    "range_state_id",
    "range_state__iso_code",
    *STATE_NAME.columns(),
    "species_id",
    "species__slug",
    *SPECIES_NAME.columns(),
]


class ReportActivity:
    """A report's activity: its number and its title in lists (`Activity.list_title`)."""

    def __init__(self, pk, code, list_title):
        self.pk, self.code, self.list_title = pk, code, list_title


class ReportSubject:
    """The range state or species a report speaks for: its page's address and its name, as
    `str()` of the instance gives it."""

    def __init__(self, is_range_state, url, name):
        self.is_range_state, self.url, self.name = is_range_state, url, name

    def get_absolute_url(self):
        return self.url

    def __str__(self):
        return self.name


class StateRef:
    """A range state as a page links to it: its code, its page's address, its name."""

    def __init__(self, iso_code, name):
        self.iso_code, self.name = iso_code, name
        self.url = fast_reverse("rangestates:detail", {"iso_code": iso_code})

    def get_absolute_url(self):
        return self.url

    def __str__(self):
        return self.name


class StatusRow:
    """The status a range state's latest accepted report gives an activity."""

    def __init__(self, range_state, status, as_of):
        self.range_state, self.status, self.as_of = range_state, status, as_of


class ReportCycle:
    """A report's cycle: its name (one per cycle and page, so the same cycle is the same
    object, as the range state's page groups its reports by cycle)."""

    def __init__(self, pk, name):
        self.pk, self.name = pk, name

    def __str__(self):
        return self.name


class ReportRow:
    """An accepted report as the public pages list it."""

    #: The report's page's address (`Report.get_absolute_url`), set by `rows_by_ids`.
    url = None

    def __init__(self, row, activity, subject, cycle):
        self.pk = row["id"]
        self.status = row["status"]
        self.accepted_at = row["accepted_at"]
        self.progress = row["progress"]
        self.cycle_id = row["cycle_id"]
        self.range_state_id = row["range_state_id"]
        self.species_id = row["species_id"]
        self.activity_id = row["activity_id"]
        self.activity, self.subject, self.cycle = activity, subject, cycle

    def get_absolute_url(self):
        return self.url

    def get_status_display(self):
        return label(REPORT_STATUS.table(), self.status)


class _Reader:
    """Rows to ReportRow, each activity, subject and cycle made once."""

    def __init__(self):
        self.orders = [t.order() for t in (ACTIVITY_TEXTS, STATE_NAME, SPECIES_NAME, CYCLE_NAME)]
        self.activities, self.subjects, self.cycles = {}, {}, {}

    def activity(self, row):
        found = self.activities.get(row["activity_id"])
        if found is None:
            order = self.orders[0]
            title = ACTIVITY_TEXTS.shown(row, "short_title", order)
            if not title:  # Activity.short_text
                title = Activity.cut_text(ACTIVITY_TEXTS.shown(row, "text", order))
            found = ReportActivity(row["activity_id"], row["activity__code"], title)
            self.activities[row["activity_id"]] = found
        return found

    def subject(self, row):
        key = (row["range_state_id"], row["species_id"])
        found = self.subjects.get(key)
        if found is None:
            if row["range_state_id"] is not None:
                code = row["range_state__iso_code"]
                name = STATE_NAME.shown(row, "name", self.orders[1]) or code
                url = fast_reverse("rangestates:detail", {"iso_code": code})
                found = ReportSubject(True, url, name)
            else:
                slug = row["species__slug"]
                name = SPECIES_NAME.shown(row, "common_name", self.orders[2]) or slug
                found = ReportSubject(False, fast_reverse("species:detail", {"slug": slug}), name)
            self.subjects[key] = found
        return found

    def cycle(self, row):
        found = self.cycles.get(row["cycle_id"])
        if found is None:
            name = CYCLE_NAME.shown(row, "name", self.orders[3])
            found = self.cycles[row["cycle_id"]] = ReportCycle(row["cycle_id"], name)
        return found

    def read(self, rows):
        return [
            ReportRow(row, self.activity(row), self.subject(row), self.cycle(row)) for row in rows
        ]


def _accepted():
    return Report.objects.filter(state=ReportState.ACCEPTED)


# What an activity's page shows: the newest `per_subject` reports per range state or species
# (their ids ranked over narrow rows), then those reports read in full, countries by name and
# species in order, each subject's newest first.
_RANKED = Prepared(
    lambda activity_id, per_subject: (
        _accepted()
        .filter(activity_id=activity_id)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("range_state"), F("species")],
                order_by=[F("cycle__period_end").desc(), F("accepted_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=per_subject)
        .order_by()
        .values_list("pk")
    ),
    model=Report,
    tuples=True,
)
_BY_SUBJECT = Prepared(
    lambda ids: (
        Report.objects.filter(pk__in=ids)
        .order_by(
            "range_state__name_en",
            "species__position",
            "species__slug",
            "-cycle__period_end",
            "-accepted_at",
            "-pk",
        )
        .values(*COLUMNS)
    ),
    model=Report,
)
_BY_ID = Prepared(
    lambda ids: Report.objects.filter(pk__in=ids).order_by().values(*COLUMNS), model=Report
)
# COUNT(*), not of the ids: the partial index of accepted reports by activity
# (reporting_report_by_activity) answers it alone, without reading each report's row.
_ACTIVITY_TOTAL = Prepared(
    lambda activity_id: (
        _accepted()
        .filter(activity_id=activity_id)
        .order_by()
        .values("activity_id")
        .annotate(total=Count("*"))
        .values_list("total")
    ),
    model=Report,
    tuples=True,
)
# A country's accepted reports counted by the reports' tally (a row per cycle), not one by one.
_STATE_TOTAL = Prepared(
    lambda programme_id, state_id: (
        ReportTally.objects.filter(
            cycle__programme_id=programme_id, country=state_id, state=ReportState.ACCEPTED
        )
        .order_by()
        .values("country")
        .annotate(total=Sum("count"))
        .values_list("total")
    ),
    model=ReportTally,
    tuples=True,
)
_STATUSES = Prepared(
    lambda activity_id: (
        RangeStateActivityStatus.objects.filter(activity_id=activity_id)
        .order_by("range_state__name_en", "pk")
        .values("status", "as_of", "range_state__iso_code", *STATE_NAME.columns())
    ),
    model=RangeStateActivityStatus,
)
_state_newest = {}


def _state_newest_ids(limit):
    """The query of a country's newest `limit` accepted reports' ids (a limit is written in
    the SQL: one compiled query per limit)."""
    found = _state_newest.get(limit)
    if found is None:
        found = _state_newest[limit] = Prepared(
            lambda programme_id, state_id: (
                _accepted()
                .filter(cycle__programme_id=programme_id, range_state_id=state_id)
                .order_by("-cycle__period_end", "-cycle_id", "activity__sort_key", "-pk")
                .values_list("pk")[:limit]
            ),
            model=Report,
            tuples=True,
        )
    return found


_newest = {}


def _newest_ids(limit):
    """The query of a programme's `limit` reports accepted last (index
    `reporting_report_last_accepted`), one compiled query per limit."""
    found = _newest.get(limit)
    if found is None:
        found = _newest[limit] = Prepared(
            lambda programme_id: (
                _accepted()
                .filter(cycle__programme_id=programme_id)
                .order_by("-accepted_at", "-pk")
                .values_list("pk")[:limit]
            ),
            model=Report,
            tuples=True,
        )
    return found


_SAMPLE = 918273645


def rows_by_ids(ids):
    """ReportRow of the reports `ids`, in that order, each with its page's address."""
    if not ids:
        return []
    pattern = reverse("reporting:report", args=[_SAMPLE])  # once per call: digits only
    rows = {}
    for row in _Reader().read(_BY_ID(list(ids))):
        row.url = pattern.replace(str(_SAMPLE), str(row.pk), 1)
        rows[row.pk] = row
    return [rows[pk] for pk in ids if pk in rows]


def latest_reports(programme_id, limit):
    """ReportRow of the programme's `limit` reports accepted last, the newest first."""
    return rows_by_ids([pk for (pk,) in _newest_ids(limit)(programme_id)])


def reports_for_activity(activity_id, per_subject):
    """ReportRow of the activity's newest accepted reports (`per_subject` per range state or
    species), countries by name then species in order, each subject's newest first."""
    ids = [pk for (pk,) in _RANKED(activity_id, per_subject)]
    return _Reader().read(_BY_SUBJECT(ids)) if ids else []


def report_count_for_activity(activity_id):
    return next(iter(_ACTIVITY_TOTAL(activity_id)), (0,))[0]


def reports_for_state(programme_id, state_id, limit):
    """ReportRow of the country's newest `limit` accepted reports, and how many it has."""
    ids = [pk for (pk,) in _state_newest_ids(limit)(programme_id, state_id)]
    total = next(iter(_STATE_TOTAL(programme_id, state_id)), (0,))[0]
    return rows_by_ids(ids), total


def statuses_for_activity(activity_id):
    """StatusRow of the activity per range state, the countries by name."""
    order = STATE_NAME.order()
    return [
        StatusRow(
            StateRef(
                row["range_state__iso_code"],
                STATE_NAME.shown(row, "name", order) or row["range_state__iso_code"],
            ),
            row["status"],
            row["as_of"],
        )
        for row in _STATUSES(activity_id)
    ]
