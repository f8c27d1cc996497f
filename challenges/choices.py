from django.db import models


class ChallengeType(models.TextChoices):
    """The five kinds of challenge in the Fire & Rescue Peer Support Framework."""

    OPERATIONAL_ASSESSMENT = "operational_assessment", "Operational Assessment and fire peer challenge"
    DEEP_DIVE = "deep_dive", "Deep-dive themed peer challenge"
    PRE_INSPECTION = "pre_inspection", "Pre-inspection peer support"
    LEADERSHIP_GOVERNANCE = "leadership_governance", "Leadership and governance peer challenge"
    TARGETED = "targeted", "Targeted peer support"


class ChallengeStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    REPORTING = "reporting", "Report in preparation"
    PUBLISHED = "published", "Report published"


STATUS_TAG_COLOURS = {
    ChallengeStatus.BOOKED: "blue",
    ChallengeStatus.REPORTING: "yellow",
    ChallengeStatus.PUBLISHED: "green",
}


class TeamRole(models.TextChoices):
    LEAD_PEER = "lead_peer", "Lead peer"
    PEER = "peer", "Peer"
    CHALLENGE_MANAGER = "challenge_manager", "LGA challenge manager"


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
