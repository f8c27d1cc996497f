"""Predicates for what a user may do with a challenge, used to show or hide actions.
The views enforce the same rules by scoping their querysets with the selectors."""

from authorities.selectors.authority import authorities_bookable_by
from challenges.selectors.challenge import challenge_user_is_manager, challenge_user_is_reporter


def can_book_challenges(user) -> bool:
    return authorities_bookable_by(user=user).exists()


def can_manage_team(user, challenge) -> bool:
    return challenge_user_is_manager(challenge=challenge, user=user)


def can_record_findings(user, challenge) -> bool:
    return challenge_user_is_reporter(challenge=challenge, user=user)
