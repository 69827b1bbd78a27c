"""The programme switcher of the pages that show one programme (home, activity browser): each
loaded programme with this page's address for it (`?programme=<code>`, which stays valid
whichever programme is current). Nothing is shown while only one programme is loaded."""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.utils.http import urlencode

from programme.models import Programme


@dataclass(frozen=True)
class SwitcherEntry:
    programme: Programme
    url: str
    selected: bool


def programme_switcher(request, shown):
    """[SwitcherEntry] for the page `request` asked, showing the programme `shown` (no query
    when `shown` carries the loaded programmes, one otherwise)."""
    programmes = getattr(shown, "loaded_programmes", None)
    if programmes is None:
        programmes = list(Programme.objects.order_by("-start_year", "code"))
    if len(programmes) < 2:
        return []
    return [
        SwitcherEntry(p, f"{request.path}?{urlencode({'programme': p.code})}", p.pk == shown.pk)
        for p in programmes
    ]


def requested_programme(request):
    """`?programme=<code>` (404 when unknown), else the current programme (or None)."""
    code = request.GET.get("programme")
    if code:
        return get_object_or_404(Programme, code=code)
    return Programme.objects.current()
