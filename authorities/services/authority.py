"""Correcting an authority's register record and keeping its contacts. History (who, when,
what) is kept by django-simple-history."""

from django.db import transaction

from authorities.models import Authority, AuthorityContact
from peersupport.rules import require
from peersupport.services import record_create, record_update

# What an LGA administrator may correct in the register; the slug, which web addresses use,
# stays as it is.
AUTHORITY_CORRECTABLE_FIELDS = [
    "name", "short_name", "ons_code", "region", "governance", "status", "ended_on", "succeeded_by", "needs_verification",
]


@transaction.atomic
def authority_update(*, by, authority, **fields) -> Authority:
    """Correct an authority's register record (LGA administrators only). The rules of
    Authority.clean and the database constraints apply; a change is kept in its history,
    and saving without a change writes nothing."""
    require("authorities.correct_authority", by, authority)
    record_update(authority, by=by, fields=AUTHORITY_CORRECTABLE_FIELDS, data=fields)
    return authority


@transaction.atomic
def authority_contact_save(*, by, authority, role, name, email) -> AuthorityContact:
    """Record the authority's contact for a role, replacing the details of the one already
    recorded (one per role). LGA administrators and the region's principal adviser only."""
    require("authorities.manage_authority", by, authority)
    # Two people saving the same role at once: the second waits, then changes the first's record.
    Authority.objects.select_for_update().filter(pk=authority.pk).first()
    # Trimmed before validation, so that a pasted address with a trailing space is accepted.
    details = {"name": name.strip(), "email": email.strip()}
    contact = authority.contacts.filter(role=role).first()
    if contact is None:
        return record_create(AuthorityContact(authority=authority, role=role, **details), by=by)
    record_update(contact, by=by, fields=["name", "email"], data=details)
    return contact


@transaction.atomic
def authority_contact_remove(*, by, contact) -> None:
    """Remove a contact; the history keeps who they were and who removed them."""
    require("authorities.manage_authority", by, contact.authority)
    contact._history_user = by
    contact.delete()
