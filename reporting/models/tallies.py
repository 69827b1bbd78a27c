"""How many reports each cycle holds, per range state and state, kept by the database.

Counting every accepted report (the public list's total, the API's `count`) or every report
of a cycle by state (the review queue's tabs) reads every entry of an index: it grows with
the years. The tally holds the same numbers in a few rows per cycle. It is kept by triggers
of the database itself (reporting migration 0010), on every insert and delete of a report and
every change of its cycle, range state or state, whatever makes it: the services, the admin,
a bulk update, a restore, raw SQL. A report's other fields do not touch it.

The rows are split by range state so that focal points of different countries, writing in
the same cycle at once, do not wait on each other's row; a species report counts under 0.
A backup does not hold them (`derived_from_other_tables`): loading the reports rebuilds them."""

from django.db import models
from django.db.models import Sum

from ..choices import ReportState
from .cycles import ReportingCycle


class ReportTallyQuerySet(models.QuerySet):
    def seen_by(self, user):
        """The rows that count what `user` may see of the reports (as
        `Report.objects.visible_to` decides), or None when no rows can say: an author sees
        their own reports besides the accepted ones."""
        from core import readcache

        from ..access import can_review

        if can_review(user):
            return self
        if user is None or not user.is_authenticated or not readcache.sees_private(user):
            return self.filter(state=ReportState.ACCEPTED)  # has written no report
        return None

    def total(self) -> int:
        return self.aggregate(total=Sum("count"))["total"] or 0

    def by_state(self) -> dict[str, int]:
        """{state: how many} (states without a report left out)."""
        rows = self.values_list("state").annotate(total=Sum("count")).order_by()
        return {state: total for state, total in rows if total}


class ReportTally(models.Model):
    #: Rows the database derives from other tables: not in a backup (core/backup.py).
    derived_from_other_tables = True

    cycle = models.ForeignKey(
        ReportingCycle, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    #: The report's range state's id, 0 for a report on a species.
    country = models.BigIntegerField()
    state = models.CharField(max_length=20, choices=ReportState.choices)
    count = models.IntegerField()

    objects = ReportTallyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "country", "state"], name="%(app_label)s_%(class)s_key"
            )
        ]

    def __str__(self):
        return f"{self.cycle_id}/{self.country}/{self.state}: {self.count}"
