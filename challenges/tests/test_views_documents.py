"""The authority's self-assessment or position statement: checked by its content, kept
privately, given only to those who can see the challenge."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from challenges.models import ChallengeDocument
from peersupport.tests.html import error_summary, notifications, page
from peersupport.uploads import MAX_DOCUMENT_BYTES

pytestmark = pytest.mark.integration

PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _zip(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX_BYTES = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
ODT_BYTES = _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office:document/>"})
DOC_BYTES = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512


def _upload(client, challenge, name, content, kind="self_assessment"):
    return client.post(f"/challenges/{challenge.pk}/documents/add/", {"kind": kind, "upload": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize(("name", "content", "content_type"), [
    ("Self assessment.pdf", PDF_BYTES, "application/pdf"),
    ("Statement.docx", DOCX_BYTES, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("Statement.ODT", ODT_BYTES, "application/vnd.oasis.opendocument.text"),
    ("Old.doc", DOC_BYTES, "application/msword"),
])
def test_document_upload_by_the_authority_kept_privately(client, sign_in, challenge, media_root, name, content, content_type):
    contact = sign_in("fra_contact")

    response = _upload(client, challenge, name, content)

    document = ChallengeDocument.objects.get()
    assert response.url == f"/challenges/{challenge.pk}/"
    assert (document.original_name, document.content_type, document.size, document.uploaded_by) == (name, content_type, len(content), contact)
    assert document.file.name.startswith(f"challenge-documents/{challenge.pk}/")
    assert name not in document.file.name
    assert notifications(client.get(response.url)) == ["Self-assessment uploaded"]


@pytest.mark.parametrize(("name", "content"), [
    ("report.pdf", b"MZ\x90\x00 this is a program"),
    ("report.pdf", DOCX_BYTES),
    ("notes.txt", PDF_BYTES),
    ("statement.docx", _zip({"word/document.xml": "<x/>"})),
    ("statement.docx", b"PK\x03\x04 not really a zip"),
    ("statement.odt", _zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"})),
    ("no-extension", PDF_BYTES),
    ("page.html", b"<script>alert(1)</script>"),
])
def test_document_upload_that_is_not_what_it_says_refused(client, sign_in, challenge, media_root, name, content):
    sign_in("fra_contact")

    response = _upload(client, challenge, name, content)

    assert error_summary(response) == ["The selected file must be a PDF, Word or OpenDocument text document"]
    assert ChallengeDocument.objects.count() == 0
    assert not (media_root / "challenge-documents").exists() or list((media_root / "challenge-documents").rglob("*.*")) == []


def test_document_upload_over_20mb_refused(client, sign_in, challenge, media_root):
    sign_in("adviser")

    response = _upload(client, challenge, "big.pdf", PDF_BYTES + b"0" * MAX_DOCUMENT_BYTES)

    assert error_summary(response) == ["The selected file must be smaller than 20MB"]
    assert ChallengeDocument.objects.count() == 0


def test_document_upload_blank_shows_the_error_summary(client, sign_in, challenge):
    sign_in("fra_contact")

    response = client.post(f"/challenges/{challenge.pk}/documents/add/", {})

    assert error_summary(response) == ["Choose what the document is", "Select a file"]


@pytest.mark.parametrize(("role", "status"), [
    ("fra_contact", 200), ("adviser", 200), ("lga_admin", 200), ("lead_peer", 404), ("other_adviser", 404), ("other_fra_contact", 404),
])
def test_document_upload_page_by_role(client, sign_in, challenge, media_root, role, status):
    sign_in(role)

    assert client.get(f"/challenges/{challenge.pk}/documents/add/").status_code == status
    _upload(client, challenge, "s.pdf", PDF_BYTES)
    assert ChallengeDocument.objects.count() == (1 if status == 200 else 0)


@pytest.mark.parametrize(("role", "status"), [
    ("fra_contact", 200), ("adviser", 200), ("lead_peer", 200), ("team_peer", 200), ("other_peer_user", 404),
    ("other_adviser", 404), ("other_fra_contact", 404),
])
def test_document_download_only_for_those_who_see_the_challenge(client, sign_in, challenge, team_peer, media_root, role, status):
    sign_in("fra_contact")
    _upload(client, challenge, "Self assessment.pdf", PDF_BYTES)
    document = ChallengeDocument.objects.get()
    sign_in(role)

    response = client.get(f"/challenges/{challenge.pk}/documents/{document.pk}/")

    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert (response["Content-Type"], response["Content-Disposition"], response["X-Content-Type-Options"]) == (
            "application/pdf", 'attachment; filename="Self assessment.pdf"', "nosniff",
        )


def test_document_download_signed_out_sent_to_sign_in(client, challenge):
    path = f"/challenges/{challenge.pk}/documents/1/"

    assert client.get(path).url == f"/sign-in/?next={path}"


def test_document_listed_on_the_challenge_page(client, sign_in, challenge, media_root):
    sign_in("fra_contact")
    _upload(client, challenge, "Self assessment.pdf", PDF_BYTES)
    document = ChallengeDocument.objects.get()

    response = client.get(f"/challenges/{challenge.pk}/")

    assert f'href="/challenges/{challenge.pk}/documents/{document.pk}/" download>Self assessment.pdf</a>' in page(response)


def test_document_upload_of_a_zip_bomb_refused_without_unpacking_it(client, sign_in, challenge, media_root):
    """A small archive whose `mimetype` entry unpacks to 50 MB: refused from its stated size."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", b"a" * 50_000_000)
    sign_in("fra_contact")

    response = _upload(client, challenge, "bomb.odt", buffer.getvalue())

    assert len(buffer.getvalue()) < 100_000
    assert error_summary(response) == ["The selected file must be a PDF, Word or OpenDocument text document"]


@pytest.mark.parametrize("status", ["published", "closed", "cancelled"])
def test_document_upload_once_the_report_is_out_or_cancelled_refused(client, sign_in, challenge, media_root, status):
    challenge.__class__.objects.filter(pk=challenge.pk).update(status=status, status_reason="Stopped")
    sign_in("fra_contact")

    response = _upload(client, challenge, "s.pdf", PDF_BYTES)

    label = {"published": "Report published", "closed": "Closed", "cancelled": "Cancelled"}[status]
    assert error_summary(response) == [f"The challenge is ‘{label}’: its documents can no longer be added to"]
    assert ChallengeDocument.objects.count() == 0
    assert "Upload a document" not in page(client.get(f"/challenges/{challenge.pk}/"))
