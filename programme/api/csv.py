"""The activities as CSV: nested lists whose items hold more than a code lose nothing.

The generic rows (`core.api.csv`) write a list as its items' keys ("a; b"); for an activity
that would drop what a dashboard reads most. Here the sub-items and responsibilities are
written whole, as a JSON array in their cell, and the statuses per range state, which have
their own list (`/api/v1/range-state-statuses/`, JSON and CSV), are a pointer to it."""

from django.urls import reverse
from django.utils.http import urlencode

from core.api.csv import SerializerRows

#: Lists written whole, as JSON.
WHOLE = ("subactivities", "responsibilities")
#: Lists left out for the address of the list that has them.
POINTED = ("range_state_statuses",)


class ActivityRows(SerializerRows):
    whole = WHOLE

    def pointer(self, row):
        url = (
            reverse("api:range-state-status-list")
            + "?"
            + urlencode({"activity": row["code"], "programme": row["programme"]})
        )
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url

    def cell(self, row, header, path):
        if header in POINTED:
            return self.pointer(row)
        return super().cell(row, header, path)
