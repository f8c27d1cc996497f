"""Who hears of what happens to a challenge, by email through the outbox (peersupport/outbox):
written in the same transaction as the change, sent after it commits, never lost."""

from django.conf import settings
from django.template.loader import render_to_string

from authorities.choices import Role
from authorities.models import User
from challenges.choices import ChallengeStatus
from peersupport.outbox.services import email_queue

# The statuses whose arrival the authority and the challenge's LGA staff are told of.
ANNOUNCED_STATUSES = {ChallengeStatus.CONFIRMED, ChallengeStatus.POSTPONED, ChallengeStatus.CANCELLED}


def _region_advisers(region) -> list[str]:
    """The region's principal advisers, or the LGA administrators where the region has none."""
    users = User.objects.filter(is_active=True)
    emails = list(users.filter(role=Role.PRINCIPAL_ADVISER, region=region).values_list("email", flat=True))
    return emails or list(users.filter(role=Role.LGA_ADMIN).values_list("email", flat=True))


def _people_of(challenge) -> list[str]:
    """The authority's contacts and the challenge's LGA staff."""
    contacts = list(User.objects.filter(authority_id=challenge.authority_id, is_active=True).values_list("email", flat=True))
    staff = [user.email for user in (challenge.principal_adviser, challenge.challenge_manager) if user and user.is_active]
    if not staff:
        staff = _region_advisers(challenge.authority.region)
    return sorted(set(contacts + staff))


def challenge_send(*, template, to, challenge, **context):
    """Write the email of `template` (its first line the subject) about the challenge to the outbox."""
    if not to:
        return None
    context = {"challenge": challenge, "url": f"{settings.SITE_URL}{challenge.get_absolute_url()}", **context}
    subject, _, body = render_to_string(f"challenges/email/{template}.txt", context).strip().partition("\n")
    return email_queue(to=to, subject=subject.strip(), body=body.strip() + "\n", about_url=challenge.get_absolute_url())


def challenge_request_notify(*, challenge):
    """A request arrived: the region's principal advisers are told."""
    return challenge_send(template="requested", to=_region_advisers(challenge.authority.region), challenge=challenge)


def challenge_status_notify(*, challenge, before, reason=""):
    """The challenge was confirmed, postponed or cancelled: the authority and its LGA staff are told."""
    if challenge.status not in ANNOUNCED_STATUSES:
        return None
    return challenge_send(
        template=f"status_{challenge.status}", to=_people_of(challenge), challenge=challenge, before=before, reason=reason
    )


def challenge_dates_notify(*, challenge, earlier, reason=""):
    """The visit's dates changed: the authority and its LGA staff are told, with the dates before."""
    return challenge_send(template="dates_changed", to=_people_of(challenge), challenge=challenge, earlier=earlier, reason=reason)


def challenge_staff(challenge) -> list[str]:
    """The challenge's LGA staff, or its region's advisers where it has none yet."""
    staff = [user.email for user in (challenge.principal_adviser, challenge.challenge_manager) if user and user.is_active]
    return staff or _region_advisers(challenge.authority.region)


def challenge_late_notify(*, challenge):
    """A step is running late against the published timings: the challenge's LGA staff are told."""
    return challenge_send(template="late", to=challenge_staff(challenge), challenge=challenge)
