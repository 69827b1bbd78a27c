"""What the admin's index shows of the review queue."""

from django import template

from ..access import can_review
from ..models import Report

register = template.Library()


@register.simple_tag(takes_context=True)
def reports_waiting(context):
    """How many submitted reports wait for review, for a reviewer (None for anyone else)."""
    request = context.get("request")
    if request is None or not can_review(request.user):
        return None
    return Report.objects.waiting_review().count()
