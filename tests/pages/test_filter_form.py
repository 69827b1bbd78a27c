"""The filter form's groups of check boxes are written by `checkbox_group`
(core/templatetags/form_options.py) instead of an include per field. These tests render the
former include (tests/pages/filter_field_checkboxes_before.html) for the same fields and
compare: unbound, with choices made, with errors, collapsible or not, in English, French and
Russian."""

from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from core.templatetags.form_options import checkbox_group
from pages.listing import (
    CHECKBOX_FIELDS,
    activity_filterset,
    current_programme_or_404,
    dress_filter_form,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_programme")]

OLD_GROUP = Template((Path(__file__).parent / "filter_field_checkboxes_before.html").read_text())
QUERIES = [  # (the query, whether a group of check boxes has errors)
    ({}, False),
    ({"species": ["snow-leopard", "saiga"], "priority": "high", "status": "ongoing"}, False),
    ({"range_state": "XX", "priority": "bogus", "country_status": ["none", "delayed"]}, True),
    ({"landscape": "pamir", "actor": ["cms", "nobody"], "status": "nothing"}, True),
]


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
@pytest.mark.parametrize("query, with_errors", QUERIES)
def test_checkbox_groups_as_the_include_wrote_them(language, query, with_errors):
    request = RequestFactory().get("/activities/", query)
    with translation.override(language):
        programme = current_programme_or_404(request)
        filterset = activity_filterset(request, programme)
        form = dress_filter_form(filterset, programme)
        form.is_valid()
        for name in CHECKBOX_FIELDS:
            field = form[name]
            for collapsible in (False, True):
                old = OLD_GROUP.render(Context({"field": field, "collapsible": collapsible}))
                assert checkbox_group(field, collapsible) == old, (name, collapsible)
        assert any(form[name].errors for name in CHECKBOX_FIELDS) == with_errors
