import factory
from django.utils import timezone

from authorities.tests.factories import LgaAdminFactory
from challenges.tests.factories import ChallengeFactory
from reports.choices import ReportStatus
from reports.models import FeedbackReport

# Not a real PDF: what the download views serve is whatever bytes were stored.
FAKE_PDF = b"%PDF-1.7\n% a stored feedback report\n%%EOF\n"


class FeedbackReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedbackReport

    challenge = factory.SubFactory(ChallengeFactory)
    version = factory.Sequence(lambda n: n + 1)
    status = ReportStatus.QUEUED
    requested_by = factory.SubFactory(LgaAdminFactory)

    class Params:
        # Rendered and stored, waiting to be published.
        ready = factory.Trait(
            status=ReportStatus.READY,
            file=factory.django.FileField(data=FAKE_PDF, filename="report.pdf"),
            rendered_at=factory.LazyFunction(timezone.now),
        )
        # Public: rendered, stored and published.
        published = factory.Trait(
            status=ReportStatus.PUBLISHED,
            file=factory.django.FileField(data=FAKE_PDF, filename="report.pdf"),
            rendered_at=factory.LazyFunction(timezone.now),
            published_at=factory.LazyFunction(timezone.now),
            published_by=factory.SubFactory(LgaAdminFactory),
        )
        failed = factory.Trait(
            status=ReportStatus.FAILED,
            attempts=1,
            error_message="The report could not be prepared (RuntimeError). Try again, "
            "or contact the service team if it fails again.",
        )
