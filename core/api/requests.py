"""DRF's request, with what every API request reads of Django's request at hand.

DRF's `Request` passes the attributes it does not have (`method`, `META`, `GET`, `path`...)
on to Django's request through `__getattr__`: Python first looks them up on DRF's request,
fails (an exception made and caught) and only then asks: some fifteen times for a request
answered 304. `ApiRequest` reads them from Django's request directly; anything else still
goes through DRF's `__getattr__`. An attribute set on it is its own, as on DRF's request
(`clone_request` sets `method`)."""

from rest_framework.request import Request


class _FromDjango:
    """The attribute of the same name of Django's request (a non-data descriptor: an
    attribute set on the instance comes first)."""

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, request, owner=None):
        if request is None:
            return self
        return getattr(request._request, self.name)


class ApiRequest(Request):
    method = _FromDjango()
    META = _FromDjango()
    GET = _FromDjango()
    path = _FromDjango()


def has_query(request) -> bool:
    """Whether the request has a query string: without one, its parameters (`request.GET`,
    a `QueryDict` made on first use) need not be read. Most API reads have none."""
    return bool(request.META.get("QUERY_STRING"))
