"""One shape for every API error, RFC 9457 problem details (`application/problem+json`,
core/api/problems.py) with the portal's `code` and `errors`:

    {"type": "about:blank", "title": "Bad Request", "status": 400,
     "detail": "priority: Select a valid choice…", "code": "invalid",
     "errors": {"priority": ["Select a valid choice…"]}}

`errors` (only for 400s) names each parameter or field with its messages. The service layer's
Django `ValidationError` and `PermissionDenied` are turned into their HTTP equivalents here, so
that views call the services without translating their errors one by one."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from .problems import PROBLEM_JSON, problem


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = _(
        "This change needs an If-Match header with the ETag you read (or If-Match: * to "
        "overwrite whatever is there now)."
    )
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _(
        "The object changed since you read it: nothing was saved. Read it again and apply "
        "your change to the new version."
    )
    default_code = "precondition_failed"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The request conflicts with the current state of the object.")
    default_code = "conflict"


class WrongState(Conflict):
    """The object's state does not allow this step (submitting a submitted report, accepting a
    draft): 409 `wrong_state`, whatever the caller's version."""

    default_detail = _("The object's state does not allow this.")
    default_code = "wrong_state"


class AlreadyExists(Conflict):
    default_detail = _("This object exists already.")
    default_code = "already_exists"


def _flatten(errors, prefix=""):
    """{"funding": {"amount": ["…"]}, "links": [{}, {"url": ["…"]}]} ->
    {"funding.amount": ["…"], "links.1.url": ["…"]}"""
    flat = {}
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = api_settings.NON_FIELD_ERRORS_KEY if key == "__all__" else str(key)
            flat.update(_flatten(value, f"{prefix}.{name}" if prefix else name))
    elif isinstance(errors, list) and errors and all(isinstance(e, (dict, list)) for e in errors):
        for index, value in enumerate(errors):
            flat.update(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
    elif isinstance(errors, list):
        if errors:
            flat[prefix or api_settings.NON_FIELD_ERRORS_KEY] = [str(e) for e in errors]
    else:
        flat[prefix or api_settings.NON_FIELD_ERRORS_KEY] = [str(errors)]
    return flat


def _summary(errors):
    parts = []
    for name, messages in errors.items():
        text = " ".join(messages)
        parts.append(text if name == api_settings.NON_FIELD_ERRORS_KEY else f"{name}: {text}")
    return " ".join(parts)


def _first_code(codes):
    while isinstance(codes, (dict, list)) and codes:
        codes = next(iter(codes.values())) if isinstance(codes, dict) else codes[0]
    return codes if isinstance(codes, str) else "invalid"


# Codes the service functions give their refusals: the object changed since the caller read
# it (a lost update refused), or its state does not allow the change.
CHANGED_MEANWHILE = {"conflict"}
WRONG_STATE = {"state", "exists"}


def _codes(exc: DjangoValidationError) -> set:
    if hasattr(exc, "error_dict"):
        errors = [e for errors in exc.error_dict.values() for e in errors]
    else:
        errors = exc.error_list
    return {e.code for e in errors if e.code}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        codes = _codes(exc)
        if codes & CHANGED_MEANWHILE:
            exc = PreconditionFailed(" ".join(exc.messages))
        elif "exists" in codes:
            exc = AlreadyExists(" ".join(exc.messages))
        elif codes & WRONG_STATE:
            exc = WrongState(" ".join(exc.messages))
        else:
            exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, DjangoPermissionDenied) and exc.args:
        exc = exceptions.PermissionDenied(str(exc.args[0]))

    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: Django's 500 handling and logging
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(response.data)
        response.data = {
            "detail": _summary(errors),
            "code": _first_code(exc.get_codes()),
            "errors": errors,
        }
    else:
        if isinstance(exc, Http404):
            exc = exceptions.NotFound()
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        response.data = {"detail": str(detail), "code": code if isinstance(code, str) else "error"}
    response.data = problem(response.status_code, **response.data)
    response.content_type = PROBLEM_JSON
    return response
