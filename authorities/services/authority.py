"""Correcting an authority's register record and keeping its contacts. History (who, when, what) is kept by django-simple-history."""

from django.db import transaction

from authorities.models import (
    Authority,
    AuthorityContact,
)
from authorities.services.guards import require_lga_admin, require_manager
from peersupport.services import save_with_history


@transaction.atomic
def authority_update(*, by, authority, **fields) -> Authority:
    """Correct an authority's register record (LGA administrators only). The rules of
    Authority.clean and the database constraints apply; the change is kept in its history."""
    require_lga_admin(by)
    for name, value in fields.items():
        setattr(authority, name, value)
    return save_with_history(authority, by=by)


@transaction.atomic
def authority_contact_save(*, by, authority, role, name, email) -> AuthorityContact:
    """Record the authority's contact for a role, replacing the details of the one already
    recorded (one per role). LGA administrators and the region's principal adviser only."""
    require_manager(by, authority)
    # Two people saving the same role at once: the second waits, then changes the first's record.
    Authority.objects.select_for_update().filter(pk=authority.pk).first()
    contact = authority.contacts.filter(role=role).first() or AuthorityContact(authority=authority, role=role)
    # Trimmed before validation, so that a pasted address with a trailing space is accepted.
    contact.name, contact.email = name.strip(), email.strip()
    return save_with_history(contact, by=by)


@transaction.atomic
def authority_contact_remove(*, by, contact) -> None:
    """Remove a contact; the history keeps who they were and who removed them."""
    require_manager(by, contact.authority)
    contact._history_user = by
    contact.delete()
