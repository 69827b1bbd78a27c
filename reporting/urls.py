from django.urls import path
from django.views.decorators.http import require_safe

from core.pagecache import cache_public_page

from . import views
from .feeds import AcceptedReportsFeed

app_name = "reporting"

urlpatterns = [
    path("", views.start, name="start"),
    path("mine/", views.my_reporting, name="mine"),
    path("cycles/<int:cycle_pk>/prefill/", views.prefill, name="prefill"),
    path("cycles/<int:cycle_pk>/<str:segment>/<str:key>/batch/", views.batch, name="batch"),
    path(
        "cycles/<int:cycle_pk>/<str:segment>/<str:key>/activities/<str:code>/",
        views.report_for,
        name="report_for",
    ),
    path(
        "cycles/<int:cycle_pk>/national/<int:focal_point_pk>/",
        views.national_report,
        name="national_report",
    ),
    path(
        "cycles/<int:cycle_pk>/national/<int:focal_point_pk>/report.pdf",
        views.national_report_pdf,
        name="national_report_pdf",
    ),
    path("reports/", cache_public_page(views.accepted), name="accepted"),
    path("reports/feed/", require_safe(cache_public_page(AcceptedReportsFeed())), name="feed"),
    path("reports/<int:pk>/", cache_public_page(views.report_detail), name="report"),
    path("reports/<int:pk>/edit/", views.report_edit, name="edit"),
    path("reports/<int:pk>/review/", views.review_report, name="review_report"),
    path("documents/<int:pk>/", views.attachment, name="attachment"),
    path("review/", views.review_queue, name="review"),
    path("review/accept/", views.bulk_accept, name="bulk_accept"),
    path("review/dashboard/", views.dashboard, name="dashboard"),
    path(
        "review/cycles/<int:cycle_pk>/remind/<int:focal_point_pk>/",
        views.remind,
        name="remind",
    ),
    path("review/cycles/<int:cycle_pk>/export.<str:fmt>", views.export, name="export"),
    path("review/cycles/<int:cycle_pk>/review/", views.cycle_review, name="cycle_review"),
    path("review/cycles/<int:cycle_pk>/review.<str:fmt>", views.review_file, name="review_file"),
    path("review/cycles/<int:cycle_pk>/publish/", views.publish, name="publish_review"),
    path("reviews/", views.published_reviews, name="published_reviews"),
    path("reviews/<int:pk>/", views.published_review, name="published_review"),
    path(
        "reviews/<int:pk>/review.<str:fmt>",
        views.published_review_file,
        name="published_review_file",
    ),
]
