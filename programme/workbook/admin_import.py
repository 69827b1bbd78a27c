"""The secretariat's import of a programme workbook in the admin: upload, a preview of what
would be created or changed (a dry run) or every problem by row, then confirm. The uploaded
file waits between the two steps in a private folder, under a random name kept in the
officer's session; the confirmed import is recorded in the programme's admin history (and
each record's own history)."""

import secrets
import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .importer import import_programme
from .reader import WorkbookError

SESSION_KEY = "programme_workbook_upload"
MAX_SIZE = 10 * 1024 * 1024


def can_import(user):
    return user.has_perm("programme.import_programme")


class WorkbookUploadForm(forms.Form):
    workbook = forms.FileField(
        label=gettext_lazy("Workbook (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    slug = forms.SlugField(
        label=gettext_lazy("Import under the code"),
        required=False,
        help_text=gettext_lazy("Leave empty to use the code of the sheet “programme”."),
    )

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if upload.size > MAX_SIZE:
            raise forms.ValidationError(_("The workbook is larger than 10 MB."))
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("A programme workbook is an .xlsx file."))
        return upload


def _folder():
    folder = Path(tempfile.gettempdir()) / "cami-programme-workbooks"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _keep(upload):
    token = secrets.token_hex(16)
    path = _folder() / f"{token}.xlsx"
    with path.open("wb") as target:
        for chunk in upload.chunks():
            target.write(chunk)
    return token, path


def _kept(request, token):
    waiting = request.session.get(SESSION_KEY) or {}
    if not token or waiting.get("token") != token:
        return None, waiting
    path = _folder() / f"{token}.xlsx"
    return (path if path.exists() else None), waiting


def _rows(report):
    models = sorted(set(report.created) | set(report.updated) | set(report.unchanged))
    return [
        (name, report.created[name], report.updated[name], report.unchanged[name])
        for name in models
    ]


def _record(model_admin, request, code, report, filename):
    from ..models import Programme

    programme = Programme.objects.get(code=code)
    message = _(
        "Imported from the workbook %(file)s: %(created)s records created, %(updated)s "
        "updated, %(unchanged)s unchanged."
    ) % {
        "file": filename,
        "created": sum(report.created.values()),
        "updated": sum(report.updated.values()),
        "unchanged": sum(report.unchanged.values()),
    }
    if report.created["programme.programme"]:
        model_admin.log_addition(request, programme, message)
    else:
        model_admin.log_change(request, programme, message)
    return programme


def import_view(model_admin, request):
    """The admin page: GET the form; POST a workbook for its preview; POST `confirm` to
    import the workbook previewed."""
    if not can_import(request.user):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Import a programme from its workbook"),
        "template_url": "programme/programme-workbook-template.xlsx",
    }
    form = WorkbookUploadForm()
    if request.method == "POST" and "confirm" in request.POST:
        path, waiting = _kept(request, request.POST.get("token"))
        if path is None:
            messages.error(request, _("The workbook to import has expired; upload it again."))
            return HttpResponseRedirect(request.path)
        try:
            code, report = import_programme(path, slug=waiting.get("slug") or None)
        except WorkbookError as exc:  # changed since its preview
            context.update(form=form, problems=exc.problems)
            return TemplateResponse(request, "admin/programme/import_workbook.html", context)
        finally:
            path.unlink(missing_ok=True)
            request.session.pop(SESSION_KEY, None)
        programme = _record(model_admin, request, code, report, waiting.get("name", ""))
        messages.success(
            request,
            _("%(programme)s imported: %(created)s records created, %(updated)s updated.")
            % {
                "programme": programme,
                "created": sum(report.created.values()),
                "updated": sum(report.updated.values()),
            },
        )
        return HttpResponseRedirect(reverse("admin:programme_programme_changelist"))
    if request.method == "POST":
        form = WorkbookUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload, slug = form.cleaned_data["workbook"], form.cleaned_data["slug"]
            token, path = _keep(upload)
            try:
                code, report = import_programme(path, slug=slug or None, dry_run=True)
            except WorkbookError as exc:
                path.unlink(missing_ok=True)
                context.update(problems=exc.problems)
            else:
                request.session[SESSION_KEY] = {"token": token, "slug": slug, "name": upload.name}
                context.update(preview=_rows(report), token=token, code=code, name=upload.name)
    context["form"] = form
    return TemplateResponse(request, "admin/programme/import_workbook.html", context)
