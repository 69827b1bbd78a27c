"""What is inside an uploaded document, as an attacker would shape it: archives that unpack
to far more than they weigh, macros under an innocent name, a file that is two types at once.
Each is judged without inflating more than a megabyte, and a document is downloaded under the
name of the type its content was found to be."""

import io
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reporting import services
from reporting.services import attachments

from .conftest import PDF
from .test_attachments import DOCX_TYPE, content_types, docx, ole, xlsx, zipped

pytestmark = pytest.mark.django_db

DOCX_MAIN = DOCX_TYPE.replace(".document", ".document.main+xml")
MiB = 1024 * 1024


def deflated(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


def bomb(unpacked=48 * MiB):
    """A .docx of a few dozen kilobytes whose manifest inflates to `unpacked` bytes."""
    manifest = content_types(DOCX_MAIN).encode() + b" " * unpacked
    return deflated([("[Content_Types].xml", manifest), ("word/document.xml", "<w:document/>")])


def lying_about_its_size(unpacked=32 * MiB, declared=1000):
    """A .docx whose directory says the manifest is `declared` bytes; it inflates to more."""
    data = bytearray(bomb(unpacked))
    size = (len(content_types(DOCX_MAIN)) + unpacked).to_bytes(4, "little")
    for at in (22, data.index(b"PK\x01\x02") + 24):  # local header, then central directory
        assert data[at : at + 4] == size
        data[at : at + 4] = declared.to_bytes(4, "little")
    return bytes(data)


def check(name, content):
    """What the check says of `content`, and the most memory it took (bytes)."""
    upload = SimpleUploadedFile(name, content)
    tracemalloc.start()
    try:
        return services.check_attachment(upload), tracemalloc.get_traced_memory()[1]
    except ValidationError as refusal:
        return refusal, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_decompression_bomb_is_refused_before_it_is_inflated():
    content = bomb()
    assert len(content) < 200 * 1024
    refusal, peak = check("plan.docx", content)
    assert isinstance(refusal, ValidationError) and refusal.code == "unsafe_archive"
    assert "plan.docx" in refusal.messages[0]
    assert peak < 4 * MiB


def test_a_manifest_that_lies_about_its_size_is_not_inflated_past_the_cap():
    refusal, peak = check("plan.docx", lying_about_its_size())
    assert isinstance(refusal, ValidationError)
    assert peak < 4 * MiB


def test_a_manifest_beyond_the_cap_is_refused_unread(monkeypatch):
    monkeypatch.setattr(attachments, "MAX_MANIFEST_BYTES", 4096)
    refusal, _peak = check("plan.docx", bomb(unpacked=8192))
    assert isinstance(refusal, ValidationError) and refusal.code == "unsafe_archive"


def test_an_archive_of_too_many_members_is_refused():
    members = [(f"word/media/{n}.xml", "") for n in range(attachments.MAX_ARCHIVE_MEMBERS)]
    content = zipped([("[Content_Types].xml", content_types(DOCX_MAIN)), *members])
    refusal, _peak = check("plan.docx", content)
    assert isinstance(refusal, ValidationError) and refusal.code == "unsafe_archive"


def test_an_archive_that_unpacks_to_too_much_in_all_is_refused(monkeypatch):
    monkeypatch.setattr(attachments, "MAX_UNPACKED_BYTES", 2 * MiB)
    noise = bytes(range(256)) * 4096  # 1 MiB that does not compress well
    content = zipped(
        [
            ("[Content_Types].xml", content_types(DOCX_MAIN)),
            ("word/document.xml", "<w:document/>"),
            ("word/media/one.bin", noise),
            ("word/media/two.bin", noise),
        ]
    )
    refusal, _peak = check("plan.docx", content)
    assert isinstance(refusal, ValidationError) and refusal.code == "unsafe_archive"
    # The same document under the limit is a document.
    monkeypatch.setattr(attachments, "MAX_UNPACKED_BYTES", 3 * MiB)
    assert check("plan.docx", content)[0] == (DOCX_TYPE, "docx")


def with_part(document: bytes, name: str, content=b"\x00macro") -> bytes:
    source = zipfile.ZipFile(io.BytesIO(document))
    return zipped([*((n, source.read(n)) for n in source.namelist()), (name, content)])


ODT = zipped([("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<o/>")])
MACROS = [
    ("plan.docx", with_part(docx(), "word/vbaProject.bin")),
    ("plan.docm", with_part(docx(), "word/vbaProject.bin")),
    ("PLAN.DOCX", with_part(docx(), "Word/VBAPROJECT.BIN")),
    ("data.xlsx", with_part(xlsx(), "xl/vbaProject.bin")),
    ("data.xlsx", with_part(xlsx(), "xl/macrosheets/sheet1.xml", b"<xm:macrosheet/>")),
    ("form.docx", with_part(docx(), "word/activeX/activeX1.bin")),
    ("note.odt", with_part(ODT, "Basic/Standard/Module1.xml", b"<script:module/>")),
    ("note.odt", with_part(ODT, "Scripts/python/run.py", b"import os")),
    (
        "plan.docx",
        zipped(
            [
                (
                    "[Content_Types].xml",
                    content_types(DOCX_MAIN).replace(
                        "</Types>",
                        '<Default Extension="bin" '
                        'ContentType="application/vnd.ms-office.vbaProject"/></Types>',
                    ),
                ),
                ("word/document.xml", "<w:document/>"),
                ("word/code.bin", b"\x00"),
            ]
        ),
    ),
    ("old.doc", ole(b"\xec\xa5\xc1\x00" + "_VBA_PROJECT".encode("utf-16-le"))),
]


@pytest.mark.parametrize(("name", "content"), MACROS)
def test_macros_are_refused_whatever_the_name(name, content):
    refusal, _peak = check(name, content)
    assert isinstance(refusal, ValidationError), refusal
    assert refusal.code == "forbidden_type"
    assert "macros" in refusal.messages[0] and name in refusal.messages[0]


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("poly-named.html", "application/pdf", "poly-named.pdf"),
        ("plan.docm", DOCX_TYPE, "plan.docx"),
        ("report.PDF", "application/pdf", "report.pdf"),
        ("report.pdf.exe", "application/pdf", "report.pdf"),
        ("no-extension", "image/png", "no-extension.png"),
        ("..\\..\\evil\x00name\r\n.svg", "image/png", "evilname.png"),
        ("", "application/pdf", "document.pdf"),
        ("...", "application/pdf", "document.pdf"),
        ("Отчёт 2024.odt", "application/vnd.oasis.opendocument.text", "Отчёт 2024.odt"),
    ],
)
def test_the_name_of_a_document_follows_its_detected_type(name, content_type, expected):
    assert services.document_name(name, content_type) == expected


POLYGLOT = PDF + b"<html><body><script>alert(document.domain)</script></body></html>\n"


def test_a_pdf_html_polyglot_is_downloaded_as_a_pdf(client, world):
    upload = SimpleUploadedFile("poly-named.html", POLYGLOT, content_type="text/html")
    document = services.add_attachment(world.report("kg"), by=world.kg_fp.user, upload=upload)
    assert document.original_name == "poly-named.pdf"
    client.force_login(world.kg_fp.user)
    response = client.get(reverse("reporting:attachment", args=[document.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="poly-named.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    # A document stored before names followed the type is downloaded under the right one too.
    type(document).objects.filter(pk=document.pk).update(original_name="poly-named.html")
    response = client.get(reverse("reporting:attachment", args=[document.pk]))
    assert response["Content-Disposition"] == 'inline; filename="poly-named.pdf"'


def test_a_docx_named_docm_without_macros_is_kept_as_a_docx(client, world):
    upload = SimpleUploadedFile("plan.docm", docx())
    document = services.add_attachment(world.report("kg"), by=world.kg_fp.user, upload=upload)
    assert (document.original_name, document.content_type) == ("plan.docx", DOCX_TYPE)
    assert document.file.name.endswith(".docx")
    client.force_login(world.kg_fp.user)
    response = client.get(reverse("reporting:attachment", args=[document.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="plan.docx"'


def test_a_document_is_not_sent_again_to_a_client_that_has_it(client, world):
    upload = SimpleUploadedFile("plan.pdf", PDF)
    document = services.add_attachment(world.report("kg"), by=world.kg_fp.user, upload=upload)
    client.force_login(world.kg_fp.user)
    url = reverse("reporting:attachment", args=[document.pk])
    etag = client.get(url)["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag
