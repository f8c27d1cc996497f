"""Predicates for what a user may do with a challenge's feedback report."""

from challenges.selectors.challenge import challenge_user_is_manager, challenge_user_is_reporter


def can_request_report(user, challenge) -> bool:
    return challenge_user_is_reporter(challenge=challenge, user=user)


def can_publish_reports(user, challenge) -> bool:
    return challenge_user_is_manager(challenge=challenge, user=user)
