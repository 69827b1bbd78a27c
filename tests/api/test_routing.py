"""The API's addresses found by their first segment (core/api/routers.py): the same match as
Django's resolver, which tries every pattern in turn; and the API's request
(core/api/requests.py), which reads Django's request directly."""

import pytest
from django.test import RequestFactory
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, path, re_path
from django.urls.resolvers import RoutePattern
from rest_framework.request import Request, clone_request

from cami_portal.api.urls import router
from core.api.requests import ApiRequest, has_query
from core.api.routers import SegmentResolver
from programme.api.views import ActivityViewSet

ADDRESSES = [
    "v1/",
    "v1/activities/",
    "v1/activities/2.3.15/",
    "v1/activities/2.3.15/status/",
    "v1/activities/2.3.15/history/",
    "v1/reports/",
    "v1/reports/12/",
    "v1/reports/12/attachments/3/",
    "v1/reports/12/submit/",
    "v1/range-states/KG/",
    "v1/range-state-statuses/",
    "v1/programmes/cami-2014-2020/",
    # none of them
    "v1/nope/",
    "v1/activities",
    "v1/activities/a/b/c/",
    "v1/data-package.json",
    "v1//",
    "v1",
    "",
]

ATTRIBUTES = ["func", "args", "kwargs", "url_name", "app_names", "namespaces", "route", "tried",
              "captured_kwargs", "extra_kwargs", "view_name"]  # fmt: skip


def outcome(resolver, address):
    try:
        found = resolver.resolve(address)
    except Resolver404 as refusal:
        return ("404", refusal.args)
    return {name: getattr(found, name) for name in ATTRIBUTES}


def djangos(route, patterns):
    return URLResolver(RoutePattern(route, is_endpoint=False), patterns)


@pytest.mark.parametrize("address", ADDRESSES)
def test_the_same_match_as_djangos_resolver(address):
    patterns = router.urls
    assert outcome(SegmentResolver(RoutePattern("v1/", is_endpoint=False), patterns), address) == (
        outcome(djangos("v1/", patterns), address)
    )


def test_the_api_is_resolved_by_segment():
    api = next(p for p in get_resolver().url_patterns if str(p.pattern) == "api/")
    v1 = next(p for p in api.url_patterns if str(p.pattern) == "v1/")
    assert isinstance(v1, SegmentResolver)
    assert v1._by_segment is not None  # every endpoint's first segment is written out
    assert v1.resolve("v1/activities/").url_name == "activity-list"


def view(request, **kwargs):
    return None


def test_patterns_it_cannot_read_are_tried_as_django_tries_them():
    patterns = [
        re_path(r"^things/$", view, name="a"),
        re_path(r"^(?P<kind>[a-z]+)/$", view, name="b"),  # any first segment
        path("things/<int:pk>/", view, name="c"),
    ]
    fast = SegmentResolver(RoutePattern("", is_endpoint=False), patterns)
    assert fast._by_segment is None
    for address in ["things/", "stuff/", "things/3/", "nope/3/"]:
        assert outcome(fast, address) == outcome(djangos("", patterns), address)


def test_the_order_of_the_patterns_is_kept():
    patterns = [
        re_path(r"^things/(?P<pk>[0-9]+)/$", view, name="number"),
        re_path(r"^other/$", view, name="other"),
        re_path(r"^things/(?P<pk>[^/]+)/$", view, name="any"),
        path("", view, name="root"),
    ]
    fast = SegmentResolver(RoutePattern("", is_endpoint=False), patterns)
    assert isinstance(patterns[-1], URLPattern) and fast._by_segment is not None
    for address in ["things/3/", "things/x/", "", "other/", "x"]:
        assert outcome(fast, address) == outcome(djangos("", patterns), address)
    assert fast.resolve("things/3/").url_name == "number"


def test_the_api_request_reads_djangos_request():
    django_request = RequestFactory().get("/api/v1/activities/?lang=fr", HTTP_ACCEPT="text/csv")
    request = ApiRequest(django_request)
    assert request.method == "GET"
    assert request.META is django_request.META
    assert request.GET is django_request.GET and request.query_params["lang"] == "fr"
    assert request.path == "/api/v1/activities/"
    assert request.COOKIES == {}  # anything else as DRF's request gives it
    clone = clone_request(request, "POST")
    assert clone.method == "POST" and request.method == "GET"
    request.method = "HEAD"  # set on it: its own, as on DRF's request
    assert request.method == "HEAD" and django_request.method == "GET"
    assert isinstance(request, Request)


def test_a_query_string_is_read_only_when_there_is_one():
    assert not has_query(RequestFactory().get("/api/v1/activities/"))
    assert has_query(RequestFactory().get("/api/v1/activities/?page=2"))


def test_the_viewsets_request_and_action():
    for method, action in [("get", "list"), ("head", "list"), ("options", "metadata")]:
        viewset = ActivityViewSet(action_map={"get": "list", "head": "list"})
        request = viewset.initialize_request(getattr(RequestFactory(), method)("/"))
        assert isinstance(request, ApiRequest) and viewset.action == action
