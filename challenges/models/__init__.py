from challenges.models.calendar_feed import CalendarFeed
from challenges.models.challenge import Challenge
from challenges.models.document import ChallengeDocument
from challenges.models.finding import Finding
from challenges.models.team import TeamMembership

__all__ = ["CalendarFeed", "Challenge", "ChallengeDocument", "Finding", "TeamMembership"]
