import datetime
import secrets

import factory

from authorities.models import Authority
from authorities.tests.factories import LgaAdminFactory, PeerFactory
from challenges.choices import ChallengeType, FindingArea, FindingKind, PlaceState, RecommendationPriority, TeamRole
from challenges.models import Challenge, Finding, TeamMembership


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge

    authority = factory.LazyFunction(lambda: Authority.objects.get(slug="avon"))
    challenge_type = ChallengeType.OPERATIONAL_ASSESSMENT
    start_date = datetime.date(2027, 3, 8)
    end_date = datetime.date(2027, 3, 11)
    booked_by = factory.SubFactory(LgaAdminFactory)


class TeamMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    challenge = factory.SubFactory(ChallengeFactory)
    peer = factory.SubFactory(PeerFactory)
    role = TeamRole.OFFICER_PEER
    state = PlaceState.ACCEPTED
    added_by = factory.SubFactory(LgaAdminFactory)
    # A place holds its visit's dates (as the services keep them) only when asked: many tests put
    # one peer on several challenges of the factory's default dates.
    on_site_from = factory.LazyAttribute(lambda place: place.challenge.start_date if place.holds_visit else None)
    on_site_to = factory.LazyAttribute(
        lambda place: (place.challenge.second_end_date or place.challenge.end_date) if place.holds_visit else None
    )

    invitation_token = factory.LazyAttribute(lambda place: secrets.token_urlsafe(32) if place.state == PlaceState.INVITED else None)

    class Params:
        holds_visit = False


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    challenge = factory.SubFactory(ChallengeFactory)
    kind = FindingKind.STRENGTH
    area = FindingArea.PREVENTION
    text = factory.Sequence(lambda n: f"Finding number {n} about prevention work.")
    priority = factory.LazyAttribute(lambda f: RecommendationPriority.MEDIUM if f.kind == FindingKind.RECOMMENDATION else "")
    title = factory.LazyAttribute(lambda f: "Practice worth sharing" if f.kind == FindingKind.NOTABLE_PRACTICE else "")
    position = factory.Sequence(lambda n: n + 1)
    recorded_by = factory.SubFactory(LgaAdminFactory)


def compliant_team(challenge, *, holds_visit=False):
    """Accepted places that meet every composition rule of the challenge's type (challenges/
    teams/composition.py), so that it can be confirmed: peers from Merseyside and the LGA."""
    from authorities.choices import PeerType, PoliticalGroup
    from authorities.models import Specialism

    home = Authority.objects.get(slug="merseyside" if challenge.authority.slug != "merseyside" else "kent")
    leads_as_member = challenge.challenge_type == ChallengeType.LEADERSHIP_GOVERNANCE
    lead = PeerFactory(
        home_authority=home, can_lead=True, **(
            {"peer_type": PeerType.MEMBER, "political_group": PoliticalGroup.LABOUR} if leads_as_member else {}
        ),
    )
    member = PeerFactory(home_authority=home, peer_type=PeerType.MEMBER, political_group=PoliticalGroup.CONSERVATIVE)
    officers = [PeerFactory(home_authority=home), PeerFactory(home_authority=home)]
    theme = Specialism.objects.filter(name__iexact=challenge.theme.strip()).first() if challenge.theme else None
    if theme is not None:
        officers[0].specialisms.add(theme)
    manager = PeerFactory(peer_type=PeerType.CHALLENGE_MANAGER, home_authority=None)
    team = [(lead, TeamRole.LEAD_PEER), (member, TeamRole.MEMBER_PEER), (manager, TeamRole.CHALLENGE_MANAGER)]
    team += [(officer, TeamRole.OFFICER_PEER) for officer in officers]
    return [
        TeamMembershipFactory(challenge=challenge, peer=peer, role=role, holds_visit=holds_visit) for peer, role in team
    ]


class EvaluationFactory(factory.django.DjangoModelFactory):
    """An invitation to evaluate a challenge; `answered=True` with every rating 4 unless given."""

    class Meta:
        model = "challenges.Evaluation"

    challenge = factory.SubFactory(ChallengeFactory, status="published")
    role = "peer"
    name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"evaluator{n}@example.org")
    token = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
    answered_at = factory.Maybe("answered", yes_declaration=factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC)), no_declaration=None)
    preparation_rating = factory.Maybe("answered", yes_declaration=4, no_declaration=None)
    team_rating = factory.Maybe("answered", yes_declaration=4, no_declaration=None)
    feedback_rating = factory.Maybe("answered", yes_declaration=4, no_declaration=None)
    report_rating = factory.Maybe("answered", yes_declaration=4, no_declaration=None)

    class Params:
        answered = False


class FactualCheckFactory(factory.django.DjangoModelFactory):
    """The draft sent to the authority for its factual accuracy check, still open."""

    class Meta:
        model = "challenges.FactualCheck"

    challenge = factory.SubFactory(ChallengeFactory, status="factual_check")
    sent_by = factory.SubFactory(LgaAdminFactory)
    deadline = datetime.date(2027, 4, 9)


class FactualCheckCommentFactory(factory.django.DjangoModelFactory):
    """The authority's comment on a finding of the draft (give `finding`, or `area` instead)."""

    class Meta:
        model = "challenges.FactualCheckComment"

    factual_check = factory.SubFactory(FactualCheckFactory)
    comment = "The station at Bath closed in 2024."
    written_by = factory.SubFactory("authorities.tests.factories.FraContactFactory")


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "challenges.ActionPlan"

    challenge = factory.SubFactory(ChallengeFactory)
    started_by = factory.SubFactory("authorities.tests.factories.FraContactFactory")


class RecommendationResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "challenges.RecommendationResponse"

    plan = factory.SubFactory(ActionPlanFactory)
    recommendation = factory.SubFactory(
        FindingFactory, challenge=factory.SelfAttribute("..plan.challenge"), kind=FindingKind.RECOMMENDATION
    )
    response = "Accepted: the protection team's capacity will be reviewed."


class PlannedActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "challenges.PlannedAction"

    response = factory.SubFactory(RecommendationResponseFactory)
    action = factory.Sequence(lambda n: f"Action {n}")
    owner = "Head of protection"
    milestone = datetime.date(2026, 3, 31)
    success_measure = "Inspections meet the risk-based programme"


class ProgressReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "challenges.ProgressReview"

    challenge = factory.SubFactory(ChallengeFactory)
    scheduled_for = datetime.date(2026, 1, 12)
    scheduled_by = factory.SubFactory(LgaAdminFactory)


class RecommendationProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "challenges.RecommendationProgress"

    review = factory.SubFactory(ProgressReviewFactory)
    recommendation = factory.SubFactory(
        FindingFactory, challenge=factory.SelfAttribute("..review.challenge"), kind=FindingKind.RECOMMENDATION
    )
    progress = "A review of capacity was completed in the autumn."
    assessment = "good_progress"
    recorded_by = factory.SubFactory(LgaAdminFactory)
