from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import ApiUrlField, LabelField, ListUrlField
from core.api.writes import StrictFieldsMixin
from programme.choices import ImplementationStatus
from programme.models import Activity
from rangestates.api.serializers import RangeStateBriefSerializer
from rangestates.models import RangeState
from reporting import services
from reporting.access import can_review
from reporting.models import (
    RangeStateActivityStatus,
    Report,
    ReportAttachment,
    ReportingCycle,
    ReportLink,
    ReportTransition,
)
from reporting.subjects import REFUSAL, Subject
from species.api.serializers import SpeciesBriefSerializer
from species.models import Species


def _absolute(serializer, url):
    request = serializer.context.get("request")
    return request.build_absolute_uri(url) if request is not None else url


# --- Reporting cycles ---------------------------------------------------------------------


class ReportingCycleBriefSerializer(serializers.ModelSerializer):
    url = ApiUrlField("api:reporting-cycle-detail", {"pk": "pk"})

    class Meta:
        model = ReportingCycle
        fields = ["id", "name", "url"]


class ReportingCycleSerializer(serializers.ModelSerializer):
    url = ApiUrlField("api:reporting-cycle-detail", {"pk": "pk"})
    programme = serializers.SlugRelatedField(slug_field="code", read_only=True)
    accepts_submissions = serializers.SerializerMethodField(
        help_text=_("Whether focal points can submit today (opened, deadline not passed).")
    )
    reports_url = ListUrlField(
        "api:report-list", "cycle", "pk", help_text=_("The accepted reports of this cycle.")
    )

    class Meta:
        model = ReportingCycle
        fields = [
            "id",
            "url",
            "programme",
            "name",
            "description",
            "period_start",
            "period_end",
            "opens_on",
            "deadline",
            "accepts_submissions",
            "reports_url",
        ]

    def get_accepts_submissions(self, cycle) -> bool:
        return cycle.accepts_submissions(timezone.localdate())


# --- Reports ------------------------------------------------------------------------------


class ActivityRefSerializer(serializers.ModelSerializer):
    url = ApiUrlField("api:activity-detail", {"code": "code"}, programme="programme.code")

    class Meta:
        model = Activity
        fields = ["code", "url"]


@extend_schema_field(
    {
        "type": "string",
        "format": "uri",
        "maxLength": 500,
        "pattern": (
            r"^(https?|ftps?)://([A-Za-z0-9]([A-Za-z0-9-]{0,28}[A-Za-z0-9])?\.){1,6}"
            r"[A-Za-z]{2,24}(:[0-9]{1,5})?([/?#]\S*)?$"
        ),
    }
)
class WebAddressField(serializers.URLField):
    """An http(s) or ftp(s) address with a domain name, as Django's URL validator wants it."""


class ReportLinkSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    url = WebAddressField(max_length=500)

    class Meta:
        model = ReportLink
        fields = ["url", "title"]
        extra_kwargs = {"title": {"required": False}}


class ReportAttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(
        help_text=_(
            "The file, served to those who may see the report, with the API token or a session."
        )
    )

    class Meta:
        model = ReportAttachment
        fields = ["original_name", "content_type", "size", "uploaded_at", "url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, attachment):
        return _absolute(
            self,
            reverse(
                "api:report-attachment",
                kwargs={"pk": attachment.report_id, "attachment_id": attachment.pk},
            ),
        )


class ReportTransitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportTransition
        fields = ["at", "from_state", "to_state", "comment"]


class BlankAsNullChoiceField(serializers.ChoiceField):
    """A choice that may not be made yet: the stored blank is `null` in the answer, and the
    schema says so (a generated client would refuse a blank that is no declared value)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return None if value in ("", None) else super().to_representation(value)

    def to_internal_value(self, data):
        return "" if data is None else super().to_internal_value(data)

    def validate_empty_values(self, data):
        if data is None:  # null is the blank: "no status yet"
            return (True, "")
        return super().validate_empty_values(data)


class ReportSerializer(serializers.ModelSerializer):
    """A progress report on one activity for one range state (or species) in one cycle."""

    url = ApiUrlField("api:report-detail", {"pk": "pk"})
    web_url = serializers.SerializerMethodField(help_text=_("The report's page in the portal."))
    cycle = ReportingCycleBriefSerializer(read_only=True)
    activity = ActivityRefSerializer(read_only=True)
    range_state = RangeStateBriefSerializer(
        read_only=True, allow_null=True, help_text=_("For a national report; else null.")
    )
    species = SpeciesBriefSerializer(
        read_only=True, allow_null=True, help_text=_("For a species report; else null.")
    )
    state_label = LabelField("state")
    status = BlankAsNullChoiceField(
        choices=ImplementationStatus.choices,
        read_only=True,
        help_text=_("null while the author has not chosen one (a draft)."),
    )
    status_label = LabelField("status")
    submission_deadline = serializers.DateField(
        read_only=True,
        help_text=_("The last day it can be submitted (the deadline, or later if reopened)."),
    )
    links = ReportLinkSerializer(many=True, read_only=True)
    attachments = ReportAttachmentSerializer(many=True, read_only=True)
    transitions = serializers.SerializerMethodField(
        help_text=_(
            "The workflow's steps with the secretariat's comments; shown to the author and "
            "the secretariat only (empty for others)."
        )
    )

    class Meta:
        model = Report
        fields = [
            "id",
            "url",
            "web_url",
            "cycle",
            "activity",
            "range_state",
            "species",
            "state",
            "state_label",
            "status",
            "status_label",
            "progress",
            "results",
            "obstacles",
            "next_steps",
            "partners",
            "funding_amount",
            "funding_currency",
            "funding_source",
            "links",
            "attachments",
            "submitted_at",
            "accepted_at",
            "updated_at",
            "submission_deadline",
            "version",
            "transitions",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, report):
        return _absolute(self, report.get_absolute_url())

    @extend_schema_field(ReportTransitionSerializer(many=True))
    def get_transitions(self, report):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not (
            (user.is_authenticated and report.author_id == user.pk) or can_review(user)
        ):
            return []
        return ReportTransitionSerializer(report.transitions.all(), many=True).data


@extend_schema_field(
    {
        "type": "string",
        "format": "decimal",
        "pattern": r"^[0-9]{1,12}(\.[0-9]{1,2})?$",
        "nullable": True,
    }
)
class AmountField(serializers.DecimalField):
    """A sum of money, not negative, as a string with at most 2 decimals."""


@extend_schema_field({"type": "string", "pattern": r"^([A-Za-z]{3})?$"})
class CurrencyField(serializers.CharField):
    """A three-letter currency code (any case), or empty."""


class ReportContentSerializer(StrictFieldsMixin, serializers.Serializer):
    """What a focal point writes. The rules (lengths, currency, what a submission needs, who
    may write) are the reporting services'; their refusals come back as 400/403/409."""

    status = BlankAsNullChoiceField(
        choices=ImplementationStatus.choices,
        allow_blank=True,
        required=False,
        help_text=_("null (or blank) for no status yet."),
    )
    progress = serializers.CharField(allow_blank=True, required=False, trim_whitespace=False)
    results = serializers.CharField(allow_blank=True, required=False, trim_whitespace=False)
    obstacles = serializers.CharField(allow_blank=True, required=False, trim_whitespace=False)
    next_steps = serializers.CharField(allow_blank=True, required=False, trim_whitespace=False)
    partners = serializers.CharField(allow_blank=True, required=False, trim_whitespace=False)
    funding_amount = AmountField(
        max_digits=14,
        decimal_places=2,
        allow_null=True,
        required=False,
        help_text=_('Funding used in the period, e.g. "12500.00"; with its currency.'),
    )
    funding_currency = CurrencyField(
        allow_blank=True, required=False, help_text=_("ISO 4217 code, e.g. USD, EUR, KGS.")
    )
    funding_source = serializers.CharField(allow_blank=True, required=False, max_length=250)
    links = ReportLinkSerializer(
        many=True, required=False, help_text=_("Evidence on the web; replaces the links.")
    )

    CONTENT = services.CONTENT_FIELDS
    read_only_names = tuple(ReportSerializer.Meta.fields)

    def content(self, *, complete):
        """The content fields for the service: all of them when `complete` (PUT: a missing
        field is emptied), else only those sent (PATCH)."""
        data = self.validated_data
        if complete:
            return {name: data.get(name) for name in self.CONTENT}
        return {name: data[name] for name in self.CONTENT if name in data}

    def links_data(self, *, complete):
        links = self.validated_data.get("links")
        if links is None:
            return [] if complete else None
        return [dict(link) for link in links]


class ReportCreateSerializer(ReportContentSerializer):
    cycle = serializers.PrimaryKeyRelatedField(
        queryset=ReportingCycle.objects.all(), help_text=_("The cycle's id.")
    )
    activity = serializers.CharField(help_text=_("The activity's code, e.g. 2.3.15."))
    range_state = serializers.SlugRelatedField(
        slug_field="iso_code",
        queryset=RangeState.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("ISO code of the range state, for a national report."),
    )
    species = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Species.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Identifier of the species, for a species report."),
    )
    prefill = serializers.BooleanField(
        default=True,
        help_text=_(
            "Without any content, start from the last accepted report on this activity for "
            "the same range state or species (links included)."
        ),
    )

    def validate(self, attrs):
        if not Subject.is_one(attrs.get("range_state"), attrs.get("species")):
            raise serializers.ValidationError(REFUSAL, code="subject")
        activity = Activity.objects.filter(
            programme_id=attrs["cycle"].programme_id, code=attrs["activity"]
        ).first()
        if activity is None:
            raise serializers.ValidationError(
                {"activity": [_("The cycle's programme has no activity with this code.")]},
                code="invalid",
            )
        attrs["activity"] = activity
        return attrs


class ReviewSerializer(StrictFieldsMixin, serializers.Serializer):
    read_only_names = tuple(ReportSerializer.Meta.fields)

    comment = serializers.CharField(
        allow_blank=True, required=False, help_text=_("Shown to the focal point.")
    )


@extend_schema_field({"type": "string", "minLength": 1, "pattern": r"\S"})
class NonBlankCharField(serializers.CharField):
    """Text that must say something (not only spaces)."""


class ReturnSerializer(StrictFieldsMixin, serializers.Serializer):
    read_only_names = tuple(ReportSerializer.Meta.fields)

    comment = NonBlankCharField(help_text=_("What the focal point should change."))


# --- Status per range state (nested in activities) ----------------------------------------


class RangeStateStatusSerializer(serializers.ModelSerializer):
    """The status accepted for the activity in a range state (from its latest accepted
    national report)."""

    range_state = RangeStateBriefSerializer(read_only=True)
    status_label = LabelField("status")
    report = serializers.SerializerMethodField(help_text=_("The accepted report it comes from."))

    class Meta:
        model = RangeStateActivityStatus
        fields = ["range_state", "status", "status_label", "as_of", "report"]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_report(self, status):
        if status.report_id is None:
            return None
        return _absolute(self, reverse("api:report-detail", kwargs={"pk": status.report_id}))
