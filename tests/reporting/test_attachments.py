"""Evidence documents: judged by content, at most 10 MB, stored under a generated name and
served only to those who may see the report."""

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reporting import services
from reporting.choices import ReportState
from reporting.models import ReportAttachment

from .conftest import PDF, PNG

pytestmark = pytest.mark.django_db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def zipped(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


def content_types(main):
    return (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Override PartName="/word/document.xml" '
        f'ContentType="{main}"/></Types>'
    )


def docx():
    return zipped(
        [
            (
                "[Content_Types].xml",
                content_types(DOCX_TYPE.replace(".document", ".document.main+xml")),
            ),
            ("word/document.xml", "<w:document/>"),
        ]
    )


def xlsx():
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Rangers trained"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def odt():
    return zipped(
        [("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<office/>")]
    )


def ole(marker):
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + marker + b"\x00" * 600


ACCEPTED = [
    ("report.pdf", PDF, "application/pdf", "pdf"),
    ("photo.png", PNG, "image/png", "png"),
    ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64, "image/jpeg", "jpg"),
    ("anim.gif", b"GIF89a\x01\x00\x01\x00" + b"\x00" * 32, "image/gif", "gif"),
    ("pic.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32, "image/webp", "webp"),
    ("plan.docx", docx(), DOCX_TYPE, "docx"),
    ("data.xlsx", xlsx(), XLSX_TYPE, "xlsx"),
    ("note.odt", odt(), "application/vnd.oasis.opendocument.text", "odt"),
    ("old.doc", ole(b"\xec\xa5\xc1\x00"), "application/msword", "doc"),
    # The name does not matter, the content does.
    ("scan.bin", PDF, "application/pdf", "pdf"),
]

REFUSED = [
    ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),  # a program named .pdf
    ("page.pdf", b"<html><script>alert(1)</script></html>"),
    ("notes.docx", b"Just some text pretending to be Word."),
    ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
    ("archive.zip", zipped([("readme.txt", "hello")])),
    (
        "macro.docx",
        zipped(
            [
                (
                    "[Content_Types].xml",
                    content_types("application/vnd.ms-word.document.macroEnabled.main+xml"),
                ),
                ("word/document.xml", "<w:document/>"),
            ]
        ),
    ),
    ("broken.docx", b"PK\x03\x04 not really a zip"),
]


@pytest.mark.parametrize(("name", "content", "mime", "extension"), ACCEPTED)
def test_accepted_types_are_recognised_by_content(name, content, mime, extension):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    assert services.check_attachment(upload) == (mime, extension)


@pytest.mark.parametrize(("name", "content"), REFUSED)
def test_forbidden_types_are_refused_whatever_their_name(name, content):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        services.check_attachment(upload)
    assert caught.value.code == "forbidden_type"
    assert name in caught.value.messages[0]


def test_attachment_too_large_is_refused():
    limit = services.MAX_ATTACHMENT_BYTES
    at_limit = SimpleUploadedFile("big.pdf", PDF + b"\x00" * (limit - len(PDF)))
    assert services.check_attachment(at_limit)[1] == "pdf"
    too_large = SimpleUploadedFile("huge.pdf", PDF + b"\x00" * (limit - len(PDF) + 1))
    with pytest.raises(ValidationError) as caught:
        services.check_attachment(too_large)
    assert caught.value.code == "too_large"
    assert "10 MB" in caught.value.messages[0]


def test_empty_file_is_refused():
    with pytest.raises(ValidationError) as caught:
        services.check_attachment(SimpleUploadedFile("empty.pdf", b""))
    assert caught.value.code == "empty"


def test_stored_under_a_generated_name_in_media_root(world, pdf_upload):
    report = world.report("kg")
    document = services.add_attachment(report, by=world.kg_fp.user, upload=pdf_upload)
    path = Path(document.file.path)
    assert path.is_file() and path.read_bytes() == PDF
    assert path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert not path.is_relative_to(Path(settings.STATIC_ROOT))
    assert "evidence" not in path.name and path.suffix == ".pdf"
    assert (document.original_name, document.content_type, document.size) == (
        "evidence.pdf",
        "application/pdf",
        len(PDF),
    )


def test_only_the_author_attaches_to_their_editable_report(world, secretariat_user, pdf_upload):
    report = world.report("kg")
    for user in (world.tj_fp.user, world.species_fp.user, secretariat_user, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            services.add_attachment(report, by=user, upload=pdf_upload)
    submitted = world.report("general", state=ReportState.SUBMITTED)
    with pytest.raises(services.AlreadySubmitted):
        services.add_attachment(submitted, by=world.kg_fp.user, upload=pdf_upload)
    assert not ReportAttachment.objects.exists()


def test_removing_an_attachment_deletes_the_file(
    world, pdf_upload, django_capture_on_commit_callbacks
):
    report = world.report("kg")
    document = services.add_attachment(report, by=world.kg_fp.user, upload=pdf_upload)
    path = Path(document.file.path)
    with pytest.raises(PermissionDenied):
        services.remove_attachment(document, by=world.tj_fp.user)
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_attachment(document, by=world.kg_fp.user)
    assert not ReportAttachment.objects.exists()
    assert not path.exists()


@pytest.fixture
def draft_document(world, pdf_upload):
    report = world.report("kg")
    return services.add_attachment(report, by=world.kg_fp.user, upload=pdf_upload)


def _get(client, user, document):
    if user is not None:
        client.force_login(user)
    return client.get(reverse("reporting:attachment", args=[document.pk]))


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("author", 200),
        ("secretariat", 200),
        ("other state", 404),
        ("species", 404),
        ("staff outside group", 404),
        ("anonymous", 404),
    ],
)
def test_draft_document_is_served_only_to_author_and_secretariat(
    client, world, draft_document, secretariat_user, staff_outside_group, who, expected
):
    users = {
        "author": world.kg_fp.user,
        "secretariat": secretariat_user,
        "other state": world.tj_fp.user,
        "species": world.species_fp.user,
        "staff outside group": staff_outside_group,
        "anonymous": None,
    }
    response = _get(client, users[who], draft_document)
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert "sandbox" in response["Content-Security-Policy"]
        assert response["Cache-Control"].startswith("private")


def test_accepted_report_documents_are_public(client, world, secretariat_user):
    report = world.report("kg", state=ReportState.RETURNED)
    upload = SimpleUploadedFile("plan.docx", docx())
    document = services.add_attachment(report, by=world.kg_fp.user, upload=upload)
    services.submit(report, by=world.kg_fp.user)
    services.accept(report, by=secretariat_user)
    response = _get(client, None, document)
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"].startswith('attachment; filename="plan.docx"')


def test_missing_file_is_a_404_not_a_crash(client, world, draft_document):
    Path(draft_document.file.path).unlink()
    assert _get(client, world.kg_fp.user, draft_document).status_code == 404
