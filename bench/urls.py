"""The portal's URLs plus the floor: a minimal view that returns a pre-built body of a given
size through the same server and middleware, the best any page of that size could do."""

from django.http import HttpResponse
from django.urls import include, path

_BODIES: dict[int, bytes] = {}


def floor(request, size):
    body = _BODIES.get(size)
    if body is None:
        body = _BODIES[size] = b"x" * size
    return HttpResponse(body, content_type="text/plain")


urlpatterns = [
    path("__floor__/<int:size>", floor),
    path("", include("cami_portal.urls")),
]

handler500 = "core.errors.server_error"
