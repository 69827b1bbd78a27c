"""Which cached reads a change to reporting's records makes stale (core/readcache.py).

A report is public once accepted; until then only its author's answers show it."""

from core.readcache import PUBLIC, user_version_key

from .choices import ReportState


def stale_versions(instance) -> set[str]:
    model = instance._meta.model_name
    if model.startswith("historical"):
        return set()
    accepted = ReportState.ACCEPTED
    if model == "report":
        keys = {user_version_key(instance.author_id)} if instance.author_id else set()
        return keys | ({PUBLIC} if instance.state == accepted else set())
    if model in ("reporttransition", "reportlink", "reportattachment"):
        report = instance.report
        keys = {user_version_key(report.author_id)} if report.author_id else set()
        was_public = model == "reporttransition" and accepted in (
            instance.from_state,
            instance.to_state,
        )
        return keys | ({PUBLIC} if was_public or report.state == accepted else set())
    if model == "focalpoint":
        return {PUBLIC, user_version_key(instance.user_id)}
    if model == "reminder":
        return set()
    return {PUBLIC}  # cycles, statuses per range state, anything new
