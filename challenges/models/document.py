"""Documents of a challenge: the authority's self-assessment or position statement."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from challenges.choices import DocumentKind
from challenges.models.challenge import Challenge
from peersupport.models import ChoiceLabelsMixin
from peersupport.uploads import MAX_DOCUMENT_BYTES
from peersupport.validators import LineField


def document_path(document, filename):
    """Stored under a random name, away from the public files: the download view, which checks
    who asks, is the only way to it."""
    return f"challenge-documents/{document.challenge_id}/{uuid.uuid4().hex}.{document.extension}"


class ChallengeDocument(ChoiceLabelsMixin, models.Model):
    """A document the authority gives the peer team before the visit."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    file = models.FileField(upload_to=document_path, max_length=200)
    original_name = LineField("file name", max_length=255)
    extension = models.CharField(max_length=5)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(name="document_size_at_most_20mb", condition=Q(size__gt=0, size__lte=MAX_DOCUMENT_BYTES)),
            models.CheckConstraint(name="document_extension_known", condition=Q(extension__in=["pdf", "docx", "doc", "odt"])),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"
