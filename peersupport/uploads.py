"""Documents people upload, checked by what they contain and not only by their name: a PDF,
a Word document (.docx, or the older .doc) or an OpenDocument text (.odt)."""

import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
WRONG_KIND = "The selected file must be a PDF, Word or OpenDocument text document"
TOO_BIG = "The selected file must be smaller than 20MB"
EMPTY = "The selected file is empty"

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .doc files
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class DocumentKind:
    extension: str
    content_type: str
    label: str


PDF = DocumentKind("pdf", "application/pdf", "PDF")
DOCX = DocumentKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word")
DOC = DocumentKind("doc", "application/msword", "Word")
ODT = DocumentKind("odt", "application/vnd.oasis.opendocument.text", "OpenDocument text")
KINDS_BY_EXTENSION = {kind.extension: kind for kind in (PDF, DOCX, DOC, ODT)}


def document_kind(upload) -> DocumentKind:
    """The kind of document the upload is, read from its content, which must agree with its
    name's extension; a ValidationError in GOV.UK wording for anything else."""
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(TOO_BIG, code="too_big")
    if upload.size == 0:
        raise ValidationError(EMPTY, code="empty")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    kind = _kind_from_content(upload, head)
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if kind is None or KINDS_BY_EXTENSION.get(extension) != kind:
        raise ValidationError(WRONG_KIND, code="wrong_kind")
    return kind


def _kind_from_content(upload, head):
    if head.startswith(b"%PDF-"):
        return PDF
    if head == OLE2_SIGNATURE:
        return DOC
    if head.startswith(b"PK\x03\x04"):
        try:
            # Read from the upload in place, and only the few bytes of the `mimetype` entry
            # decompressed: a small archive can unpack to gigabytes.
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
                if "[Content_Types].xml" in names and "word/document.xml" in names:
                    return DOCX
                if "mimetype" in names and archive.getinfo("mimetype").file_size <= len(ODT_MIMETYPE) + 2:
                    if archive.read("mimetype").strip() == ODT_MIMETYPE:
                        return ODT
        except (zipfile.BadZipFile, KeyError, ValueError):
            return None
        finally:
            upload.seek(0)
    return None
