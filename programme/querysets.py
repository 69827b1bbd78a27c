import re

from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone

from core import search

from .choices import ImplementationStatus


def code_sort_key(code: str) -> str:
    """Sortable form of a dotted code: "1.1.10" -> "0001.0001.0010" (1.1.2 before 1.1.10)."""
    return ".".join(part.zfill(4) for part in code.split("."))


def current_status_expression():
    """An activity's recorded status; no ActivityStatus row means "not started"."""
    return Coalesce(
        models.F("status__status"),
        models.Value(ImplementationStatus.NOT_STARTED),
        output_field=models.CharField(),
    )


class ProgrammeQuerySet(models.QuerySet):
    def get_by_natural_key(self, code):
        return self.get(code=code)

    def current(self):
        """The programme in force (the one the portal shows by default), or None."""
        return self.filter(is_current=True).first()


class ObjectiveQuerySet(models.QuerySet):
    def get_by_natural_key(self, programme_code, number):
        return self.get(programme__code=programme_code, number=number)


class IssueQuerySet(models.QuerySet):
    def get_by_natural_key(self, programme_code, code):
        return self.get(programme__code=programme_code, code=code)


CODE_QUERY = re.compile(r"^\d+(\.\d+)*\.?$")


class ActivityQuerySet(models.QuerySet):
    def matching(self, query):
        """The activities matching every word of `query` in one language, whatever their
        inflection, best first (core/search.py); for a number such as 2.3 or 2.3.15, that
        activity or those under it, in order. One query for the search."""
        query = search.normalise(query)
        if CODE_QUERY.match(query):
            code = query.rstrip(".")
            return self.filter(
                models.Q(code=code) | models.Q(code__startswith=code + ".")
            ).order_by("sort_key")
        return search.ranked(self, "activity", query)

    def get_by_natural_key(self, programme_code, code):
        return self.get(programme__code=programme_code, code=code)

    def in_programme(self, programme):
        return self.filter(programme=programme)

    def mark_changed(self):
        """Say that what these activities show changed (a status, a status per range state),
        for `?updated_since=` and `?ordering=updated`."""
        return self.update(changed_at=timezone.now())

    def naming_range_state(self, state, *, again=None):
        """Activities that name `state` or one of its landscapes: those a country's page lists
        as its own, and its count on the list of range states (`state` may be an OuterRef).
        `again`: the same state given a second time, for its second comparison (a prepared
        query compares each of its values once)."""
        again = state if again is None else again
        return self.filter(models.Q(range_states=state) | models.Q(landscapes__range_states=again))

    def for_listing(self):
        """What a list of activities shows: issue, objective, and the linked records."""
        return self.select_related("issue__objective", "programme").prefetch_related(
            "species", "range_states", "landscapes", "responsibilities__actor"
        )

    def for_detail(self):
        in_their_programme = self.model.objects.select_related("programme")
        return self.for_listing().prefetch_related(
            "subactivities",
            "referenced_activities",
            "referenced_issues",
            models.Prefetch("continues", queryset=in_their_programme),
            models.Prefetch("continued_as", queryset=in_their_programme),
        )

    # Reads of the public pages.

    def for_public_listing(self):
        """`for_listing()` plus the recorded status, in the programme's natural order."""
        return self.for_listing().select_related("status").order_by("sort_key", "pk")

    def for_public_rows(self, *, joined=True):
        """What the activity browser, the matrix and a range state's page show of each
        activity: its issue, objective, programme and recorded status, in the programme's
        natural order; none of the linked records (`for_public_listing()` prefetches them, a
        queryset per activity and relation, for the lists that show them). Not `joined`: the
        recorded status as `current_status` only, for a page that sets the issues and
        programme it has read itself on every row (one instance of each per page, not one
        per row)."""
        if joined:
            rows = self.select_related("issue__objective", "programme", "status")
        else:
            rows = self.with_current_status()
        return rows.order_by("sort_key", "pk")

    def for_public_detail(self):
        return self.for_detail().select_related("status")

    def with_current_status(self):
        """Annotates `current_status` (no recorded status means "not started")."""
        return self.annotate(current_status=current_status_expression())

    def status_counts(self) -> dict[str, int]:
        """{status: number of activities}, counted by the database."""
        rows = (
            self.order_by()
            .annotate(current_status=current_status_expression())
            .values("current_status")
            .annotate(total=models.Count("pk"))
        )
        return {row["current_status"]: row["total"] for row in rows}

    def priority_counts(self) -> dict[str, int]:
        """{priority: number of activities}, counted by the database."""
        rows = self.order_by().values("priority").annotate(total=models.Count("pk"))
        return {row["priority"]: row["total"] for row in rows}

    def status_counts_by_objective(self) -> dict[int, dict[str, int]]:
        """{objective pk: {status: number of activities}}, counted by the database."""
        rows = (
            self.order_by()
            .annotate(current_status=current_status_expression())
            .values("issue__objective_id", "current_status")
            .annotate(total=models.Count("pk"))
        )
        counts: dict[int, dict[str, int]] = {}
        for row in rows:
            counts.setdefault(row["issue__objective_id"], {})[row["current_status"]] = row["total"]
        return counts


class SubActivityQuerySet(models.QuerySet):
    def get_by_natural_key(self, programme_code, activity_code, letter):
        return self.get(
            activity__programme__code=programme_code, activity__code=activity_code, letter=letter
        )


class ActorQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class ResponsibilityQuerySet(models.QuerySet):
    def get_by_natural_key(self, programme_code, activity_code, actor_slug):
        return self.get(
            activity__programme__code=programme_code,
            activity__code=activity_code,
            actor__slug=actor_slug,
        )
