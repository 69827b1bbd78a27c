"""The empty choice of a filter's menu reads "any" in the page's language, never "---------":
on the public list of accepted reports and in the secretariat's review queue, for every kind
of menu (a cycle, a range state or a species). One setting gives it to every filter."""

import re

import pytest
from django.urls import reverse

from reporting.filtersets import ReportFilterSet

pytestmark = pytest.mark.django_db

EMPTY_OPTION = re.compile(
    r'<select name="(\w+)"[^>]*>\s*<option value=""(?: selected)?>([^<]*)</option>'
)


def empty_options(html):
    return dict(EMPTY_OPTION.findall(html))


@pytest.mark.parametrize("language, word", [("en", "any"), ("fr", "tous"), ("ru", "любой")])
def test_public_report_filters_say_any(client, world, language, word):
    html = client.get(reverse("reporting:accepted"), headers={"accept-language": language}).text
    assert empty_options(html) == {"cycle": word, "range_state": word, "species": word}
    assert "---------" not in html


def test_review_filters_say_any(client, world, secretariat_user):
    client.force_login(secretariat_user)
    html = client.get(reverse("reporting:review"), headers={"accept-language": "ru"}).text
    assert empty_options(html) == {"cycle": "любой", "range_state": "любой", "species": "любой"}
    assert "---------" not in html
    # The state tabs are a named list, styled by the portal (static/reporting/reporting.css).
    assert 'class="nav nav-pills rep-state-tabs mb-3" aria-label="Отчёты по состоянию"' in html
    assert 'class="rep-filters rep-review-filters' in html


def test_every_filter_menu_takes_the_setting():
    form = ReportFilterSet().form
    assert str(form.fields["cycle"].empty_label) == "any"  # django-filter's ModelChoiceFilter
    assert str(form.fields["range_state"].empty_label) == "any"  # core.api.filters.CodeField
