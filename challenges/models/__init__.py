from challenges.models.challenge import Challenge
from challenges.models.finding import Finding
from challenges.models.team import TeamMembership

__all__ = ["Challenge", "Finding", "TeamMembership"]
