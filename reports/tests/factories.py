import factory

from authorities.tests.factories import LgaAdminFactory
from challenges.tests.factories import ChallengeFactory
from reports.choices import ReportStatus
from reports.models import FeedbackReport


class FeedbackReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedbackReport

    challenge = factory.SubFactory(ChallengeFactory)
    version = factory.Sequence(lambda n: n + 1)
    status = ReportStatus.QUEUED
    requested_by = factory.SubFactory(LgaAdminFactory)
