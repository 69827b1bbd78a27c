from functools import partial

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from core.paginator import IdsFirstPaginator


def _positive_int(request, name, *, maximum=None):
    values = request.query_params.getlist(name)
    if not values:
        return None
    try:
        value = int(values[-1])
    except ValueError:
        value = 0
    if value < 1 or (maximum is not None and value > maximum):
        if maximum is None:
            message = _("Give a whole number from 1 up.")
        else:
            message = _("Give a whole number from 1 to %(maximum)s.") % {"maximum": maximum}
        raise ValidationError({name: [message]}, code="invalid")
    return value


class PagePagination(PageNumberPagination):
    """`?page=` and `?page_size=` (at most `max_page_size`); a malformed value is a 400, a
    page past the end a 404. CSV exports are not paginated."""

    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        size = _positive_int(request, self.page_size_query_param, maximum=self.max_page_size)
        return self.page_size if size is None else size

    def validate_query_params(self, request):
        """400 for a malformed `page` or `page_size`, even where they do not apply (CSV)."""
        _positive_int(request, self.page_query_param)
        self.get_page_size(request)

    def paginate_queryset(self, queryset, request, view=None):
        _positive_int(request, self.page_query_param)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            schema = parameter["schema"]
            schema["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                schema["maximum"] = self.max_page_size
                schema["default"] = self.page_size
                parameter["description"] = str(
                    _("Number of results per page (default %(default)s, at most %(maximum)s).")
                    % {"default": self.page_size, "maximum": self.max_page_size}
                )
            else:
                parameter["description"] = str(
                    _("Page number, from 1. A page past the last one is a 404.")
                )
        return parameters


class IdsFirstPagePagination(PagePagination):
    """For long lists sorted across joins: a page's ids are sorted and picked first, then its
    rows read in full (`core.paginator.IdsFirstPaginator`): one query more, the same
    pages."""

    django_paginator_class = IdsFirstPaginator

    def paginate_queryset(self, queryset, request, view=None, *, columns=None, count=None):
        """With `columns`, the page's rows are `values(*columns)`, while the count and the
        ids are read from `queryset` as given (without the joins of those columns); with
        `count`, the number of rows, known already."""
        self.django_paginator_class = partial(IdsFirstPaginator, columns=columns, count=count)
        return super().paginate_queryset(queryset, request, view)
