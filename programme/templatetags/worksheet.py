"""The worksheet's list (the statuses' changelist): Django's `result_list` tag with the rows
written by `programme.worksheet`."""

from django import template
from django.contrib.admin.templatetags.admin_list import (
    result_headers,
    result_hidden_fields,
)
from django.contrib.admin.templatetags.base import InclusionAdminNode

from programme.worksheet import results

register = template.Library()


def worksheet_result_list(cl):
    """`admin_list.result_list`, the rows aside."""
    headers = list(result_headers(cl))
    num_sorted_fields = 0
    for h in headers:
        if h["sortable"] and h["sorted"]:
            num_sorted_fields += 1
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": num_sorted_fields,
        "results": results(cl),
    }


@register.tag(name="worksheet_result_list")
def worksheet_result_list_tag(parser, token):
    return InclusionAdminNode(
        parser, token,
        func=worksheet_result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )  # fmt: skip
