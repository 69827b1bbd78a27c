"""Dates and numbers as the region reads them (cami_portal/formats/): the month's name in
the page's language, 24 h times, thousands grouped, the currency beside an amount; never
an all-numeric date, on the review queue, the worksheet and a report's page."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from programme.models import ActivityStatus
from reporting.choices import ReportState
from reporting.models import Report

pytestmark = pytest.mark.django_db

WHEN = datetime.datetime(2026, 2, 12, 18, 33, tzinfo=datetime.UTC)

# 12 February 2026 at 18:33 in each language's short form (the day first, the month named,
# the time in 24 h: never "02/12/2026 6:33 p.m.").
DATETIMES = {
    "en": "12 Feb 2026, 18:33",
    "fr": "12 février 2026, 18:33",
    "ru": "12 февраля 2026 г., 18:33",
}
DATES = {"en": "12 February 2026", "fr": "12 février 2026", "ru": "12 февраля 2026 г."}
AMOUNTS = {"en": "1,234,567.50\xa0USD", "fr": "1\u202f234\u202f567,50\xa0USD",
           "ru": "1\xa0234\xa0567,50\xa0USD"}  # fmt: skip
# 12/02/2026, 12.02.2026, 2/12/26 (an activity's number, 2.3.15, is not a date)
NUMERIC_DATE = re.compile(r"\b\d{1,2}[./]\d{1,2}[./]\d{4}\b|\b\d{1,2}/\d{1,2}/\d{2}\b")
TWELVE_HOUR = re.compile(r"\d(?:\s| )?[ap]\.?m\.?(?:\W|$)", re.I)

LANGUAGES = ["en", "fr", "ru"]


def page(client, url, language):
    response = client.get(url, headers={"accept-language": language})
    assert response.status_code == 200
    return response.content.decode()


def assert_no_ambiguous_date(html):
    visible = re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.S)
    assert not NUMERIC_DATE.search(visible), NUMERIC_DATE.search(visible).group()
    assert not TWELVE_HOUR.search(visible), TWELVE_HOUR.search(visible).group()


@pytest.mark.parametrize("language", LANGUAGES)
def test_review_queue(client, world, secretariat_user, language):
    report = world.report("kg", state=ReportState.SUBMITTED)
    Report.objects.filter(pk=report.pk).update(submitted_at=WHEN)
    client.force_login(secretariat_user)
    html = page(client, reverse("reporting:review"), language)
    assert DATETIMES[language] in html
    assert_no_ambiguous_date(html)


@pytest.mark.parametrize("language", LANGUAGES)
def test_worksheet(client, world, secretariat_user, language):
    status, _ = ActivityStatus.objects.get_or_create(activity=world.activities["kg"])
    ActivityStatus.objects.filter(pk=status.pk).update(
        version=1, updated_at=WHEN, updated_by=secretariat_user
    )
    client.force_login(secretariat_user)
    html = page(client, reverse("admin:programme_activitystatus_changelist"), language)
    assert DATETIMES[language] in html
    assert_no_ambiguous_date(html)


@pytest.mark.parametrize("language", LANGUAGES)
def test_report_page(client, world, language):
    report = world.report(
        "kg",
        state=ReportState.ACCEPTED,
        funding_amount=Decimal("1234567.50"),
        funding_currency="USD",
    )
    Report.objects.filter(pk=report.pk).update(submitted_at=WHEN, accepted_at=WHEN)
    html = page(client, report.get_absolute_url(), language)
    assert DATES[language] in html
    assert AMOUNTS[language] in html
    assert_no_ambiguous_date(html)


def test_a_whole_amount_has_no_decimals(client, world):
    report = world.report(
        "kg", state=ReportState.ACCEPTED, funding_amount=Decimal("25000"), funding_currency="EUR"
    )
    assert "25,000\xa0EUR" in page(client, report.get_absolute_url(), "en")
