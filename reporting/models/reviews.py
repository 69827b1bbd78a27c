"""Published implementation reviews: the review of a cycle as it stood when the secretariat
published it, kept for good (a later acceptance does not change it)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .cycles import ReportingCycle


class ReviewFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", _("Word (DOCX)")


class PublishedReview(models.Model):
    """A published review: its content in every language, frozen at publication."""

    cycle = models.ForeignKey(
        ReportingCycle,
        on_delete=models.PROTECT,
        related_name="published_reviews",
        verbose_name=_("cycle"),
    )
    published_at = models.DateTimeField(_("published"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    content = models.JSONField(
        _("content"), help_text=_("The review in each language, as it was published.")
    )

    class Meta:
        verbose_name = _("published review")
        verbose_name_plural = _("published reviews")
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return f"{self.cycle} · {self.published_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("reporting:published_review", args=[self.pk])

    def content_in(self, language):
        """The content in `language`, or in English when it was not published in it."""
        return self.content.get(language) or self.content[settings.LANGUAGE_CODE[:2]]


class PublishedReviewFile(models.Model):
    """A file of a published review, made from its frozen content on first request."""

    review = models.ForeignKey(
        PublishedReview, on_delete=models.CASCADE, related_name="files", verbose_name=_("review")
    )
    language = models.CharField(_("language"), max_length=8)
    format = models.CharField(_("format"), max_length=8, choices=ReviewFormat.choices)
    data = models.BinaryField(_("file"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("file of a published review")
        verbose_name_plural = _("files of published reviews")
        ordering = ["review", "language", "format"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "language", "format"],
                name="%(app_label)s_%(class)s_once",
                violation_error_message=_("This file of the review already exists."),
            )
        ]

    def __str__(self):
        return f"{self.review} · {self.language} · {self.format}"

    def get_absolute_url(self):
        return (
            reverse("reporting:published_review_file", args=[self.review_id, self.format])
            + f"?lang={self.language}"
        )


class DraftReviewFile(models.Model):
    """A file of a cycle's review made in the background (a large cycle takes longer than a
    request should): its progress, then the file, for the cycle's accepted reports as they
    stood (`stamp`). A later acceptance changes the stamp, so the next request makes a new
    one."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    cycle = models.ForeignKey(
        ReportingCycle, on_delete=models.CASCADE, related_name="+", verbose_name=_("cycle")
    )
    language = models.CharField(_("language"), max_length=8)
    format = models.CharField(_("format"), max_length=8, choices=ReviewFormat.choices)
    stamp = models.CharField(_("reports as of"), max_length=100)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    data = models.BinaryField(_("file"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("review file in the making")
        verbose_name_plural = _("review files in the making")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "language", "format", "stamp"],
                name="%(app_label)s_%(class)s_once",
                violation_error_message=_("This file of the review is already being made."),
            )
        ]

    def __str__(self):
        return f"{self.cycle} · {self.language} · {self.format} · {self.state}"

    def get_absolute_url(self):
        return (
            reverse("reporting:review_file", args=[self.cycle_id, self.format])
            + f"?lang={self.language}"
        )

    @property
    def not_picked_up(self) -> bool:
        """Still waiting for the background worker REVIEW_WORKER_WAIT_SECONDS after it was
        asked for: the worker is most likely not running."""
        waited = timezone.now() - self.requested_at
        return (
            self.state == self.State.QUEUED
            and waited.total_seconds() > settings.REVIEW_WORKER_WAIT_SECONDS
        )
