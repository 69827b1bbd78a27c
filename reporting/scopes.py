"""The scopes of the public pages kept by scope (core/readcache.py, `public_scope`).

An activity's page shows its own accepted reports and statuses per range state, a range
state's page its own: a review that publishes a national report changes those two pages'
scopes (services.workflow.accept), and no other page kept by scope. The names are written
here once, for the pages' addresses (pages/urls.py) and the review alike."""


def activity_scope(code: str) -> str:
    """The scope of the activity page of `code` (in any programme: codes repeat)."""
    return f"activity:{code}"


def range_state_scope(iso_code: str) -> str:
    """The scope of the range state page of `iso_code` (the page reads it in capitals)."""
    return f"range-state:{iso_code.upper()}"
