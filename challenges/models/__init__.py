from challenges.models.action_plan import ActionPlan, PlannedAction, RecommendationResponse
from challenges.models.calendar_feed import CalendarFeed
from challenges.models.challenge import Challenge
from challenges.models.document import ChallengeDocument
from challenges.models.evaluation import Evaluation
from challenges.models.factual_check import FactualCheck, FactualCheckComment
from challenges.models.finding import Finding, FindingTemplate
from challenges.models.progress_review import ProgressReview, RecommendationProgress
from challenges.models.team import TeamBan, TeamConcern, TeamMembership, TeamPin

__all__ = [
    "ActionPlan", "CalendarFeed", "Challenge", "ChallengeDocument", "Evaluation", "FactualCheck", "FactualCheckComment",
    "Finding", "FindingTemplate", "PlannedAction", "ProgressReview", "RecommendationProgress", "RecommendationResponse",
    "TeamBan", "TeamConcern", "TeamMembership", "TeamPin",
]
