"""The authority's documents for the peer team."""

from django.core.exceptions import ValidationError
from django.db import transaction

from challenges.choices import SCOPABLE_STATUSES
from challenges.models import ChallengeDocument
from peersupport.rules import require
from peersupport.uploads import document_kind


@transaction.atomic
def challenge_document_add(*, by, challenge, kind, upload) -> ChallengeDocument:
    """Keep the authority's self-assessment or position statement: a PDF, Word or OpenDocument
    text file of at most 20 MB, checked by its content (ValidationError otherwise), stored
    privately and served only to those who can see the challenge."""
    require("challenges.add_document", by, challenge)
    if challenge.status not in SCOPABLE_STATUSES:
        raise ValidationError(f"The challenge is ‘{challenge.get_status_display()}’: its documents can no longer be added to")
    found = document_kind(upload)
    document = ChallengeDocument(
        challenge=challenge, kind=kind, original_name=upload.name[-255:], extension=found.extension,
        content_type=found.content_type, size=upload.size, uploaded_by=by,
    )
    document.file.save(upload.name, upload, save=False)
    try:
        document.full_clean()
        document.save()
    except Exception:
        # The file is on disk before the row; a row refused leaves no file behind.
        document.file.delete(save=False)
        raise
    return document
