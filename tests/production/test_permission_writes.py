"""The permission matrix's writes, with real data: each role allowed or refused on the API
and the site, the answer and the database checked (tests/production/test_permission_matrix.py
walks every address and operation)."""

import pytest
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.test import Client

from reporting.choices import ReportState
from reporting.views import unsaved
from tests.mailbox import queued

from .conftest import ROLES, api, body_of
from .test_permission_matrix import LOGIN, may_see

pytestmark = pytest.mark.django_db


def api_read(client, report):
    response = client.get(f"/api/v1/reports/{report.pk}/")
    return response, response.headers.get("ETag", '"none"')


@pytest.mark.parametrize(
    "role, status", [("anonymous", 401), ("partner", 403), ("tj", 403), ("species", 403),
                     ("secretariat", 403), ("kg", 201)],
)  # fmt: skip
def test_api_start_a_report(portal, role, status):
    body = {"cycle": portal.cycle.pk, "activity": portal.activities["fresh"].code,
            "range_state": "KG", "progress": "Started."}  # fmt: skip
    response = portal.client(role).post("/api/v1/reports/", body, content_type="application/json")
    assert response.status_code == status, response.content
    created = portal.cycle.reports.filter(activity=portal.activities["fresh"]).count()
    assert created == (1 if status == 201 else 0)


@pytest.mark.parametrize(
    "role, status", [("anonymous", 401), ("partner", 404), ("tj", 404), ("species", 404),
                     ("secretariat", 403), ("kg", 200)],
)  # fmt: skip
def test_api_save_and_submit_a_draft(portal, role, status):
    client = portal.client(role)
    draft = portal.reports["kg_draft"]
    _, etag = api_read(client, draft)
    response = client.patch(
        f"/api/v1/reports/{draft.pk}/",
        {"progress": "Changed."},
        content_type="application/json",
        headers={"If-Match": etag},
    )
    assert response.status_code == status, response.content
    draft.refresh_from_db()
    assert (draft.progress == "Changed.") == (status == 200)
    _, etag = api_read(client, draft)
    response = client.post(
        f"/api/v1/reports/{draft.pk}/submit/",
        {},
        content_type="application/json",
        headers={"If-Match": etag},
    )
    assert response.status_code == status, response.content
    draft.refresh_from_db()
    assert (draft.state == ReportState.SUBMITTED) == (status == 200)
    # The secretariat's notification waits in the outbox, for an accepted submission only.
    assert len(queued()) == (1 if status == 200 else 0)
    # The same request again (a double click): "already submitted" for the author, never a
    # refusal of their right; the others are refused as before.
    again = client.post(
        f"/api/v1/reports/{draft.pk}/submit/",
        {},
        content_type="application/json",
        headers={"If-Match": etag},
    )
    assert again.status_code == (409 if status == 200 else status), again.content
    assert (status != 200) or "already submitted" in again.json()["detail"]


@pytest.mark.parametrize(
    "role, status", [("anonymous", 401), ("partner", 403), ("tj", 403), ("species", 403),
                     ("kg", 403), ("secretariat", 200)],
)  # fmt: skip
def test_api_accept_a_report(portal, role, status):
    client = portal.client(role)
    report = portal.reports["kg_submitted"]
    _, etag = api_read(client, report)
    response = client.post(
        f"/api/v1/reports/{report.pk}/accept/",
        {},
        content_type="application/json",
        headers={"If-Match": etag},
    )
    assert response.status_code == status, response.content
    report.refresh_from_db()
    assert (report.state == ReportState.ACCEPTED) == (status == 200)
    assert [email.to for email in queued()] == (
        [[portal.users["kg"].email]] if status == 200 else []
    )


@pytest.mark.parametrize("role", ROLES)
def test_api_documents_answer_the_token_alone(portal, role):
    """The `url` the API gives for a document serves it to a script with the API token and
    no session, if the token's user may see the report."""
    draft = portal.reports["kg_draft"]
    [document] = api(portal, "kg").get(f"/api/v1/reports/{draft.pk}/").json()["attachments"]
    response = api(portal, role).get(document["url"], headers={"Accept": "application/pdf"})
    if may_see(portal, role, "kg_draft"):
        assert response.status_code == 200, response
        assert "SECRET-kg-document-bytes" in body_of(response)
        assert response["Content-Disposition"] == 'inline; filename="SECRET-kg-document.pdf"'
    else:
        assert response.status_code == 404
        assert "SECRET-kg-document" not in body_of(response)


@pytest.mark.parametrize("role", ROLES)
def test_web_save_a_draft(portal, role):
    draft = portal.reports["kg_draft"]
    response = portal.client(role).post(
        f"/reporting/reports/{draft.pk}/edit/",
        {"status": "in_progress", "progress": "Saved on the web.", "version": draft.version,
         "links-TOTAL_FORMS": "0", "links-INITIAL_FORMS": "0", "action": "save"},
    )  # fmt: skip
    draft.refresh_from_db()
    # Whoever is refused leaves nothing behind in a session (the form's text included).
    if role == "anonymous":
        assert "sessionid" not in response.cookies
        assert not Session.objects.exists()
    if role == "kg":
        assert response.status_code == 302
        assert draft.progress == "Saved on the web."
    else:
        assert response.status_code in (302, 403, 404)
        if response.status_code == 302 and role != "anonymous":
            assert not response["Location"].endswith(f"/reports/{draft.pk}/edit/")
        assert draft.progress != "Saved on the web."


@pytest.mark.parametrize("role", ROLES)
def test_web_accept_a_report(portal, role):
    report = portal.reports["kg_submitted"]
    response = portal.client(role).post(
        f"/reporting/reports/{report.pk}/review/", {"action": "accept", "comment": "Fine."}
    )
    report.refresh_from_db()
    if role == "secretariat":
        assert response.status_code == 302
        assert report.state == ReportState.ACCEPTED
    else:
        assert response.status_code in (302, 403, 404)
        if response.status_code == 302:
            assert response["Location"].startswith(LOGIN)
        assert report.state == ReportState.SUBMITTED


# --- Issue of faults: the draft kept across a session's end, and the outbox ----------------


def stashed(text):
    """The sessions that hold `text` (a kept draft)."""
    return [s for s in Session.objects.all() if text in str(s.get_decoded())]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("report_key", ["kg_draft", "tj_draft"])
def test_a_draft_is_kept_past_a_session_only_for_its_author(portal, role, report_key):
    """A save without a session carrying the form's key of `role` (what `role` got when it
    opened the form): kept for sign-in only when `role` wrote that report; and a signed-in
    `role` posting to someone else's report keeps nothing either."""
    report = portal.reports[report_key]
    user = portal.users.get(role)
    key = unsaved.form_key(report, user) if user is not None else ""
    text = f"Typed by {role} after the time-out"
    body = {"status": "in_progress", "progress": text, "version": report.version,
            "links-TOTAL_FORMS": "0", "links-INITIAL_FORMS": "0", "action": "save",
            unsaved.FIELD: key}  # fmt: skip
    response = Client().post(f"/reporting/reports/{report.pk}/edit/", body)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    author = user is not None and user == report.author
    assert bool(stashed(text)) == author
    if not author:
        assert "sessionid" not in response.cookies
    if user is not None and not author:
        portal.client(role).post(f"/reporting/reports/{report.pk}/edit/", body)
        assert not stashed(text)
    report.refresh_from_db()
    assert text not in report.progress  # kept aside at most, never saved without a session


@pytest.fixture
def deferred_mail(portal):
    from mailer.models import PRIORITY_DEFERRED, Message

    send_mail("SECRET-outbox-subject", "A link.", None, [portal.users["kg"].email])
    message = Message.objects.get()
    message.priority = PRIORITY_DEFERRED
    message.save()
    return message


@pytest.mark.parametrize("role", ROLES)
def test_the_outbox_is_changed_by_administrators_only(portal, role, deferred_mail, admin_client):
    """The outbox holds password links: no role of the portal, the secretariat included, may
    read it, send a message again or delete one; an administrator may."""
    from mailer.models import PRIORITY_DEFERRED, Message

    client = portal.client(role)
    listing = client.get("/admin/mailer/message/")
    action = {"action": "send_again", "_selected_action": [deferred_mail.pk]}
    again = client.post("/admin/mailer/message/", action)
    delete = client.post(f"/admin/mailer/message/{deferred_mail.pk}/delete/", {"post": "yes"})
    for response in (listing, again, delete):
        assert response.status_code in (302, 403), response.status_code
        if response.status_code == 302:
            assert response["Location"].startswith("/admin/login/")
        assert "SECRET-outbox-subject" not in body_of(response)
    deferred_mail.refresh_from_db()
    assert deferred_mail.priority == PRIORITY_DEFERRED
    # The administrator may.
    answer = admin_client.post("/admin/mailer/message/", action)
    assert answer.status_code == 302
    deferred_mail.refresh_from_db()
    assert deferred_mail.priority != PRIORITY_DEFERRED
    assert Message.objects.filter(pk=deferred_mail.pk).exists()
