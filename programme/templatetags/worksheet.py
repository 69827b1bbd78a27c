"""The worksheet's list (the statuses' changelist): Django's `result_list` tag with the rows
written by `programme.worksheet`, and its `admin_list_filter` with the filters' lists written
by `programme.worksheet_filters`."""

from django import template
from django.contrib.admin.templatetags.admin_list import admin_list_filter, result_headers
from django.contrib.admin.templatetags.base import InclusionAdminNode

from programme.worksheet import hidden_fields, results, written_rows
from programme.worksheet_filters import filter_list

register = template.Library()


def worksheet_result_list(cl):
    """`admin_list.result_list`, its rows and hidden fields written in Python, for
    worksheet_results.html (Django's change_list_results.html, which loops over them)."""
    headers = list(result_headers(cl))
    num_sorted_fields = 0
    for h in headers:
        if h["sortable"] and h["sorted"]:
            num_sorted_fields += 1
    return {
        "cl": cl,
        "result_hidden_fields": hidden_fields(cl),
        "result_headers": headers,
        "num_sorted_fields": num_sorted_fields,
        "results": written_rows(results(cl)),
    }


@register.tag(name="worksheet_result_list")
def worksheet_result_list_tag(parser, token):
    return InclusionAdminNode(
        parser, token,
        func=worksheet_result_list,
        template_name="worksheet_results.html",
        takes_context=False,
    )  # fmt: skip


@register.simple_tag
def worksheet_list_filter(cl, spec):
    """`admin_list.admin_list_filter`, written in Python for a filter of admin/filter.html."""
    if spec.template != "admin/filter.html":
        return admin_list_filter(cl, spec)
    return filter_list(cl, spec)
