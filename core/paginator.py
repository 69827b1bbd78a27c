"""Pages of long lists sorted across joins (reports by cycle, activity and country)."""

from django.core.paginator import Paginator
from django.db.models import QuerySet


class IdsFirstPaginator(Paginator):
    """A page's rows are picked by primary key first, by a query that sorts narrow rows only
    (the ids and the sort keys); then the rows of the page alone are read in full, with what
    the queryset selects and prefetches, in the same order. One query more per page than
    slicing the queryset, but the wide rows (the reports' text) are never sorted, however
    far the page.

    (A single query, `id IN (SELECT id ... LIMIT n)`, would be planned as a join of every row
    with the subquery once the joins of the full rows are counted in.)

    With `columns`, the page's rows are read as `values(*columns)`: the count and the ids
    are taken from the queryset as given, without the joins that only those columns need.
    With `count`, the number of rows is known already (kept by the database): not counted.
    With `by_ids`, the page's rows are `by_ids(ids)`: the rows of those ids in the queryset's
    order (a query compiled once, say), in place of the queryset filtered by them. With
    `ids`, the page's ids are `ids(bottom, top)`: the queryset's, sliced."""

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, *,
                 columns=None, count=None, by_ids=None, ids=None):  # fmt: skip
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.columns = columns
        self.by_ids = by_ids
        self.ids = ids
        if count is not None:
            self.count = count  # in place of the cached count() of the list

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.rows(bottom, top), number, self)

    def rows(self, bottom, top):
        rows = self.object_list
        if not isinstance(rows, QuerySet) or not rows.ordered:
            return self.read(rows)[bottom:top]
        if self.ids is not None:
            ids = list(self.ids(bottom, top))
        else:
            ids = list(rows.values_list("pk", flat=True)[bottom:top])
        if self.by_ids is not None:
            return self.by_ids(ids)
        return self.read(rows.filter(pk__in=ids))

    def read(self, rows):
        if self.columns is None or not isinstance(rows, QuerySet):
            return rows
        return rows.values(*self.columns)
