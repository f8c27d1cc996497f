import hashlib

import factory
from django.utils import timezone

from authorities.tests.factories import LgaAdminFactory
from challenges.tests.factories import ChallengeFactory
from reports.choices import ReportStatus
from reports.models import FeedbackReport

# Not a real PDF: what the download views serve is whatever bytes were stored.
FAKE_PDF = b"%PDF-1.7\n% a stored feedback report\n%%EOF\n"
FAKE_PDF_SHA256 = hashlib.sha256(FAKE_PDF).hexdigest()
FAKE_HTML = b"<h2 class=\"govuk-heading-l\">Executive summary</h2>\n<p class=\"govuk-body\">A stored HTML version.</p>\n"
FAKE_HTML_SHA256 = hashlib.sha256(FAKE_HTML).hexdigest()

# What every rendered version has: its two files and their checksums.
RENDERED = {
    "file": factory.django.FileField(data=FAKE_PDF, filename="report.pdf"),
    "sha256": FAKE_PDF_SHA256,
    "file_size": len(FAKE_PDF),
    "page_count": 1,
    "html_file": factory.django.FileField(data=FAKE_HTML, filename="report.html"),
    "html_sha256": FAKE_HTML_SHA256,
    "template_version": "test",
    "finished_at": factory.LazyFunction(timezone.now),
}


class FeedbackReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedbackReport

    challenge = factory.SubFactory(ChallengeFactory)
    version = factory.Sequence(lambda n: n + 1)
    status = ReportStatus.QUEUED
    queued_at = factory.LazyFunction(timezone.now)
    requested_by = factory.SubFactory(LgaAdminFactory)

    class Params:
        # Rendered and stored, waiting to be published.
        ready = factory.Trait(
            status=ReportStatus.READY,
            **RENDERED,
        )
        # Public: rendered, stored and published.
        published = factory.Trait(
            status=ReportStatus.PUBLISHED,
            **RENDERED,
            published_at=factory.LazyFunction(timezone.now),
            published_by=factory.SubFactory(LgaAdminFactory),
        )
        failed = factory.Trait(
            status=ReportStatus.FAILED,
            attempts=1,
            error_message="The report could not be prepared (RuntimeError). Try again, "
            "or contact the service team if it fails again.",
        )


class CommitteePaperFactory(factory.django.DjangoModelFactory):
    """A committee paper of the financial year 2026 to 2027, in England, queued."""

    class Meta:
        model = "reports.CommitteePaper"

    year = 2026
    status = ReportStatus.QUEUED
    queued_at = factory.LazyFunction(timezone.now)
    requested_by = factory.SubFactory(LgaAdminFactory)

    class Params:
        ready = factory.Trait(status=ReportStatus.READY, **RENDERED)
        failed = factory.Trait(
            status=ReportStatus.FAILED, attempts=1, error_message="ValueError: Unknown template tag 'qr'",
        )
