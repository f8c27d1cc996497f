"""Reading a report version's stored files only as they were when rendered: every read hashes
the bytes and compares them with the checksum recorded beside them, and refuses any that no
longer match (a file changed or replaced in storage) or are gone, so that no one is ever
given other words than those published."""

import hashlib
import logging
import tempfile
from dataclasses import dataclass

logger = logging.getLogger(__name__)

CHUNK_SIZE = 64 * 1024
# Up to this many bytes of a file being checked stay in memory; more go to a temporary file.
SPOOL_IN_MEMORY = 1024 * 1024


class StoredFileRefused(Exception):
    """A stored file that cannot be given out: `status` is the HTTP status to answer with."""

    status = 409

    def __init__(self, report, which: str):
        self.report, self.which = report, which
        super().__init__(f"The {which} of report {report.pk} ({report}) {self.problem}")


class StoredFileChanged(StoredFileRefused):
    status = 409
    problem = "no longer matches its recorded SHA-256"
    in_words = "no longer matches the version that was published"


class StoredFileMissing(StoredFileRefused):
    status = 410
    problem = "is missing from storage"
    in_words = "can no longer be found"


@dataclass(frozen=True)
class StoredFile:
    """The fields of a report that hold one of its files and the checksum recorded for it."""

    which: str
    field: str
    checksum: str


PDF = StoredFile("PDF", "file", "sha256")
HTML = StoredFile("HTML version", "html_file", "html_sha256")


def report_file_verified(*, report, stored: StoredFile = PDF):
    """The stored file, checked against its checksum, as an open temporary file positioned
    at its start: what is served is what was hashed, never a second read of storage.

    Raises StoredFileChanged or StoredFileMissing (and logs an error for the service team)
    instead of returning other bytes."""
    field = getattr(report, stored.field)
    copy = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)
    digest = hashlib.sha256()
    try:
        if not field.name:
            raise FileNotFoundError(stored.field)
        with field.storage.open(field.name, "rb") as handle:
            while chunk := handle.read(CHUNK_SIZE):
                digest.update(chunk)
                copy.write(chunk)
    except OSError:  # FileNotFoundError among others
        copy.close()
        _refuse(StoredFileMissing(report, stored.which))
    if digest.hexdigest() != getattr(report, stored.checksum):
        copy.close()
        _refuse(StoredFileChanged(report, stored.which))
    copy.seek(0)
    return copy


def report_html_verified(*, report) -> str:
    """The report's HTML version as text, checked against its checksum (see report_file_verified)."""
    with report_file_verified(report=report, stored=HTML) as handle:
        return handle.read().decode("utf-8")


def _refuse(error: StoredFileRefused):
    logger.error("Refused to serve a stored report file: %s", error)
    raise error
