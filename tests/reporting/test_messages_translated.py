"""Recent messages people see are translated to French and Russian: the 429 page of the
password reset, the "already submitted" refusal of a second submission, the refusals of
uploads, the outbox's admin action and the public map's legend."""

import pytest
from django.core.mail import send_mail
from django.test import Client
from django.utils import translation

from reporting import services
from reporting.choices import ReportState

from .test_attachment_content import bomb, check, with_part
from .test_attachments import docx

pytestmark = pytest.mark.django_db

RESET = "/accounts/password/reset/"

EXPECTED = {
    "fr": {
        "throttled": ["Trop de demandes de nouveau mot de passe", "Veuillez réessayer dans"],
        "already": "a déjà été soumis au secrétariat",
        "archive": "est refusé : en tant qu’archive",
        "macros": "contient des macros",
        "send again": "Renvoyer maintenant",
    },
    "ru": {
        "throttled": ["Слишком много запросов нового пароля", "Попробуйте снова через"],
        "already": "уже представлен секретариату",
        "archive": "отклонён: как архив",
        "macros": "содержит макросы",
        "send again": "Отправить снова сейчас",
    },
}


@pytest.mark.parametrize("language", ["fr", "ru"])
def test_the_password_reset_429_page_is_translated(language):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    answers = [client.post(RESET, {"email": "nobody@example.org"}) for _ in range(4)]
    assert [a.status_code for a in answers] == [302, 302, 302, 429]
    page = answers[-1].content.decode()
    for text in EXPECTED[language]["throttled"]:
        assert text in page
    assert "Too many requests for a new password" not in page


@pytest.mark.parametrize("language", ["fr", "ru"])
def test_already_submitted_is_translated(world, language):
    report = world.report("kg", state=ReportState.SUBMITTED)
    with translation.override(language):
        message = services.AlreadySubmitted(report).messages[0]
    assert EXPECTED[language]["already"] in message
    assert "already submitted" not in message


@pytest.mark.parametrize("language", ["fr", "ru"])
def test_upload_refusals_are_translated(language):
    with translation.override(language):
        archive, _ = check("plan.docx", bomb())
        active, _ = check("macro.docm", with_part(docx(), "word/vbaProject.bin"))
    assert archive.code == "unsafe_archive" and active.code == "forbidden_type"
    assert EXPECTED[language]["archive"] in archive.messages[0]
    assert EXPECTED[language]["macros"] in active.messages[0]
    assert "is refused" not in archive.messages[0] and "contains" not in active.messages[0]


@pytest.mark.parametrize("language", ["fr", "ru"])
def test_the_outbox_admin_action_is_translated(admin_client, language):
    send_mail("Waiting", "In the outbox.", None, ["someone@example.org"])  # the list has actions
    page = admin_client.get("/admin/mailer/message/", HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    assert EXPECTED[language]["send again"] in page.content.decode()
    assert "Send again now" not in page.content.decode()
