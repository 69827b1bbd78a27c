"""The public story of an activity's status: what the activity's page and the API's
`/activities/{code}/history/` show."""

from .choices import ImplementationStatus


def status_history(status):
    """The status's changes, newest first, as the public reads them. The empty "not started"
    record every activity starts with (the loader creates it) is not a change, and a change
    that repeats the one before it is left out."""
    kept = []
    for entry in status.history.order_by("history_date", "history_id"):
        placeholder = (
            entry.status == ImplementationStatus.NOT_STARTED
            and not entry.note
            and entry.status_date is None
        )
        if not kept and placeholder:
            continue
        seen = (entry.status, entry.note, entry.status_date)
        if kept and seen == (kept[-1].status, kept[-1].note, kept[-1].status_date):
            continue
        kept.append(entry)
    return kept[::-1]
