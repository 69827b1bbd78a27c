from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from programme.choices import ImplementationStatus

from . import services
from .choices import COMMON_CURRENCIES, ReportProgress
from .models import FocalPoint, Report

BLANK_STATUS = [("", _("— choose a status —"))]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ReportForm(forms.ModelForm):
    """The focal point's report. Saving a draft checks only the format of what was typed; the
    submit button asks `services.submit` for the rest (its errors land next to the fields)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reply = forms.CharField(
        label=_("Your reply to the secretariat"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: kept in the report's history, beside the secretariat's comment."),
    )
    new_attachments = MultipleFileField(
        label=_("Add documents"),
        required=False,
        help_text=_(
            "PDF, office documents (Word, Excel, PowerPoint, OpenDocument) or images (PNG, "
            "JPEG, GIF, WebP), at most 10 MB each."
        ),
    )
    remove_attachments = forms.ModelMultipleChoiceField(
        label=_("Remove documents"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Report
        fields = services.CONTENT_FIELDS
        widgets = {
            "progress": forms.Textarea(attrs={"rows": 6}),
            "results": forms.Textarea(attrs={"rows": 4}),
            "obstacles": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.Textarea(attrs={"rows": 2}),
            "funding_amount": forms.NumberInput(attrs={"min": "0", "step": "0.01"}),
            "funding_currency": forms.TextInput(
                attrs={
                    "list": "currencies",
                    "maxlength": "3",
                    "autocapitalize": "characters",
                    "size": "4",
                }
            ),
        }
        help_texts = {
            "progress": _("The actions taken in your country (or for the species) in the period."),
            "results": _("What changed thanks to them: numbers, decisions, areas, publications."),
            "obstacles": _("What slowed or prevented the work."),
            "next_steps": _("What is planned for the next period."),
            "partners": _("Organisations and agencies that took part."),
            "funding_amount": _("Optional. Funds spent on this activity in the period."),
            "funding_currency": _("Three-letter code, e.g. USD, EUR, KGS."),
            "funding_source": _("Optional. Government budget, donor, project…"),
        }

    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.currencies = COMMON_CURRENCIES
        self.fields["status"].choices = BLANK_STATUS + list(ImplementationStatus.choices)
        self.fields["status"].required = False
        # What each status means: the definitions beside the choice (report_form.html).
        self.fields["status"].widget.attrs["aria-describedby"] = "status-definitions"
        self.status_definitions = ImplementationStatus.definitions()
        if report is not None and report.pk:
            self.fields["remove_attachments"].queryset = report.attachments.all()
            self.fields["version"].initial = report.version
        else:
            del self.fields["remove_attachments"]

    def clean_new_attachments(self):
        files = self.cleaned_data.get("new_attachments") or []
        errors = []
        for upload in files:
            try:
                services.check_attachment(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return files

    def content(self) -> dict:
        return {field: self.cleaned_data.get(field) for field in services.CONTENT_FIELDS}

    def is_empty(self) -> bool:
        """Nothing typed, chosen or attached: saving it would only make an empty draft."""
        return (
            not any(
                value not in (None, "", [], ())
                for value in [*self.content().values(), self.cleaned_data.get("new_attachments")]
            )
            and not (self.cleaned_data.get("reply") or "").strip()
        )

    def add_service_errors(self, error: ValidationError):
        """Put the errors of a service next to the fields they concern."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                target = field if field in self.fields else None
                for message in messages:
                    self.add_error(target, message)
        else:
            for message in error.messages:
                self.add_error(None, message)


class LinkForm(forms.Form):
    url = forms.URLField(
        label=_("Address"),
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    title = forms.CharField(label=_("Title"), required=False, max_length=200)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("title") and not cleaned.get("url"):
            self.add_error("url", _("Give the address of this link, or clear its title."))
        return cleaned


LinkFormSet = forms.formset_factory(
    LinkForm, extra=2, can_delete=True, max_num=services.MAX_LINKS, validate_max=True
)


def links_of(formset) -> list[dict]:
    return [
        {"url": form.cleaned_data["url"], "title": form.cleaned_data.get("title", "")}
        for form in formset.forms
        if form.cleaned_data
        and form.cleaned_data.get("url")
        and not form.cleaned_data.get("DELETE")
    ]


class BatchStatusForm(forms.Form):
    """One row of the batch page: an activity's implementation status."""

    activity = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=BLANK_STATUS + list(ImplementationStatus.choices), required=False
    )


BatchStatusFormSet = forms.formset_factory(BatchStatusForm, extra=0)


class ReviewForm(forms.Form):
    """The secretariat's decision on one report."""

    comment = forms.CharField(
        label=_("Comment to the focal point"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required to return a report: say what should change."),
    )
    until = forms.DateField(
        label=_("May be submitted until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When reopening: the new last day for this report (default: in 14 days)."),
    )
    # The version of the report the reviewer read (a hidden input of the review forms).
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


class BulkAcceptForm(forms.Form):
    reports = forms.ModelMultipleChoiceField(
        label=_("Reports"),
        queryset=Report.objects.submitted(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select the reports to accept.")},
    )


class FocalPointPasswordResetForm(PasswordResetForm):
    """The site's "forgotten password" form: also reaches focal points who never chose a
    password (their invitation expired or was lost).

    An address without an account costs the same work as one with an account: the link is
    made and the message written for a stand-in account, then not handed to the mail (which
    queues the real ones in the outbox). So the time of the answer does not tell whether an
    address has an account."""

    def get_users(self, email):
        """The accounts of `email`, or the stand-in when it has none."""
        users = list(super().get_users(email))
        seen = {user.pk for user in users}
        invited = get_user_model()._default_manager.filter(
            email__iexact=email, is_active=True, focal_point__isnull=False
        )
        users.extend(user for user in invited if user.pk not in seen)
        return users or [self.stand_in(email)]

    @staticmethod
    def stand_in(email):
        user = get_user_model()(email=email)  # never saved: it has no primary key
        user.set_unusable_password()
        return user

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        if context["user"].pk is not None:
            return super().send_mail(
                subject_template_name, email_template_name, context, *args, **kwargs
            )
        # The stand-in: the same message, written and dropped.
        render_to_string(subject_template_name, context)
        render_to_string(email_template_name, context)
        return None


class FocalPointAdminForm(forms.ModelForm):
    """The secretariat creates a focal point and its sign-in account in one form, without any
    right over user accounts in general (and never over staff accounts)."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("What the focal point types to sign in."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail address"))
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        help_text=_("Untick to stop this person from signing in and reporting."),
    )

    class Meta:
        model = FocalPoint
        fields = ["range_states", "species", "organisation", "position", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.instance.user if self.instance.pk else None
        if user is not None:
            for name in ("username", "first_name", "last_name", "email", "is_active"):
                self.fields[name].initial = getattr(user, name)
            if user.is_staff or user.is_superuser:
                for name in ("username", "first_name", "last_name", "email", "is_active"):
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _(
                        "A staff account: change it in the user accounts, not here."
                    )

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        users = get_user_model()._default_manager.filter(username__iexact=username)
        if self.instance.pk:
            users = users.exclude(pk=self.instance.user_id)
        if users.exists():
            raise ValidationError(_("This username is taken."))
        return username

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("range_states") and not cleaned.get("species"):
            raise ValidationError(
                _("Choose the range states and/or the species this person reports for.")
            )
        return cleaned

    @transaction.atomic
    def save(self, commit=True):
        focal_point = super().save(commit=False)
        User = get_user_model()
        user = focal_point.user if focal_point.pk else User(is_staff=False, is_superuser=False)
        if not (user.is_staff or user.is_superuser):
            for name in ("username", "first_name", "last_name", "email", "is_active"):
                setattr(user, name, self.cleaned_data[name])
            if not user.pk:
                user.set_unusable_password()  # chosen through the invitation
            user.save()
        focal_point.user = user
        if commit:
            focal_point.save()
            self.save_m2m()
        return focal_point


class MyReportingOptions(forms.Form):
    """What "My reporting" shows beside the programme's filters: the report states to list,
    the order, and whether cross-references ("See activity 2.2.6") are listed."""

    SORT_CHOICES = [("", _("Programme order")), ("state", _("Report state, what needs you first"))]

    state = forms.MultipleChoiceField(
        label=_("Report state"), choices=ReportProgress.choices, required=False
    )
    sort = forms.ChoiceField(label=_("Order"), choices=SORT_CHOICES, required=False)
    hide_xref = forms.BooleanField(label=_("Hide cross-references"), required=False)
