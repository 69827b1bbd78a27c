"""Forms the admin's imports share."""

from django import forms
from django.utils.translation import gettext_lazy as _
from import_export.forms import ConfirmImportForm, ImportForm

WORDING_HELP = _(
    "Leave unticked to import only statuses, notes and facts: the programme's wording "
    "(names in each language) is then never changed, even if the file has those columns."
)


class WordingImportForm(ImportForm):
    update_wording = forms.BooleanField(
        label=_("Also update the programme's wording from this file"),
        required=False,
        help_text=WORDING_HELP,
    )


class WordingConfirmImportForm(ConfirmImportForm):
    update_wording = forms.BooleanField(required=False, widget=forms.HiddenInput)
