"""Reads of the reporting app: who sees which report, what a focal point reports on.

Object permissions narrow the queryset first, so that a report a user may not see is a 404,
never a 403 that confirms it exists."""

from functools import cache

from django.core.exceptions import FieldDoesNotExist
from django.db import models, router
from django.db.models import Exists, OuterRef, Q

from core.prepared import Prepared, joined_columns, joined_instance

from .access import can_review, is_focal_point
from .choices import ReportState

# --- Which activities concern a range state or a species --------------------------------


def _species_range_lookup():
    """The relation from a species to the range states it lives in, when the species app
    records it (None otherwise)."""
    from species.models import Species

    try:
        Species._meta.get_field("range_states")
    except FieldDoesNotExist:
        return None
    return "range_states"


def concerns_range_state(state) -> Q:
    """Activities that concern `state`: linked to it, to one of its landscapes or to a species
    living there, and the activities with no geographic link (which concern every range
    state)."""
    from programme.models import Activity

    states = Activity.range_states.through.objects.filter(activity=OuterRef("pk"))
    landscapes = Activity.landscapes.through.objects.filter(activity=OuterRef("pk"))
    species = Activity.species.through.objects.filter(activity=OuterRef("pk"))
    condition = Exists(states.filter(rangestate=state)) | Exists(
        landscapes.filter(landscape__range_states=state)
    )
    no_geographic_link = ~Exists(states) & ~Exists(landscapes)
    species_range = _species_range_lookup()
    if species_range:
        condition |= Exists(species.filter(**{f"species__{species_range}": state}))
        # With the species' ranges known, an activity naming only species is geographic.
        no_geographic_link &= ~Exists(species)
    return condition | no_geographic_link


#: The value of `country_status` for the activities no range state has reported on yet.
NO_COUNTRY_REPORT = "none"


def reported_by_a_country(values) -> Q:
    """Activities that at least one range state reports with one of the statuses in
    `values` in its latest accepted report; `NO_COUNTRY_REPORT` among them: those that no
    range state has reported on yet. The rule of the `country_status` filter (activity
    browser, matrix and API)."""
    from .models import RangeStateActivityStatus

    statuses = [value for value in values if value != NO_COUNTRY_REPORT]
    reported = RangeStateActivityStatus.objects.filter(activity=OuterRef("pk"))
    condition = Q(pk__in=[])
    if statuses:
        condition |= Exists(reported.filter(status__in=statuses))
    if NO_COUNTRY_REPORT in values:
        condition |= ~Exists(reported)
    return condition


def concerns_species(species) -> Q:
    """Activities a species focal point reports on: those linked to the species."""
    from programme.models import Activity

    return Exists(Activity.species.through.objects.filter(activity=OuterRef("pk"), species=species))


def activities_in_scope(activities, *, range_state=None, species=None):
    """`activities` narrowed to those the focal point of `range_state` or `species` reports on,
    in the programme's natural order."""
    from .subjects import Subject

    Subject(range_state, species)  # one of the two
    condition = (
        concerns_range_state(range_state) if range_state is not None else concerns_species(species)
    )
    return activities.filter(condition).order_by("sort_key", "pk")


@cache
def _in_scope_rows(kind):
    """The activities of a programme that `kind` ("range_state" or "species") reports on,
    with their issue, in a query compiled once per connection and planned once per database
    session: its conditions (four subqueries) cost PostgreSQL more to plan than to run."""
    from programme.models import Activity

    def build(programme_id, subject_id):
        # Every column as it is (`rewrite(False)`): what makes the instances, as Django's own
        # read would (django-modeltranslation would name the translated fields' languages).
        activities = Activity.objects.rewrite(False).filter(programme_id=programme_id)
        return activities_in_scope(activities, **{kind: subject_id}).values_list(
            *joined_columns(Activity, ("issue",))
        )

    return Prepared(build, model=Activity, tuples=True, planned_once=True)


def activities_in_scope_of(programme_id, *, range_state=None, species=None):
    """What `activities_in_scope` gives of a programme's activities, as instances with their
    issue (`select_related("issue")`)."""
    from programme.models import Activity

    from .subjects import Subject

    subject = Subject(range_state, species)
    rows = _in_scope_rows(str(subject.kind))(int(programme_id), int(subject.instance.pk))
    db = router.db_for_read(Activity)
    return [joined_instance(Activity, row, ("issue",), db=db) for row in rows]


def next_to_report(report):
    """The activity after `report`'s, in the programme's order (then from the start), on
    which its range state or species has no report submitted or accepted in the cycle; None
    when every one is reported."""
    from programme.models import Activity

    from .choices import ReportState
    from .models import Report

    subject = {"range_state": report.range_state, "species": report.species}
    done = Report.objects.filter(
        cycle=report.cycle_id, state__in=ReportState.done(), **subject
    ).values("activity")
    candidates = (
        activities_in_scope(
            Activity.objects.filter(programme=report.activity.programme_id), **subject
        )
        .exclude(pk__in=done)
        .exclude(pk=report.activity_id)
    )
    return candidates.filter(sort_key__gt=report.activity.sort_key).first() or candidates.first()


# --- Focal points -------------------------------------------------------------------------


class FocalPointQuerySet(models.QuerySet):
    def active(self):
        return self.filter(user__is_active=True)

    def for_range_state(self, state):
        return self.filter(range_states=state)

    def for_species(self, species):
        return self.filter(species=species)

    def for_listing(self):
        return self.select_related("user").prefetch_related("range_states", "species")

    def public(self):
        """What public pages may show: active focal points, names and roles only."""
        return (
            self.active()
            .select_related("user")
            .only(
                "id",
                "organisation",
                "position",
                "user__id",
                "user__first_name",
                "user__last_name",
                "user__username",
            )
            .order_by("user__last_name", "user__first_name", "pk")
        )


# --- Reporting cycles ---------------------------------------------------------------------


class ReportingCycleQuerySet(models.QuerySet):
    def opened(self, today):
        """Cycles whose opening date has come (current and past ones)."""
        return self.filter(opens_on__lte=today)

    def accepting_submissions(self, today):
        """Cycles open today: opened and deadline not passed."""
        return self.filter(opens_on__lte=today, deadline__gte=today)

    def offered_for_export(self, today):
        """The cycles whose exports the review queue offers before a cycle is chosen: those
        open today and the newest one (by deadline), newest first; a few whatever the
        number of cycles (any other is one choice away in the queue's cycle filter)."""
        newest = self.model.objects.order_by("-deadline", "-pk").values("pk")[:1]
        return (self.accepting_submissions(today) | self.filter(pk__in=newest)).order_by(
            "-deadline", "-pk"
        )

    def default_for(self, today):
        """The cycle "My reporting" shows first: the open one with the nearest deadline, else
        the last one that opened."""
        cycle = self.accepting_submissions(today).order_by("deadline", "pk").first()
        if cycle is None:
            cycle = self.opened(today).order_by("-deadline", "-pk").first()
        return cycle


# --- Reports ------------------------------------------------------------------------------


class ReportQuerySet(models.QuerySet):
    def accepted(self):
        """Public reports."""
        return self.filter(state=ReportState.ACCEPTED)

    def submitted(self):
        return self.filter(state=ReportState.SUBMITTED)

    def visible_to(self, user):
        """Accepted reports for everyone; the author's own at any state; everything for the
        secretariat."""
        if can_review(user):
            return self.all()
        if user is not None and user.is_authenticated and user.is_active:
            return self.filter(Q(state=ReportState.ACCEPTED) | Q(author=user))
        return self.accepted()

    def editable_by(self, user):
        """Reports `user` may change: their own drafts and returned reports, while they are an
        active focal point."""
        if not (user and user.is_authenticated):
            return self.none()
        return self.editable_by_id(user.pk)

    def editable_by_id(self, user_id):
        """`editable_by` the signed-in user whose id is `user_id`."""
        # Whether the author is a focal point is asked in the same query as the reports.
        return self.filter(
            is_focal_point("author__"), author_id=user_id, state__in=ReportState.editable()
        )

    def for_range_state(self, state):
        return self.filter(range_state=state)

    def for_species(self, species):
        return self.filter(species=species)

    def for_activity(self, activity):
        return self.filter(activity=activity)

    def for_programme(self, programme):
        return self.filter(cycle__programme=programme)

    def for_listing(self):
        """What lists and exports show, joined in one query."""
        return self.select_related(
            "cycle", "activity__issue__objective", "range_state", "species", "author"
        )

    def waiting_review(self):
        """Submitted reports, the longest waiting first."""
        return self.filter(state=ReportState.SUBMITTED).order_by("submitted_at", "pk")

    def for_detail(self):
        from .models import ReportTransition

        return self.for_listing().prefetch_related(
            "links",
            "attachments",
            models.Prefetch("transitions", queryset=ReportTransition.objects.select_related("by")),
        )

    def in_natural_order(self):
        """By cycle (deadline), activity, subject. The database reads the reports cycle by
        cycle in deadline order (index `reporting_reportingcycle_due`), sorting one cycle's
        reports at a time, so that a first page costs the same however many cycles."""
        return self.order_by(
            "cycle__deadline",
            "cycle_id",
            "activity__sort_key",
            "range_state__iso_code",
            "species__slug",
            "pk",
        )

    def newest_first(self):
        """By end of the period, then acceptance, newest first: read cycle by cycle like
        `in_natural_order` (index `reporting_reportingcycle_end`)."""
        return self.order_by("-cycle__period_end", "-accepted_at", "-pk")

    def for_review(self):
        """The secretariat's queue: submitted reports, oldest submission first."""
        return self.submitted().for_listing().order_by("submitted_at", "pk")


class ReportAttachmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .models import Report

        return self.filter(report__in=Report.objects.visible_to(user))


class RangeStateActivityStatusQuerySet(models.QuerySet):
    """The status accepted for each activity in each range state (follows accepted reports)."""

    def for_listing(self):
        return self.select_related("range_state", "report__cycle").order_by(
            "activity_id", "range_state__name_en", "pk"
        )

    def for_activity(self, activity):
        return self.filter(activity=activity).for_listing()

    def for_range_state(self, state):
        return (
            self.filter(range_state=state)
            .select_related("activity", "report__cycle")
            .order_by("activity__sort_key", "pk")
        )

    def picture_rows(self):
        """(activity pk, status, how many range states, latest `as_of`), grouped by the
        database: the range states' picture of every activity in one query, whatever the
        number of reports (`reporting.public.country_pictures`)."""
        return (
            self.order_by()
            .values("activity_id", "status")
            .annotate(total=models.Count("pk"), latest=models.Max("as_of"))
            .values_list("activity_id", "status", "total", "latest")
        )

    def cells(self, activities, states) -> dict:
        """{(activity pk, range state pk): status} for a matrix, in one query."""
        rows = self.filter(activity__in=activities, range_state__in=states).values_list(
            "activity_id", "range_state_id", "status"
        )
        return {(activity, state): status for activity, state, status in rows}
