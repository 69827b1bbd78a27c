"""Publishing the review: only the secretariat publishes; a published review is public, in
every language and format, and stays as published when reports are accepted later."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from programme.choices import ImplementationStatus
from reporting import services
from reporting.choices import ReportState
from reporting.models import PublishedReview, PublishedReviewFile, Report
from reporting.review_document.publishing import publish_review

from .review_helpers import EXCERPTS, accept_reports, docx_text, pdf_text

pytestmark = pytest.mark.django_db

LATER = "Snow leopard cubs seen after publication."


def _publish(client, world, user):
    client.force_login(user)
    return client.post(
        reverse("reporting:publish_review", args=[world.cycle.pk]), {"confirm": "publish"}
    )


def test_a_bare_post_publishes_nothing(client, world, secretariat_user):
    client.force_login(secretariat_user)
    response = client.post(reverse("reporting:publish_review", args=[world.cycle.pk]))
    assert response.status_code == 400
    assert not PublishedReview.objects.exists()


@pytest.mark.parametrize(
    "role", ["focal point of the state", "species focal point", "staff outside the group",
             "partner", "anonymous"],
)  # fmt: skip
def test_only_the_secretariat_publishes(client, world, roles, plain_user, role):
    user = plain_user if role == "partner" else roles[role]
    if user.is_authenticated:
        client.force_login(user)
    response = client.post(
        reverse("reporting:publish_review", args=[world.cycle.pk]), {"confirm": "publish"}
    )
    assert response.status_code in (403, 404)
    assert not PublishedReview.objects.exists()
    with pytest.raises(PermissionDenied):
        publish_review(world.cycle, by=user)


def test_a_published_review_is_public_and_does_not_change(client, world, secretariat_user):
    accept_reports(world)
    response = _publish(client, world, secretariat_user)
    review = PublishedReview.objects.get()
    assert response.status_code == 302 and response["Location"] == review.get_absolute_url()
    assert set(review.content) == {"en", "fr", "ru"}
    assert review.published_by == secretariat_user

    client.logout()
    before = {}
    for language in ("en", "fr", "ru"):
        for fmt in ("pdf", "docx"):
            url = reverse("reporting:published_review_file", args=[review.pk, fmt])
            got = client.get(url, {"lang": language})
            assert got.status_code == 200
            before[language, fmt] = got.content
    page = client.get(review.get_absolute_url())
    assert page.status_code == 200
    assert EXCERPTS[("kg", "kg")] in page.content.decode()
    listing = client.get(reverse("reporting:published_reviews")).content.decode()
    assert review.get_absolute_url() in listing

    # A report accepted after publication: the draft shows it, the published review does not.
    Report.objects.filter(state=ReportState.SUBMITTED).update(
        progress=LATER, status=ImplementationStatus.ONGOING
    )
    report = Report.objects.get(state=ReportState.SUBMITTED)
    services.accept(report, by=secretariat_user, expected_version=report.version)
    review.refresh_from_db()
    assert LATER not in str(review.content)
    assert LATER not in client.get(review.get_absolute_url()).content.decode()
    for (language, fmt), content in before.items():
        url = reverse("reporting:published_review_file", args=[review.pk, fmt])
        assert client.get(url, {"lang": language}).content == content
    assert LATER not in pdf_text(before["en", "pdf"])
    assert LATER not in docx_text(before["en", "docx"])
    assert PublishedReviewFile.objects.filter(review=review).count() == 6

    client.force_login(secretariat_user)
    draft = client.get(reverse("reporting:review_file", args=[world.cycle.pk, "docx"]))
    assert LATER in docx_text(draft.content)

    # A new publication holds the later report; the first one stays as it was.
    _publish(client, world, secretariat_user)
    newest = PublishedReview.objects.first()
    assert newest != review and LATER in str(newest.content)
    assert LATER not in str(PublishedReview.objects.get(pk=review.pk).content)


def test_a_published_review_in_russian(client, world, secretariat_user):
    accept_reports(world)
    review = publish_review(world.cycle, by=secretariat_user)
    client.logout()
    url = reverse("reporting:published_review_file", args=[review.pk, "pdf"])
    text = pdf_text(client.get(url, {"lang": "ru"}).content)
    assert "Краткая статистика" in text
    assert EXCERPTS[("general", "tj")] in text


def test_an_unknown_published_review_is_a_404(client, db):
    assert client.get(reverse("reporting:published_review", args=[99])).status_code == 404
    url = reverse("reporting:published_review_file", args=[99, "pdf"])
    assert client.get(url).status_code == 404
