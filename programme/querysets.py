from django.db import models


def code_sort_key(code: str) -> str:
    """Sortable form of a dotted code: "1.1.10" -> "0001.0001.0010" (1.1.2 before 1.1.10)."""
    return ".".join(part.zfill(4) for part in code.split("."))


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


class ActivityQuerySet(models.QuerySet):
    def get_by_natural_key(self, programme_code, code):
        return self.get(programme__code=programme_code, code=code)

    def in_programme(self, programme):
        return self.filter(programme=programme)

    def for_listing(self):
        """What a list of activities shows: issue, objective, and the linked records."""
        return self.select_related("issue__objective", "programme").prefetch_related(
            "species", "range_states", "landscapes", "responsibilities__actor"
        )

    def for_detail(self):
        return self.for_listing().prefetch_related(
            "subactivities", "referenced_activities", "referenced_issues"
        )


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
