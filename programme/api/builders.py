"""The activities' JSON built from plain rows (core/api/rows.py): what `ActivitySerializer`
gives, field for field (tests/api/test_builders.py compares them in every language), in a
query per relation whatever the page's size, without a model instance per nested object."""

from collections import defaultdict
from urllib.parse import urlencode

from core.api.rows import Addresses, Labels, Texts, date, datetime, label
from core.prepared import Prepared
from programme.choices import ImplementationStatus
from programme.models import Activity, ActivityStatus, Actor, Responsibility, SubActivity
from rangestates.api.builders import LANDSCAPE_NAME, landscapes_by
from rangestates.models import RangeState
from species.models import Species

ACTIVITY_TEXTS = Texts(Activity, ("heading", "text", "short_title", "priority_text", "actors_text"))
FALLBACK = ("short_title", "heading", "text", "priority_text", "actors_text")
SUB_TEXTS = Texts(SubActivity, ("heading", "text"))
QUALIFIER = Texts(Responsibility, ("qualifier",))
ACTOR_NAME = Texts(Actor, ("name",), prefix="actor__")
SPECIES_NAME = Texts(Species, ("common_name",), prefix="species__")
STATE_NAME = Texts(RangeState, ("name",), prefix="rangestate__")

PRIORITY = Labels(Activity, "priority")
SUB_PRIORITY = Labels(SubActivity, "priority")
STATUS = Labels(ActivityStatus, "status")

#: What `values()` reads of an activity for `ActivityBuilder.build`.
COLUMNS = [
    "id",
    "code",
    "programme__code",
    "issue__code",
    "issue__objective__number",
    "priority",
    *ACTIVITY_TEXTS.columns(),
    "status__id",
    "status__status",
    "status__note",
    "status__status_date",
    "status__updated_at",
    "status__version",
]

_CROSS = [
    "code",
    "sort_key",
    "programme__code",
    "programme__start_year",
    "programme__end_year",
]


#: One activity's row, by its programme's id and its code, compiled once (core/prepared.py).
ACTIVITY = Prepared(
    lambda programme, code: Activity.objects.filter(programme_id=programme, code=code).values(
        *COLUMNS
    )[:1],
    model=Activity,
)

# The relations' queries, compiled once (core/prepared.py): `ids`, the activities' ids.
SUBACTIVITIES = Prepared(
    lambda ids: (
        SubActivity.objects.filter(activity_id__in=ids)
        .order_by("activity_id", "position")
        .values("activity_id", "letter", "priority", *SUB_TEXTS.columns())
    ),
    model=SubActivity,
)
RESPONSIBILITIES = Prepared(
    lambda ids: (
        Responsibility.objects.filter(activity_id__in=ids)
        .order_by("activity_id", "position")
        .values(
            "activity_id", "proposed", "actor__slug", *QUALIFIER.columns(), *ACTOR_NAME.columns()
        )
    ),
    model=Responsibility,
)
SPECIES = Prepared(
    lambda ids: (
        Activity.species.through.objects.filter(activity_id__in=ids)
        .order_by("activity_id", "species__position", "species__slug")
        .values("activity_id", "species__slug", "species__scientific_name", *SPECIES_NAME.columns())
    ),
    model=Activity,
)
RANGE_STATES = Prepared(
    lambda ids: (
        Activity.range_states.through.objects.filter(activity_id__in=ids)
        .order_by("activity_id", "rangestate__name_en")
        .values("activity_id", "rangestate__iso_code", *STATE_NAME.columns())
    ),
    model=Activity,
)
LANDSCAPES = Prepared(
    lambda ids: (
        Activity.landscapes.through.objects.filter(activity_id__in=ids)
        .order_by("activity_id", "landscape__position", "landscape__slug")
        .values("activity_id", "landscape__slug", *LANDSCAPE_NAME.columns())
    ),
    model=Activity,
)
REFERENCED_ACTIVITIES = Prepared(
    lambda ids: Activity.referenced_activities.through.objects.filter(
        from_activity_id__in=ids
    ).values("from_activity_id", *("to_activity__" + name for name in _CROSS)),
    model=Activity,
)
REFERENCED_ISSUES = Prepared(
    lambda ids: Activity.referenced_issues.through.objects.filter(activity_id__in=ids).values(
        "activity_id",
        "issue__code",
        "issue__sort_key",
        "issue__programme__code",
        "issue__programme__start_year",
    ),
    model=Activity,
)


def _crosswalk(this, other):
    return Prepared(
        lambda ids: Activity.continues.through.objects.filter(**{f"{this}_id__in": ids}).values(
            f"{this}_id", *(f"{other}__{name}" for name in _CROSS)
        ),
        model=Activity,
    )


CROSSWALK = {
    "from_activity": _crosswalk("from_activity", "to_activity"),
    "to_activity": _crosswalk("to_activity", "from_activity"),
}


def _programme_order(row, prefix):
    # Activity and Issue are ordered by programme (-start_year, code), then sort key.
    return (
        -row[f"{prefix}programme__start_year"],
        row[f"{prefix}programme__code"],
        row[f"{prefix}sort_key"],
    )


class ActivityBuilder:
    """Builds activities' JSON for one request. `nested_statuses(ids, addresses)`: the
    statuses per range state, {activity id: [their JSON]} (reporting's, handed in by the
    view: docs/architecture.md)."""

    def __init__(self, request, nested_statuses):
        self.request = request
        self.urls = Addresses(request)
        self.nested_statuses = nested_statuses

    def activity_url(self, code, programme):
        return (
            self.urls.of("api:activity-detail", code=code)
            + "?"
            + urlencode({"programme": programme})
        )

    def web_url(self, code, programme):
        return (
            self.urls.of("programme:activity", code=code)
            + "?"
            + urlencode({"programme": programme})
        )

    def build(self, rows):
        rows = list(rows)
        if not rows:
            return []
        ids = [row["id"] for row in rows]
        related = self.related(ids)
        statuses = self.nested_statuses(ids, self.urls)
        order = ACTIVITY_TEXTS.order()
        priorities, status_labels = PRIORITY.table(), STATUS.table()
        texts = ACTIVITY_TEXTS
        answer = []
        for row in rows:
            pk, code, programme = row["id"], row["code"], row["programme__code"]
            if row["status__id"] is None:
                status = {
                    "status": ImplementationStatus.NOT_STARTED.value,
                    "status_label": label(status_labels, ImplementationStatus.NOT_STARTED),
                    "note": "",
                    "status_date": None,
                    "updated_at": None,
                    "version": 0,
                }
            else:
                status = {
                    "status": row["status__status"],
                    "status_label": label(status_labels, row["status__status"]),
                    "note": row["status__note"],
                    "status_date": date(row["status__status_date"]),
                    "updated_at": datetime(row["status__updated_at"]),
                    "version": row["status__version"],
                }
            answer.append(
                {
                    "code": code,
                    "url": self.activity_url(code, programme),
                    "web_url": self.web_url(code, programme),
                    "programme": programme,
                    "objective": row["issue__objective__number"],
                    "issue": row["issue__code"],
                    "short_title": texts.shown(row, "short_title", order),
                    "heading": texts.shown(row, "heading", order),
                    "text": texts.shown(row, "text", order),
                    "priority": row["priority"],
                    "priority_label": label(priorities, row["priority"]),
                    "priority_text": texts.shown(row, "priority_text", order),
                    "actors_text": texts.shown(row, "actors_text", order),
                    "subactivities": related["subactivities"][pk],
                    "responsibilities": related["responsibilities"][pk],
                    "species": related["species"][pk],
                    "range_states": related["range_states"][pk],
                    "landscapes": related["landscapes"][pk],
                    "referenced_activities": related["referenced_activities"][pk],
                    "referenced_issues": related["referenced_issues"][pk],
                    "continues": related["continues"][pk],
                    "continued_as": related["continued_as"][pk],
                    "status": status,
                    "range_state_statuses": statuses.get(pk, []),
                    "fallback": texts.fallback(row, FALLBACK, order),
                }
            )
        return answer

    # --- the relations: one query each -----------------------------------------------------

    def related(self, ids):
        return {
            "subactivities": self.subactivities(ids),
            "responsibilities": self.responsibilities(ids),
            "species": self.species(ids),
            "range_states": self.range_states(ids),
            "landscapes": self.landscapes(ids),
            "referenced_activities": self.referenced_activities(ids),
            "referenced_issues": self.referenced_issues(ids),
            "continues": self.crosswalk(ids, "from_activity", "to_activity"),
            "continued_as": self.crosswalk(ids, "to_activity", "from_activity"),
        }

    def subactivities(self, ids):
        found = defaultdict(list)
        if not ids:
            return found
        order, labels = SUB_TEXTS.order(), SUB_PRIORITY.table()
        rows = SUBACTIVITIES(ids)
        for row in rows:
            found[row["activity_id"]].append(
                {
                    "letter": row["letter"],
                    "heading": SUB_TEXTS.shown(row, "heading", order),
                    "text": SUB_TEXTS.shown(row, "text", order),
                    "priority": row["priority"],
                    "priority_label": label(labels, row["priority"]),
                    "fallback": SUB_TEXTS.fallback(row, ("heading", "text"), order),
                }
            )
        return found

    def responsibilities(self, ids):
        found = defaultdict(list)
        if not ids:
            return found
        order = QUALIFIER.order()
        rows = RESPONSIBILITIES(ids)
        for row in rows:
            slug = row["actor__slug"]
            found[row["activity_id"]].append(
                {
                    "actor": {
                        "slug": slug,
                        "name": ACTOR_NAME.shown(row, "name", order),
                        "url": self.urls.of("api:actor-detail", slug=slug),
                    },
                    "proposed": row["proposed"],
                    "qualifier": QUALIFIER.shown(row, "qualifier", order),
                }
            )
        return found

    def species(self, ids):
        found = defaultdict(list)
        if not ids:
            return found
        order = SPECIES_NAME.order()
        rows = SPECIES(ids)
        for row in rows:
            slug = row["species__slug"]
            found[row["activity_id"]].append(
                {
                    "slug": slug,
                    "common_name": SPECIES_NAME.shown(row, "common_name", order),
                    "scientific_name": row["species__scientific_name"],
                    "url": self.urls.of("api:species-detail", slug=slug),
                }
            )
        return found

    def range_states(self, ids):
        found = defaultdict(list)
        if not ids:
            return found
        order = STATE_NAME.order()
        rows = RANGE_STATES(ids)
        for row in rows:
            found[row["activity_id"]].append(
                range_state_brief(self.urls, row["rangestate__iso_code"], STATE_NAME, row, order)
            )
        return found

    def landscapes(self, ids):
        if not ids:
            return defaultdict(list)
        return landscapes_by(LANDSCAPES(ids), "activity_id", self.urls)

    def referenced_activities(self, ids):
        rows = REFERENCED_ACTIVITIES(ids)
        found = defaultdict(list)
        for row in sorted(rows, key=lambda row: _programme_order(row, "to_activity__")):
            found[row["from_activity_id"]].append(row["to_activity__code"])
        return found

    def referenced_issues(self, ids):
        rows = REFERENCED_ISSUES(ids)
        found = defaultdict(list)
        for row in sorted(rows, key=lambda row: _programme_order(row, "issue__")):
            found[row["activity_id"]].append(row["issue__code"])
        return found

    def crosswalk(self, ids, this, other):
        """The activities of other programmes that these ones continue (or that continue
        them)."""
        rows = CROSSWALK[this](ids)
        found = defaultdict(list)
        prefix = f"{other}__"
        for row in sorted(rows, key=lambda row: _programme_order(row, prefix)):
            code, programme = row[prefix + "code"], row[prefix + "programme__code"]
            found[row[f"{this}_id"]].append(
                {
                    "reference": f"{programme} {code}",
                    "programme": programme,
                    "period": "{}–{}".format(
                        row[prefix + "programme__start_year"], row[prefix + "programme__end_year"]
                    ),
                    "code": code,
                    "url": self.activity_url(code, programme),
                    "web_url": self.web_url(code, programme),
                }
            )
        return found


def range_state_brief(urls, iso_code, texts, row, order):
    """A range state where another object names it (`RangeStateBriefSerializer`)."""
    return {
        "iso_code": iso_code,
        "name": texts.shown(row, "name", order),
        "url": urls.of("api:range-state-detail", iso_code=iso_code),
    }
