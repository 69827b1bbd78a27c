"""RFC 9457 problem details: the one shape of every error under /api/.

    {"type": "about:blank", "title": "Not Found", "status": 404,
     "detail": "There is no activity “9.9.9”.", "code": "not_found"}

served as `application/problem+json`, with the portal's own members kept: `code` (stable, for
programs) and, for a 400, `errors` (each parameter or field with its messages). DRF's answers
are shaped by `core.api.exceptions`; `ApiMiddleware` shapes the rest (an address that is no
endpoint, a server error, a 503 during an outage), and lets writes reach their endpoint
without the trailing slash instead of being redirected (a client following a 301 turns a POST
into a GET, and the write is lost)."""

from http import HTTPStatus

from django.conf import settings
from django.http import JsonResponse
from django.urls import get_urlconf, is_valid_path
from django.utils.translation import gettext as _

PROBLEM_JSON = "application/problem+json"

#: Headers an error answer keeps when its body is replaced.
KEPT_HEADERS = ("Retry-After", "Allow", "Vary", "WWW-Authenticate", "Content-Language")


def title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def problem(status: int, detail: str, code: str, **members) -> dict:
    return {
        "type": "about:blank",
        "title": title(status),
        "status": status,
        "detail": detail,
        "code": code,
        **members,
    }


def _defaults(status):
    messages = {
        400: (_("The request could not be read."), "invalid"),
        403: (_("This request was refused."), "permission_denied"),
        404: (
            _("There is no such address in the API: the endpoints are listed at /api/v1/."),
            "not_found",
        ),
        405: (_("This method is not allowed here."), "method_not_allowed"),
        500: (_("The server failed to answer. Nothing was saved; try again later."), "error"),
        503: (
            _("The portal is unavailable for a moment. Nothing was saved; try again later."),
            "unavailable",
        ),
    }
    if status in messages:
        return messages[status]
    return (title(status), "error")


def _is_json(response) -> bool:
    content_type = response.get("Content-Type", "")
    return content_type.startswith(("application/json", PROBLEM_JSON))


class ApiMiddleware:
    """Under `API_PATH_PREFIX`: no redirect to add a trailing slash (the request is answered at
    the slashed address), and every error answer in the problem-details shape."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = settings.API_PATH_PREFIX
        self.pages = set(settings.API_PAGES_FOR_PEOPLE)

    def __call__(self, request):
        if not request.path_info.startswith(self.prefix):
            return self.get_response(request)
        self.add_slash(request)
        response = self.get_response(request)
        return self.as_problem(request, response)

    def add_slash(self, request):
        path = request.path_info
        if path.endswith("/"):
            return
        urlconf = getattr(request, "urlconf", None) or get_urlconf()
        if is_valid_path(path, urlconf) or not is_valid_path(path + "/", urlconf):
            return
        request.path_info = path + "/"
        request.path = request.path + "/"

    def as_problem(self, request, response):
        if response.status_code < 400 or getattr(response, "streaming", False):
            return response
        match = getattr(request, "resolver_match", None)
        if match is not None and match.view_name in self.pages:
            return response  # pages for people (the token page) keep their own error pages
        if _is_json(response):
            return response
        detail, code = _defaults(response.status_code)
        body = problem(response.status_code, detail, code)
        answer = JsonResponse(body, status=response.status_code, content_type=PROBLEM_JSON)
        for name in KEPT_HEADERS:
            if name in response:
                answer[name] = response[name]
        return answer
