from challenges.models.calendar_feed import CalendarFeed
from challenges.models.challenge import Challenge
from challenges.models.document import ChallengeDocument
from challenges.models.finding import Finding
from challenges.models.team import TeamBan, TeamConcern, TeamMembership, TeamPin

__all__ = [
    "CalendarFeed", "Challenge", "ChallengeDocument", "Finding", "TeamBan", "TeamConcern", "TeamMembership", "TeamPin",
]
