"""Who hears of what happens to a team, by email through the outbox: the peer invited, reminded,
withdrawn or confirmed; the adviser when a peer declines or the authority raises a concern."""

from django.conf import settings
from django.urls import reverse

from challenges.selectors.team import team_accepted
from challenges.services.notifications import challenge_send, challenge_staff


def invitation_url(place) -> str:
    return f"{settings.SITE_URL}{reverse('challenges:invitation-answer', args=[place.invitation_token])}"


def team_invitation_notify(*, place):
    """The peer is invited, with the link they answer from."""
    return challenge_send(
        template="team_invitation", to=[place.peer.email], challenge=place.challenge, place=place,
        answer_url=invitation_url(place),
    )


def team_reminder_notify(*, place):
    """The peer's invitation has waited a week: a reminder, with the same link."""
    return challenge_send(
        template="team_reminder", to=[place.peer.email], challenge=place.challenge, place=place,
        answer_url=invitation_url(place),
    )


def team_withdrawal_notify(*, place):
    """The adviser took the peer off the team: the peer is told."""
    return challenge_send(template="team_withdrawn", to=[place.peer.email], challenge=place.challenge, place=place)


def team_decline_notify(*, place):
    """A peer declined: the challenge's LGA staff are told, to find someone else."""
    return challenge_send(template="team_declined", to=challenge_staff(place.challenge), challenge=place.challenge, place=place)


def team_concern_notify(*, concern):
    """The authority raised a concern about a person on its proposed team: its LGA staff are told."""
    challenge = concern.place.challenge
    return challenge_send(template="team_concern", to=challenge_staff(challenge), challenge=challenge, concern=concern)


def team_confirmed_notify(*, challenge):
    """The challenge is confirmed: each peer who accepted a place is told the team is final."""
    places = team_accepted(challenge=challenge)
    return challenge_send(
        template="team_confirmed", to=sorted({place.peer.email for place in places}), challenge=challenge,
        team=list(places),
    )
