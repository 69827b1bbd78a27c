import re
from functools import cached_property

from django.urls import URLPattern, URLResolver
from django.urls.resolvers import RegexPattern, ResolverMatch, RoutePattern
from rest_framework.routers import DefaultRouter


class ApiRouter(DefaultRouter):
    """No format suffixes: natural keys such as 2.3.15 contain dots. The format is chosen with
    `?format=` or the Accept header.

    Each app registers its endpoints on a router of its own (`<app>/api/urls.py`); the roof
    (`cami_portal/api/urls.py`) gathers them into one, whose root lists them all, under an
    address (`resolver`)."""

    include_format_suffixes = False

    @classmethod
    def gather(cls, *routers):
        """One router with the registrations of `routers`, in that order."""
        router = cls()
        for each in routers:
            router.registry.extend(each.registry)
        return router

    def resolver(self, route: str) -> URLResolver:
        """`path(route, include(self.urls))`, that finds an address's endpoint by its first
        segment (`SegmentResolver`)."""
        return SegmentResolver(RoutePattern(route, is_endpoint=False), self.urls)


#: A segment a regular expression matches as it is written (no special character).
_LITERAL = re.compile(r"[\w-]*")


def _segment(pattern) -> str | None:
    """The first segment of every address an endpoint's pattern matches ("activities" for
    `^activities/(?P<code>[^/]+)/$`, "" for the root's `path("")`), or None when it cannot be
    read from the pattern."""
    if not isinstance(pattern, URLPattern):
        return None
    written = str(pattern.pattern)
    if isinstance(pattern.pattern, RoutePattern) and "<" not in written:
        segment = written.partition("/")[0]  # `path()`: the whole address, as it is written
    elif isinstance(pattern.pattern, RegexPattern) and written.startswith("^"):
        segment, slash, _rest = written[1:].partition("/")
        if not slash:
            return None
    else:
        return None
    return segment if _LITERAL.fullmatch(segment) else None


class SegmentResolver(URLResolver):
    """Django's resolver of a router's endpoints, which tries its patterns one after the other
    (twenty regular expressions before the reports), trying only those that may match
    the address's first segment, in their order: the same match (the same `ResolverMatch`,
    with the same list of the patterns tried before it). An address none of them matches is
    resolved by Django's own loop (the same 404), as is every address while one of the
    patterns is not an endpoint whose first segment is written out (`_segment`)."""

    @cached_property
    def _by_segment(self) -> dict[str, list[tuple[int, URLPattern]]] | None:
        found = {}
        for index, pattern in enumerate(self.url_patterns):
            segment = _segment(pattern)
            if segment is None:
                return None
            found.setdefault(segment, []).append((index, pattern))
        return found

    def resolve(self, path):
        path = str(path)
        by_segment = self._by_segment
        match = self.pattern.match(path) if by_segment is not None else None
        if not match:
            return super().resolve(path)
        new_path, args, kwargs = match
        for index, pattern in by_segment.get(new_path.partition("/")[0], ()):
            sub_match = pattern.resolve(new_path)
            if sub_match:
                # As URLResolver.resolve makes it, for an endpoint (a URLPattern).
                sub_match_dict = {**kwargs, **self.default_kwargs}
                sub_match_dict.update(sub_match.kwargs)
                sub_match_args = sub_match.args
                if not sub_match_dict:
                    sub_match_args = args + sub_match.args
                return ResolverMatch(
                    sub_match.func,
                    sub_match_args,
                    sub_match_dict,
                    sub_match.url_name,
                    [self.app_name] + sub_match.app_names,
                    [self.namespace] + sub_match.namespaces,
                    self._join_route("", sub_match.route),
                    [[tried] for tried in self.url_patterns[: index + 1]],
                    captured_kwargs=sub_match.captured_kwargs,
                    extra_kwargs={**self.default_kwargs, **sub_match.extra_kwargs},
                )
        return super().resolve(path)
