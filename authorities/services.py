"""Writes to the authorities register and the peer pool. Each service validates the model
and owns its transaction; history (who, when, what) is kept by django-simple-history."""

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction

from . import peer_csv
from .choices import InspectionQuestion
from .models import Authority, AuthorityContact, Inspection, InspectionResult, Peer, PeerTag, TrainingRecord, Unavailability
from .selectors import authorities_managed_by


def _require_lga_staff(user):
    if not (user.is_authenticated and user.is_lga_staff):
        raise PermissionDenied("Only LGA staff can change this.")


def _require_self_or_lga_staff(user, peer):
    if not (user.is_authenticated and (user.is_lga_staff or (user.is_peer and peer.user_id == user.pk))):
        raise PermissionDenied("You can change only your own record.")


def _require_lga_admin(user):
    if not (user.is_authenticated and user.is_lga_admin):
        raise PermissionDenied("Only LGA administrators can correct the register.")


def _require_manager(user, authority):
    if not authorities_managed_by(user=user).filter(pk=authority.pk).exists():
        raise PermissionDenied("Only LGA administrators and the region's principal adviser can change this.")


def _save_with_history(record, *, by):
    """Validate and save, naming `by` in the history record also outside a request
    (HistoryRequestMiddleware names the user only within one)."""
    record.full_clean()
    record._history_user = by
    record.save()
    return record


@transaction.atomic
def authority_update(*, by, authority, **fields) -> Authority:
    """Correct an authority's register record (LGA administrators only). The rules of
    Authority.clean and the database constraints apply; the change is kept in its history."""
    _require_lga_admin(by)
    for name, value in fields.items():
        setattr(authority, name, value)
    return _save_with_history(authority, by=by)


@transaction.atomic
def authority_contact_save(*, by, authority, role, name, email) -> AuthorityContact:
    """Record the authority's contact for a role, replacing the details of the one already
    recorded (one per role). LGA administrators and the region's principal adviser only."""
    _require_manager(by, authority)
    # Two people saving the same role at once: the second waits, then changes the first's record.
    Authority.objects.select_for_update().filter(pk=authority.pk).first()
    contact = authority.contacts.filter(role=role).first() or AuthorityContact(authority=authority, role=role)
    # Trimmed before validation, so that a pasted address with a trailing space is accepted.
    contact.name, contact.email = name.strip(), email.strip()
    return _save_with_history(contact, by=by)


@transaction.atomic
def authority_contact_remove(*, by, contact) -> None:
    """Remove a contact; the history keeps who they were and who removed them."""
    _require_manager(by, contact.authority)
    contact._history_user = by
    contact.delete()


@transaction.atomic
def inspection_save(*, by, authority, inspection=None, grades, **fields) -> Inspection:
    """Record an HMICFRS inspection of the authority, or correct one, with its grades:
    `grades` maps questions to grades, and a question left out or blank is not graded.

    LGA administrators and the region's principal adviser only. Refuses a grade that is not
    on the inspection's grade scale (errors keyed by question) and the date rules of
    Inspection.clean. The inspection and its grades are saved together or not at all, each
    change kept in the history under `by`."""
    _require_manager(by, authority)
    inspection = inspection or Inspection(authority=authority, recorded_by=by)
    if inspection.authority_id != authority.pk:
        raise PermissionDenied("The inspection is of another authority.")
    for name, value in fields.items():
        setattr(inspection, name, value)
    grades = {question: grade for question, grade in grades.items() if grade}
    errors = {}
    try:
        inspection.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for question, grade in grades.items():
        try:
            InspectionResult(inspection=inspection, question=question, grade=grade).full_clean(exclude=["inspection"])
        except ValidationError as error:
            errors.setdefault(question, []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    _save_with_history(inspection, by=by)
    results = {result.question: result for result in InspectionResult.objects.filter(inspection=inspection)}
    for question in InspectionQuestion.values:
        result, grade = results.get(question), grades.get(question)
        if result and not grade:
            result._history_user = by
            result.delete()
        elif grade and (result is None or result.grade != grade):
            result = result or InspectionResult(inspection=inspection, question=question)
            result.grade = grade
            _save_with_history(result, by=by)
    return inspection


def tags_from_names(names) -> list[PeerTag]:
    """The tags with these names, created when new; names are trimmed and case-folded to
    one spelling so that "Fleet" and "fleet " are one tag."""
    return list(_tags_by_name(names).values())


def _tags_by_name(names) -> dict[str, PeerTag]:
    # A fixed number of queries however many names: a whole import file's tags at once.
    names = {n.strip().lower() for n in names if n and n.strip()}
    if not names:
        return {}
    if any(len(name) > peer_csv.MAX_TAG_LENGTH for name in names):
        raise ValidationError({"tags": "Each skill must be 50 characters or fewer"})
    tags = {tag.name: tag for tag in PeerTag.objects.filter(name__in=names)}
    missing = [PeerTag(name=name) for name in names - tags.keys()]
    if missing:
        PeerTag.objects.bulk_create(missing, ignore_conflicts=True)
        tags = {tag.name: tag for tag in PeerTag.objects.filter(name__in=names)}
    return tags


@transaction.atomic
def peer_save(*, by, peer=None, specialisms=(), tags=(), **fields) -> Peer:
    """Create a peer, or change any part of one (LGA staff only)."""
    _require_lga_staff(by)
    peer = peer or Peer()
    for name, value in fields.items():
        setattr(peer, name, value)
    _save_with_history(peer, by=by)
    peer.specialisms.set(specialisms)
    peer.tags.set(tags_from_names(tags))
    return peer


@transaction.atomic
def peer_update_contact(*, by, peer, email, phone) -> Peer:
    """A peer (or LGA staff) changes the peer's contact details."""
    _require_self_or_lga_staff(by, peer)
    peer.email = email
    peer.phone = phone
    peer.full_clean()
    peer._history_user = by
    peer.save(update_fields=["email", "phone"])
    return peer


@transaction.atomic
def peer_update_specialisms(*, by, peer, specialisms, tags) -> Peer:
    """A peer (or LGA staff) changes the peer's specialisms and free tags."""
    _require_self_or_lga_staff(by, peer)
    # Named before the specialisms change, whose history row is written as it happens.
    peer._history_user = by
    peer.specialisms.set(specialisms)
    peer.tags.set(tags_from_names(tags))
    # A history row for the change, so the pool's record says who changed specialisms when.
    peer.save()
    return peer


@transaction.atomic
def unavailability_add(*, by, peer, start_date, end_date, reason="") -> Unavailability:
    """Record a period when the peer cannot take part in challenges."""
    _require_self_or_lga_staff(by, peer)
    period = Unavailability(peer=peer, start_date=start_date, end_date=end_date, reason=reason.strip())
    period.full_clean()
    period.save()
    return period


@transaction.atomic
def unavailability_remove(*, by, period) -> None:
    _require_self_or_lga_staff(by, period.peer)
    period.delete()


@transaction.atomic
def training_record_add(*, by, peer, course, completed_on, expires_on=None) -> TrainingRecord:
    """Record a course the peer has completed (LGA staff only; the peer sees it read-only)."""
    _require_lga_staff(by)
    return _training_record_save(TrainingRecord(peer=peer), course=course, completed_on=completed_on, expires_on=expires_on)


@transaction.atomic
def training_record_update(*, by, record, course, completed_on, expires_on=None) -> TrainingRecord:
    """Correct a training record (LGA staff only)."""
    _require_lga_staff(by)
    return _training_record_save(record, course=course, completed_on=completed_on, expires_on=expires_on)


def _training_record_save(record, *, course, completed_on, expires_on):
    record.course, record.completed_on, record.expires_on = course.strip(), completed_on, expires_on
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def training_record_remove(*, by, record) -> None:
    """Remove a training record entered in error (LGA staff only)."""
    _require_lga_staff(by)
    record.delete()


def peers_import_preview(*, by, file) -> peer_csv.CheckedImport:
    """Read a CSV of peers and check every row against the pool as it is now, saving
    nothing (LGA staff only). A row whose email address is already in the pool updates
    that peer; any other row adds one.

    Raises ValidationError when the file as a whole cannot be read; each row carries its
    own errors. See docs/peer-import.md for the format."""
    _require_lga_staff(by)
    try:
        return peer_csv.check_file(file)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from None


def peers_import_commit(*, by, file, sha256) -> peer_csv.CheckedImport:
    """Save every row of a CSV of peers, or none (LGA staff only).

    The file is checked again against the pool as it is now, and must be the one the user
    previewed (`sha256` of its text). New peers are added; a peer whose email address is
    in the file has every column replaced by the file's, specialisms and tags included;
    unchanged peers and peers not in the file are left alone. Any error leaves the pool as
    it was and raises ValidationError."""
    _require_lga_staff(by)
    checked = peer_csv.check_file(file)
    if checked.sha256 != sha256:
        raise ValidationError("The file has changed since you checked it: check the peers again", code="changed")
    if not checked.is_valid:
        count = len({error.row for error in checked.errors})
        raise ValidationError(
            f"Nothing has been imported: {count} row{'s' if count != 1 else ''} now {'have' if count != 1 else 'has'} "
            "errors. Correct the file and upload it again",
            code="invalid",
        )
    try:
        with transaction.atomic():
            _peers_import_save(checked.new_rows + checked.changed_rows, by=by)
    except (DatabaseError, ValidationError) as error:
        raise ValidationError(
            "Nothing has been imported: the pool changed while the file was being saved. Check the peers again",
            code="conflict",
        ) from error
    return checked


IMPORT_BATCH_SIZE = 500


def _peers_import_save(rows, *, by):
    # In bulk, so that a file of thousands of rows costs a few queries per 500 rows rather
    # than some twenty a row: peers, then their specialisms and tags, then the history a
    # save would have written (who, when, and the specialisms held).
    peers = []
    for row in rows:
        peer = row.existing or Peer()
        for name, value in row.values.items():
            setattr(peer, name, value)
        # The check has found the home authority and the addresses already in the pool;
        # the database holds the unique and check constraints, and a failure undoes every row.
        peer.full_clean(exclude=["home_authority"], validate_unique=False, validate_constraints=False)
        peers.append(peer)
    new = [peer for row, peer in zip(rows, peers) if not row.is_update]
    changed = [peer for row, peer in zip(rows, peers) if row.is_update]
    Peer.objects.bulk_create(new, batch_size=IMPORT_BATCH_SIZE)
    if changed:
        Peer.objects.bulk_update(changed, fields=peer_csv.PEER_FIELDS, batch_size=IMPORT_BATCH_SIZE)

    specialism_links, tag_links = Peer.specialisms.through, Peer.tags.through
    for start in range(0, len(changed), IMPORT_BATCH_SIZE):
        ids = [peer.pk for peer in changed[start : start + IMPORT_BATCH_SIZE]]
        specialism_links.objects.filter(peer_id__in=ids).delete()
        tag_links.objects.filter(peer_id__in=ids).delete()
    links = specialism_links.objects.bulk_create(
        [specialism_links(peer_id=peer.pk, specialism_id=s.pk) for row, peer in zip(rows, peers) for s in row.specialisms],
        batch_size=IMPORT_BATCH_SIZE,
    )
    tags = _tags_by_name(name for row in rows for name in row.tags)
    tag_links.objects.bulk_create(
        [tag_links(peer_id=peer.pk, peertag_id=tags[name].pk) for row, peer in zip(rows, peers) for name in row.tags],
        batch_size=IMPORT_BATCH_SIZE,
    )

    history = Peer.history.bulk_history_create(new, default_user=by, batch_size=IMPORT_BATCH_SIZE) or []
    history += Peer.history.bulk_history_create(changed, update=True, default_user=by, batch_size=IMPORT_BATCH_SIZE) or []
    history_of = {record.id: record for record in history}
    held = apps.get_model("authorities", "HistoricalPeer_specialisms")
    held.objects.bulk_create(
        [held(id=link.pk, peer_id=link.peer_id, specialism_id=link.specialism_id, history=history_of[link.peer_id]) for link in links],
        batch_size=IMPORT_BATCH_SIZE,
    )
