"""The admin's site: Django's (or django-otp's, where the admin asks for a device's code), its
list of applications and models made with each address reversed once per process.

That list is made on every admin page (its nav sidebar; the index): Django reverses each
model's two addresses and each application's one at every request, some sixty reversals of
30–45 µs, most of the list's 2 ms. The addresses depend only on the URLconf, the script
prefix and the site; who may see which model is still decided at each request, by each model
admin's own permission methods, as Django decides it. `_build_app_dict` is Django's own
(`AdminSite._build_app_dict`, Django 5.2), with `_reversed` for `reverse`:
tests/test_admin_site.py compares the two for every kind of user, application and language."""

from django.apps import apps
from django.conf import settings
from django.contrib.admin import AdminSite
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.text import capfirst
from django_otp.admin import OTPAdminSite

#: {(name, keywords, site, script prefix, URLconf): address, or None where none matches}.
_ADDRESSES = {}


def _reversed(name, current_app, kwargs=None):
    """`reverse(name, kwargs=kwargs, current_app=current_app)`, made once per process for the
    same URLconf and script prefix."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    key = (name, tuple(sorted((kwargs or {}).items())), current_app, get_script_prefix(), urlconf)
    try:
        address = _ADDRESSES[key]
    except KeyError:
        try:
            address = reverse(name, kwargs=kwargs, current_app=current_app)
        except NoReverseMatch:
            address = None
        _ADDRESSES[key] = address
    if address is None:
        raise NoReverseMatch(name)
    return address


class AppListMixin:
    def _build_app_dict(self, request, label=None):
        app_dict = {}
        if label:
            models = {m: m_a for m, m_a in self._registry.items() if m._meta.app_label == label}
        else:
            models = self._registry
        for model, model_admin in models.items():
            app_label = model._meta.app_label
            has_module_perms = model_admin.has_module_permission(request)
            if not has_module_perms:
                continue
            perms = model_admin.get_model_perms(request)
            if True not in perms.values():
                continue
            prefix = f"admin:{app_label}_{model._meta.model_name}"
            model_dict = {
                "model": model,
                "name": capfirst(model._meta.verbose_name_plural),
                "object_name": model._meta.object_name,
                "perms": perms,
                "admin_url": None,
                "add_url": None,
            }
            if perms.get("change") or perms.get("view"):
                model_dict["view_only"] = not perms.get("change")
                try:
                    model_dict["admin_url"] = _reversed(f"{prefix}_changelist", self.name)
                except NoReverseMatch:
                    pass
            if perms.get("add"):
                try:
                    model_dict["add_url"] = _reversed(f"{prefix}_add", self.name)
                except NoReverseMatch:
                    pass
            if app_label in app_dict:
                app_dict[app_label]["models"].append(model_dict)
            else:
                app_dict[app_label] = {
                    "name": apps.get_app_config(app_label).verbose_name,
                    "app_label": app_label,
                    "app_url": _reversed("admin:app_list", self.name, {"app_label": app_label}),
                    "has_module_perms": has_module_perms,
                    "models": [model_dict],
                }
        return app_dict


class PortalAdminSite(AppListMixin, AdminSite):
    """The admin's site where a password opens it."""


class PortalOTPAdminSite(AppListMixin, OTPAdminSite):
    """The admin's site where it asks for the code of the staff member's device too."""
