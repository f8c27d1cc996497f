from django.db import models


class ChallengeType(models.TextChoices):
    """The five kinds of challenge in the Fire & Rescue Peer Support Framework."""

    OPERATIONAL_ASSESSMENT = "operational_assessment", "Operational Assessment and fire peer challenge"
    DEEP_DIVE = "deep_dive", "Deep-dive themed peer challenge"
    PRE_INSPECTION = "pre_inspection", "Pre-inspection peer support"
    LEADERSHIP_GOVERNANCE = "leadership_governance", "Leadership and governance peer challenge"
    TARGETED = "targeted", "Targeted peer support"


class FrameworkElement(models.TextChoices):
    """The three elements of the Peer Support Framework (DOMAIN.md)."""

    INSPECTION_PEER_SUPPORT = "inspection_peer_support", "Inspection peer support"
    LEADERSHIP_GOVERNANCE_SUPPORT = "leadership_governance_support", "Leadership and governance support"
    TARGETED_SUPPORT = "targeted_support", "Targeted support"


FRAMEWORK_ELEMENT_OF_TYPE = {
    ChallengeType.OPERATIONAL_ASSESSMENT: FrameworkElement.INSPECTION_PEER_SUPPORT,
    ChallengeType.DEEP_DIVE: FrameworkElement.INSPECTION_PEER_SUPPORT,
    ChallengeType.PRE_INSPECTION: FrameworkElement.INSPECTION_PEER_SUPPORT,
    ChallengeType.LEADERSHIP_GOVERNANCE: FrameworkElement.LEADERSHIP_GOVERNANCE_SUPPORT,
    ChallengeType.TARGETED: FrameworkElement.TARGETED_SUPPORT,
}


class ChallengeStatus(models.TextChoices):
    """The life of a challenge (DOMAIN.md), in order, then the two ways it can stop."""

    REQUESTED = "requested", "Requested"
    SCOPING = "scoping", "Scoping"
    CONFIRMED = "confirmed", "Confirmed"
    ON_SITE = "on_site", "On site"
    FEEDBACK_GIVEN = "feedback_given", "Feedback given"
    REPORT_DRAFTING = "report_drafting", "Report drafting"
    FACTUAL_CHECK = "factual_check", "Factual accuracy check"
    PUBLISHED = "published", "Report published"
    PROGRESS_REVIEW = "progress_review", "Progress review"
    CLOSED = "closed", "Closed"
    POSTPONED = "postponed", "Postponed"
    CANCELLED = "cancelled", "Cancelled"


STATUS_TAG_COLOURS = {
    ChallengeStatus.REQUESTED: "grey",
    ChallengeStatus.SCOPING: "light-blue",
    ChallengeStatus.CONFIRMED: "blue",
    ChallengeStatus.ON_SITE: "purple",
    ChallengeStatus.FEEDBACK_GIVEN: "turquoise",
    ChallengeStatus.REPORT_DRAFTING: "yellow",
    ChallengeStatus.FACTUAL_CHECK: "orange",
    ChallengeStatus.PUBLISHED: "green",
    ChallengeStatus.PROGRESS_REVIEW: "pink",
    ChallengeStatus.CLOSED: "grey",
    ChallengeStatus.POSTPONED: "orange",
    ChallengeStatus.CANCELLED: "red",
}

# Before a date is agreed a challenge has no visit; postponed and cancelled ones no longer do.
UNDATED_STATUSES = (
    ChallengeStatus.REQUESTED, ChallengeStatus.SCOPING, ChallengeStatus.POSTPONED, ChallengeStatus.CANCELLED,
)
# Challenges whose visit holds its dates: no two of one authority's may overlap.
STOPPED_STATUSES = (ChallengeStatus.POSTPONED, ChallengeStatus.CANCELLED)
# A challenge can be postponed or cancelled in any of these; after publication it has happened.
STOPPABLE_STATUSES = (
    ChallengeStatus.REQUESTED, ChallengeStatus.SCOPING, ChallengeStatus.CONFIRMED, ChallengeStatus.ON_SITE,
    ChallengeStatus.FEEDBACK_GIVEN, ChallengeStatus.REPORT_DRAFTING, ChallengeStatus.FACTUAL_CHECK,
)
# A challenge's scope can be agreed, and changed, until its report is out or it is cancelled.
SCOPABLE_STATUSES = (*STOPPABLE_STATUSES, ChallengeStatus.POSTPONED)
# Challenges that have happened, for "last challenge": the report is out, or it is over.
COMPLETED_STATUSES = (ChallengeStatus.PUBLISHED, ChallengeStatus.PROGRESS_REVIEW, ChallengeStatus.CLOSED)
# The programme's figures (challenges/insight/) count challenges in three stages, as the
# committee papers do: in discussion (asked for, being scoped), booked (dated, not yet over)
# and delivered (the visit is over: from the feedback on its last day to its close).
IN_DISCUSSION_STATUSES = (ChallengeStatus.REQUESTED, ChallengeStatus.SCOPING)
BOOKED_STATUSES = (ChallengeStatus.CONFIRMED, ChallengeStatus.ON_SITE)
DELIVERED_STATUSES = (
    ChallengeStatus.FEEDBACK_GIVEN, ChallengeStatus.REPORT_DRAFTING, ChallengeStatus.FACTUAL_CHECK,
    ChallengeStatus.PUBLISHED, ChallengeStatus.PROGRESS_REVIEW, ChallengeStatus.CLOSED,
)
# Challenges still in the programme's hands.
OPEN_STATUSES = tuple(status for status in ChallengeStatus if status not in (ChallengeStatus.CLOSED, ChallengeStatus.CANCELLED))


class DocumentKind(models.TextChoices):
    """What the authority gives the team before the visit (DOMAIN.md, step 3)."""

    SELF_ASSESSMENT = "self_assessment", "Self-assessment"
    POSITION_STATEMENT = "position_statement", "Position statement"


class InspectionRelation(models.TextChoices):
    BEFORE = "before", "Before an HMICFRS inspection"
    AFTER = "after", "After an HMICFRS inspection"
    NOT_LINKED = "not_linked", "Not linked to an inspection"


class Funding(models.TextChoices):
    SECTOR_GRANT = "sector_grant", "Sector grant (free to the authority)"
    AUTHORITY = "authority", "Paid by the authority"


class TeamRole(models.TextChoices):
    """The places on a peer team (DOMAIN.md), in the order a team is listed."""

    LEAD_PEER = "lead_peer", "Lead peer"
    MEMBER_PEER = "member_peer", "Member peer"
    OFFICER_PEER = "officer_peer", "Officer peer"
    BEYOND_SECTOR = "beyond_sector", "Peer from beyond the sector"
    CHALLENGE_MANAGER = "challenge_manager", "LGA challenge manager"
    SHADOW = "shadow", "Shadow peer"

    @property
    def in_sentence(self) -> str:
        """The role as it reads mid-sentence: "lead peer", but "LGA challenge manager"."""
        return self.label if self.label[:2].isupper() else self.label[0].lower() + self.label[1:]


class PlaceState(models.TextChoices):
    """Where a peer's place on a team has got to: proposed by the adviser, the invitation
    sent, then accepted or declined by the peer, or withdrawn by the adviser."""

    PROPOSED = "proposed", "Proposed"
    INVITED = "invited", "Invited"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


PLACE_STATE_COLOURS = {
    PlaceState.PROPOSED: "grey",
    PlaceState.INVITED: "blue",
    PlaceState.ACCEPTED: "green",
    PlaceState.DECLINED: "red",
    PlaceState.WITHDRAWN: "grey",
}
# Places that hold a peer: they count towards the team, and the peer cannot hold another at
# the same time. Declined and withdrawn places are kept for the record and free the peer.
ACTIVE_PLACE_STATES = (PlaceState.PROPOSED, PlaceState.INVITED, PlaceState.ACCEPTED)
# Places still waiting for the peer's answer, or for the adviser to ask.
UNANSWERED_PLACE_STATES = (PlaceState.PROPOSED, PlaceState.INVITED)


class FindingKind(models.TextChoices):
    STRENGTH = "strength", "Strength"
    AREA_FOR_CONSIDERATION = "area_for_consideration", "Area for consideration"
    RECOMMENDATION = "recommendation", "Recommendation"
    NOTABLE_PRACTICE = "notable_practice", "Notable practice"


class FindingArea(models.TextChoices):
    """Areas a finding is recorded against: the OpA key assessment areas, then the
    strategic areas added to fire peer challenge in 2015 (see DOMAIN.md)."""

    COMMUNITY_RISK_MANAGEMENT = "community_risk_management", "Community risk management"
    PREVENTION = "prevention", "Prevention"
    PROTECTION = "protection", "Protection"
    PREPAREDNESS = "preparedness", "Preparedness"
    RESPONSE = "response", "Response"
    HEALTH_SAFETY_WELFARE = "health_safety_welfare", "Health, safety and welfare"
    TRAINING_DEVELOPMENT = "training_development", "Training and development"
    LEADERSHIP_CORPORATE_CAPACITY = "leadership_corporate_capacity", "Leadership and corporate capacity"
    CALL_MANAGEMENT = "call_management", "Call management and incident support"
    LEADERSHIP = "leadership", "Leadership"
    GOVERNANCE = "governance", "Governance"
    CORPORATE_CAPACITY = "corporate_capacity", "Corporate capacity"
    FINANCIAL_PLANNING = "financial_planning", "Financial planning"
    OUTCOMES_FOR_COMMUNITIES = "outcomes_for_communities", "Outcomes for communities"
    AUTHORITY_PRIORITY = "authority_priority", "The authority's own priorities"


# The places on a team whose holders write the findings and the report.
REPORT_WRITING_ROLES = (TeamRole.LEAD_PEER, TeamRole.CHALLENGE_MANAGER)

# What a challenge can focus on: the framework areas, without the 2009 set's call management
# (folded into response since) and the authority's own priorities, which it writes in its words.
FOCUS_AREA_CHOICES = [
    (area.value, area.label)
    for area in FindingArea
    if area not in (FindingArea.CALL_MANAGEMENT, FindingArea.AUTHORITY_PRIORITY)
]

# What happens next in the life of a challenge, for each status.
NEXT_STEPS = {
    ChallengeStatus.REQUESTED: "The principal adviser takes on the request",
    ChallengeStatus.SCOPING: "Agree the scope and dates, then confirm the booking",
    ChallengeStatus.CONFIRMED: "The team goes on site",
    ChallengeStatus.ON_SITE: "Feedback to the authority on the last day on site",
    ChallengeStatus.FEEDBACK_GIVEN: "The challenge manager drafts the report",
    ChallengeStatus.REPORT_DRAFTING: "The draft report goes to the authority for a factual accuracy check",
    ChallengeStatus.FACTUAL_CHECK: "The authority checks the draft's facts and the team answers its comments; then the report is published",
    ChallengeStatus.PUBLISHED: "The authority publishes its action plan; a progress review about 10 months after the visit",
    ChallengeStatus.PROGRESS_REVIEW: "The progress review is published and the challenge closed",
    ChallengeStatus.CLOSED: "None: the challenge is closed",
    ChallengeStatus.POSTPONED: "Agree new dates",
    ChallengeStatus.CANCELLED: "None: the challenge was cancelled",
}


class FindingState(models.TextChoices):
    """A finding the lead peer or challenge manager writes is in the report; one another
    member of the team drafts waits for them to accept (perhaps edited) or reject it."""

    DRAFT = "draft", "Draft for the lead to accept"
    ACCEPTED = "accepted", "In the report"
    REJECTED = "rejected", "Rejected"


class RecommendationPriority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


PRIORITY_TAG_COLOURS = {
    RecommendationPriority.HIGH: "red",
    RecommendationPriority.MEDIUM: "yellow",
    RecommendationPriority.LOW: "grey",
}


class CommentOutcome(models.TextChoices):
    """The team's answer to a comment of the authority's factual accuracy check."""

    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Not accepted"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    COMPLETE = "complete", "Complete"


ACTION_STATUS_COLOURS = {
    ActionStatus.NOT_STARTED: "grey",
    ActionStatus.ON_TRACK: "green",
    ActionStatus.AT_RISK: "red",
    ActionStatus.COMPLETE: "blue",
}


class ProgressAssessment(models.TextChoices):
    """The progress review team's short assessment of one recommendation."""

    ACHIEVED = "achieved", "Achieved"
    GOOD_PROGRESS = "good_progress", "Good progress"
    SOME_PROGRESS = "some_progress", "Some progress"
    LITTLE_PROGRESS = "little_progress", "Little or no progress"


class EvaluationRole(models.TextChoices):
    """Who is asked how a challenge went: the authority's chair and chief fire officer, and
    each peer on the team."""

    CHAIR = "chair", "Chair of the authority"
    CHIEF_FIRE_OFFICER = "chief_fire_officer", "Chief fire officer"
    PEER = "peer", "Peer on the team"


# The questions of the evaluation, each rated from 1 (poor) to 5 (excellent): field, question.
EVALUATION_QUESTIONS = (
    ("preparation_rating", "How well was the challenge prepared?"),
    ("team_rating", "How good was the peer team?"),
    ("feedback_rating", "How useful was the feedback on the last day on site?"),
    ("report_rating", "How useful is the report?"),
)
RATING_CHOICES = [(5, "5 – excellent"), (4, "4 – good"), (3, "3 – fair"), (2, "2 – poor"), (1, "1 – very poor")]

# The areas a finding of a challenge may be recorded against: the framework's areas and the
# authority's own priorities (call management only on findings of the 2009 set, from history).
FINDING_AREA_CHOICES = [*FOCUS_AREA_CHOICES, (FindingArea.AUTHORITY_PRIORITY.value, FindingArea.AUTHORITY_PRIORITY.label)]
