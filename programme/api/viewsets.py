"""What the programme's endpoints (and the reporting ones listed per programme) share."""

from django.db import router
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from core.prepared import Prepared, columns
from programme.models import Programme


def _current():
    # As `Programme.objects.current()`; a plain QuerySet, whose values_list() keeps every
    # column (django-modeltranslation's reads `title` as the current language's).
    programmes = QuerySet(Programme).filter(is_current=True)
    if not programmes.ordered:
        programmes = programmes.order_by("pk")
    return programmes.values_list(*columns(Programme))[:1]


_CURRENT = Prepared(_current, model=Programme, tuples=True)


def current_programme():
    """`Programme.objects.current()` by a query compiled once (core/prepared.py)."""
    rows = _CURRENT()
    if not rows:
        return None
    return Programme.from_db(router.db_for_read(Programme), columns(Programme), rows[0])


class ProgrammeScopedMixin:
    """Objects of a programme (objectives, issues, activities) are addressed by their code
    within the current programme; `?programme=<code>` picks another one."""

    programme_param = "programme"
    #: The actions that take `?programme=` (None: all of them).
    programme_param_actions = None

    def takes_programme_param(self):
        actions = self.programme_param_actions
        return actions is None or self.action in actions

    def query_params_allowed(self):
        allowed = super().query_params_allowed()
        if self.takes_programme_param():
            allowed[self.programme_param] = False
        return allowed

    @cached_property
    def programme(self):
        if getattr(self, "swagger_fake_view", False):
            return None  # the schema is being generated: no request, no database
        code = self.request.query_params.get(self.programme_param)
        if code is None:
            return current_programme()
        programme = Programme.objects.filter(code=code).first()
        if programme is None:
            raise ValidationError(
                {self.programme_param: [_("There is no programme “%(code)s”.") % {"code": code}]}
            )
        return programme

    def not_found_message(self):
        message = super().not_found_message()
        if self.programme is None:
            return message + " " + _("No programme has been loaded yet.")
        return message + " " + _("(programme %(code)s)") % {"code": self.programme.code}
