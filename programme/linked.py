"""What an activity's page shows of the records linked to the activity (its species, range
states, landscapes, responsible actors, cross-references and the activities of other
programmes it continues or is continued by), read as rows (`values()`) by queries compiled
once (core/prepared.py) rather than prefetched as model instances (and a range state's
species and landscapes, `state_species` and `state_landscapes`): each is what the page
reads of the instance (its address, its name as `str()` gives it in the current language,
its code), in the order the relation's prefetch gave.

tests/programme/test_linked.py compares them with the instances."""

from dataclasses import dataclass
from urllib.parse import urlencode

from core.api.rows import Texts
from core.api.serializers import fast_reverse
from core.prepared import Prepared
from rangestates.models import Landscape, RangeState
from species.models import Species

from .models import Activity, Actor, Issue, Responsibility


class Linked:
    """A record a page links to: its page's address and its name."""

    def __init__(self, url, name):
        self.url, self.name = url, name

    def get_absolute_url(self):
        return self.url

    def __str__(self):
        return self.name


@dataclass
class LinkedProgramme:
    code: str
    start_year: int
    end_year: int

    @property
    def period(self):
        return f"{self.start_year}–{self.end_year}"


class LinkedActivity:
    """An activity another one links to: its number, its page, its programme."""

    def __init__(self, row):
        self.pk, self.code = row["id"], row["code"]
        self.url = fast_reverse("programme:activity", {"code": self.code})
        self.programme = LinkedProgramme(
            row["programme__code"], row["programme__start_year"], row["programme__end_year"]
        )

    def get_absolute_url(self):
        return self.url

    @property
    def programme_url(self):
        return f"{self.url}?{urlencode({'programme': self.programme.code})}"


@dataclass
class LinkedResponsibility:
    actor: Linked
    qualifier: str
    proposed: bool


@dataclass
class LinkedRecords:
    species: list
    range_states: list
    landscapes: list
    responsibilities: list
    referenced_activities: list
    referenced_issues: list
    referenced_by: list
    continues: list
    continued_as: list


def _named(model, name, code, route, keyword):
    """The records of `model` linked to an activity (`Prepared`, by the activity's id), as
    Linked: the name `name` in the current language or else the code `code`."""
    texts = Texts(model, (name,))
    prepared = Prepared(
        lambda activity_id: model.objects.filter(activities=activity_id).values(
            code, *texts.columns()
        ),
        model=model,
    )

    def read(activity_id):
        order = texts.order()
        return [
            Linked(
                fast_reverse(route, {keyword: row[code]}),
                texts.shown(row, name, order) or row[code],
            )
            for row in prepared(activity_id)
        ]

    return read


def _as_linked(rows, texts, name, code, route, keyword):
    order = texts.order()
    return [
        Linked(
            fast_reverse(route, {keyword: row[code]}), texts.shown(row, name, order) or row[code]
        )
        for row in rows
    ]


SPECIES_NAME = Texts(Species, ("common_name",))
LANDSCAPE_NAME = Texts(Landscape, ("name",))
_STATE_LANDSCAPES = Prepared(
    lambda state_id: (
        Landscape.objects.filter(range_states=state_id)
        .order_by("position", "slug")
        .values("slug", *LANDSCAPE_NAME.columns())
    ),
    model=Landscape,
)


def state_landscapes(state):
    """A range state's page: the country's landscapes, as Linked."""
    rows = _STATE_LANDSCAPES(state.pk)
    return _as_linked(rows, LANDSCAPE_NAME, "name", "slug", "rangestates:landscape", "slug")


_STATE_SPECIES = Prepared(
    lambda programme_id, state_id, again: (
        Species.objects.filter(
            pk__in=Activity.species.through.objects.filter(
                activity__in=Activity.objects.filter(programme_id=programme_id)
                .naming_range_state(state_id, again=again)
                .values("pk")
            ).values("species_id")
        )
        .order_by("position", "slug")
        .values("slug", *SPECIES_NAME.columns())
    ),
    model=Species,
)


def state_species(programme, state):
    """A range state's page: the species the programme's activities naming the country (or
    one of its landscapes) name, as Linked."""
    rows = _STATE_SPECIES(programme.pk, state.pk, state.pk)
    return _as_linked(rows, SPECIES_NAME, "common_name", "slug", "species:detail", "slug")


_SPECIES = _named(Species, "common_name", "slug", "species:detail", "slug")
_RANGE_STATES = _named(RangeState, "name", "iso_code", "rangestates:detail", "iso_code")
_LANDSCAPES = _named(Landscape, "name", "slug", "rangestates:landscape", "slug")

ACTOR_NAME = Texts(Actor, ("name",), prefix="actor__")
QUALIFIER = Texts(Responsibility, ("qualifier",))
_RESPONSIBILITIES = Prepared(
    lambda activity_id: Responsibility.objects.filter(activity_id=activity_id).values(
        "proposed", "actor__slug", *ACTOR_NAME.columns(), *QUALIFIER.columns()
    ),
    model=Responsibility,
)
_ACTIVITY_COLUMNS = (
    "id",
    "code",
    "programme__code",
    "programme__start_year",
    "programme__end_year",
)


def _activities(**relation):
    (name,) = relation
    return Prepared(
        lambda activity_id: Activity.objects.filter(**{name: activity_id}).values(
            *_ACTIVITY_COLUMNS
        ),
        model=Activity,
    )


_REFERENCED = _activities(referenced_by=None)
_CONTINUES = _activities(continued_as=None)
_CONTINUED_AS = _activities(continues=None)
_REFERENCED_BY = Prepared(
    lambda activity_id: (
        Activity.objects.filter(referenced_activities=activity_id)
        .order_by("sort_key")
        .values(*_ACTIVITY_COLUMNS)
    ),
    model=Activity,
)
_ISSUES = Prepared(
    lambda activity_id: Issue.objects.filter(referenced_by=activity_id).values("code"),
    model=Issue,
)


class _Code:
    def __init__(self, code):
        self.code = code


def linked_records(activity):
    """LinkedRecords of `activity`, each list in the order of the relation's prefetch
    (`Activity.objects.for_detail()`); `referenced_by` by number."""
    pk = activity.pk
    actor_order, qualifier_order = ACTOR_NAME.order(), QUALIFIER.order()
    return LinkedRecords(
        species=_SPECIES(pk),
        range_states=_RANGE_STATES(pk),
        landscapes=_LANDSCAPES(pk),
        responsibilities=[
            LinkedResponsibility(
                Linked(
                    fast_reverse("programme:actor", {"slug": row["actor__slug"]}),
                    ACTOR_NAME.shown(row, "name", actor_order) or row["actor__slug"],
                ),
                QUALIFIER.shown(row, "qualifier", qualifier_order),
                row["proposed"],
            )
            for row in _RESPONSIBILITIES(pk)
        ],
        referenced_activities=[LinkedActivity(row) for row in _REFERENCED(pk)],
        referenced_issues=[_Code(row["code"]) for row in _ISSUES(pk)],
        referenced_by=[LinkedActivity(row) for row in _REFERENCED_BY(pk)],
        continues=[LinkedActivity(row) for row in _CONTINUES(pk)],
        continued_as=[LinkedActivity(row) for row in _CONTINUED_AS(pk)],
    )
