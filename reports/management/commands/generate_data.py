"""A generated ten-year data set for benchmarks and load tests, at a chosen scale.

At scale 1 it is the programme as it might stand after ten years: 2,000 peers, 600 challenges
from ten years ago to a year ahead, about 3,500 team places, 15,000 findings and 490 published
reports with their action plans, evaluations and progress reviews, with the logins, contacts, inspections, training and leave around them. Scale 0.1 is a
tenth of that, scale 10 ten times. Everything is made with the apps' factories (built, then
saved in bulk; the follow-up of a report made as records) from a seeded random generator, so the same scale and seed give the same data.

It adds to whatever the database holds; run it on a database of its own (make benchmark does).
Published reports name a file that is not written: the data set is for pages, not downloads."""

import datetime
import random
import time

import factory
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from authorities.choices import (
    AuthorityStatus,
    ContactRole,
    GradeScale,
    InspectionGrade,
    InspectionQuestion,
    PeerType,
    PoliticalGroup,
    Region,
)
from authorities.models import (
    Authority,
    AuthorityContact,
    Inspection,
    InspectionResult,
    Peer,
    PeerTag,
    Specialism,
    TrainingRecord,
    Unavailability,
    User,
)
from authorities.tests.factories import (
    AuthorityContactFactory,
    FraContactFactory,
    InspectionFactory,
    InspectionResultFactory,
    LgaAdminFactory,
    PeerFactory,
    PeerTagFactory,
    PeerUserFactory,
    PrincipalAdviserFactory,
    TrainingRecordFactory,
    UnavailabilityFactory,
)
from challenges.choices import (
    EVALUATION_QUESTIONS,
    ActionStatus,
    ChallengeStatus,
    ChallengeType,
    EvaluationRole,
    FindingArea,
    FindingKind,
    PlaceState,
    ProgressAssessment,
    TeamRole,
)
from challenges.models import (
    ActionPlan,
    Challenge,
    Evaluation,
    Finding,
    FindingTemplate,
    PlannedAction,
    ProgressReview,
    RecommendationProgress,
    RecommendationResponse,
    TeamMembership,
)
from challenges.tests.factories import ChallengeFactory, FindingFactory, TeamMembershipFactory
from reports.choices import ReportStatus
from reports.models import FeedbackReport, report_file_path
from reports.tests.factories import FAKE_PDF_SHA256, FeedbackReportFactory

# At scale 1: the figures the issue that asked for this data set gives.
PEERS, CHALLENGES, FINDINGS, PUBLISHED_REPORTS = 2000, 600, 15_000, 490
# The library of wording at scale 1: this many for each kind of finding.
WORDING_PER_KIND = 30
YEARS = 10
# As in the programme, some authorities have had no challenge for years (the insight's coverage):
# every QUIET_EVERY-th current authority has none that starts in the last QUIET_YEARS years.
QUIET_EVERY, QUIET_YEARS = 15, 4
# Some invitations are declined, with a reason (the insight's peers' give and take).
DECLINED_SHARE = 0.2
DECLINE_REASONS = [
    "On leave that week", "Operational commitments at home", "Already on another peer challenge that month",
    "A training course booked for those dates", "Our own inspection falls in that week",
]
# The sign-in every generated login uses; the data set is for benchmarks, never for people.
PASSWORD = "generated-data-not-for-people"
ADMIN_EMAIL = "bench.admin@generated.example.org"

FIRST_NAMES = [
    "Alex", "Amira", "Ben", "Chloe", "Daniel", "Deepa", "Eleanor", "Femi", "Gareth", "Grace", "Hannah", "Imran",
    "James", "Jo", "Kamala", "Liam", "Megan", "Mohammed", "Niamh", "Olu", "Patrick", "Priya", "Rachel", "Ravi",
    "Sam", "Sarah", "Tom", "Uzma", "Victoria", "Wei", "Yusuf", "Zoë",
]
LAST_NAMES = [
    "Adeyemi", "Ahmed", "Begum", "Brown", "Campbell", "Clarke", "Davies", "Edwards", "Evans", "Green", "Hughes",
    "Jackson", "Jones", "Khan", "Lewis", "Morgan", "Murphy", "Nowak", "O'Brien", "Osei", "Patel", "Price",
    "Roberts", "Shah", "Smith", "Taylor", "Thomas", "Walker", "Ward", "White", "Williams", "Wilson",
]
TAGS = [
    "fleet", "wildfire", "estates", "ict", "building safety", "water rescue", "high-rise", "sprinklers",
    "fire investigation", "safeguarding", "wellbeing", "blue light collaboration", "media", "hr", "pensions",
]
OFFICER_ROLES = [
    "Chief fire officer", "Deputy chief fire officer", "Assistant chief fire officer", "Area manager",
    "Group manager", "Head of prevention", "Head of protection", "Director of finance",
]
ORGANISATIONS = ["Care Quality Commission", "NHS England", "Environment Agency", "Metropolitan Police", "Ofsted"]
# HMICFRS's rounds of inspection: the year an authority's falls in, and the grades it used.
ROUNDS = [
    ("Round 1 (2018 to 2019)", 2019, GradeScale.FOUR_GRADE),
    ("Round 2 (2021 to 2022)", 2022, GradeScale.FOUR_GRADE),
    ("Round 3 (2023 to 2025)", 2024, GradeScale.FIVE_GRADE),
]
TYPE_MIX = {PeerType.OFFICER: 60, PeerType.MEMBER: 25, PeerType.BEYOND_SECTOR: 10, PeerType.CHALLENGE_MANAGER: 5}
KIND_MIX = {
    FindingKind.STRENGTH: 40, FindingKind.AREA_FOR_CONSIDERATION: 35, FindingKind.RECOMMENDATION: 15,
    FindingKind.NOTABLE_PRACTICE: 10,
}
# Sentences findings are made of, so that pages and reports show text of a realistic length.
OPENINGS = [
    "The service has a clear and well understood vision", "Staff at every level spoke positively about",
    "There is scope to strengthen", "The authority should consider how", "Review the arrangements for",
    "Members are well informed about", "The peer team saw good evidence of", "Further work is needed on",
    "Partners value highly", "The approach to", "Consider a single plan for", "Station staff described",
]
SUBJECTS = [
    "home fire safety visits targeted by risk", "the risk-based inspection programme", "on-call availability",
    "the integrated risk management plan", "equality, diversity and inclusion", "the medium-term financial plan",
    "performance reporting to members", "collaboration with police and ambulance colleagues",
    "the training of new firefighters", "health and wellbeing support", "the control room's call handling",
    "engagement with communities that are hard to reach", "the programme of change and its evaluation",
]
ENDINGS = [
    "and this is reflected in the way teams work together.", "so that the benefits are felt across the county.",
    "with clear owners, milestones and measures of success.", "which the peer team heard about in every focus group.",
    "and to share what works with neighbouring services.", "before the next inspection by HMICFRS.",
]


class Command(BaseCommand):
    help = "Generate the ten-year data set for benchmarks and load tests (adds to the database)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="0.1, 1 (default) or 10: a tenth, one or ten times the figures.")
        parser.add_argument("--seed", type=int, default=2026, help="Seed of the random generator (default 2026).")

    def handle(self, *args, scale, seed, **options):
        if not 0.05 <= scale <= 20:
            raise CommandError("--scale must be between 0.05 and 20")
        if User.objects.filter(email=ADMIN_EMAIL).exists():
            raise CommandError("This database already holds a generated data set: generate into an empty one")
        started = time.perf_counter()
        with transaction.atomic():
            counts = DataSet(scale=scale, rng=random.Random(seed)).generate()
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{count:,} {name}" for name, count in counts.items())
        self.stdout.write(f"Generated at scale {scale:g} in {elapsed:.1f} s: {summary}")


class DataSet:
    """The generated programme; `generate()` saves it and returns what it made, by kind."""

    def __init__(self, *, scale, rng):
        self.scale, self.rng = scale, rng
        self.today = timezone.localdate()
        self.authorities = list(Authority.objects.filter(status=AuthorityStatus.CURRENT).order_by("pk"))
        self.specialisms = list(Specialism.objects.order_by("pk"))

    def count(self, figure):
        return max(1, round(figure * self.scale))

    def generate(self) -> dict[str, int]:
        """What it added, by kind."""
        before = self.totals()
        self.people()
        self.register()
        self.pool()
        self.programme()
        return {kind: total - before[kind] for kind, total in self.totals().items()}

    def totals(self) -> dict[str, int]:
        return {
            "users": User.objects.count(),
            "peers": Peer.objects.count(),
            "challenges": Challenge.objects.count(),
            "team places": TeamMembership.objects.count(),
            "findings": Finding.objects.count(),
            "published reports": FeedbackReport.objects.filter(status=ReportStatus.PUBLISHED).count(),
            "inspections": Inspection.objects.count(),
            "planned actions": PlannedAction.objects.count(),
            "evaluations": Evaluation.objects.count(),
        }

    def people(self):
        """An LGA administrator (whom the benchmark signs in as), an adviser for each region
        and a contact at each current authority."""
        # Hashed once and given as it is: hashing is slow on purpose, and 250 logins share it.
        self.password = factory.Transformer.Force(make_password(PASSWORD))
        users = [LgaAdminFactory.build(email=ADMIN_EMAIL, full_name="Benchmark Administrator", password=self.password)]
        users += [
            PrincipalAdviserFactory.build(email=f"adviser.{region}@generated.example.org", region=region, password=self.password)
            for region in Region.values
        ]
        users += [
            FraContactFactory.build(email=f"contact.{a.slug}@generated.example.org", authority=a, password=self.password)
            for a in self.authorities
        ]
        User.objects.bulk_create(users)
        self.admin = User.objects.get(email=ADMIN_EMAIL)

    def register(self):
        """Three contacts and two or three inspections with their grades for each authority."""
        contacts, inspections = [], []
        for authority in self.authorities:
            contacts += [
                AuthorityContactFactory.build(authority=authority, role=role, name=self.name(), email=f"{role}.{authority.slug}@generated.example.org")
                for role in ContactRole.values
            ]
            for round_name, year, scale in ROUNDS[self.rng.randint(0, 1):]:
                start = datetime.date(year, self.rng.randint(1, 10), self.rng.randint(1, 28))
                inspections.append(InspectionFactory.build(
                    authority=authority, round_name=round_name, grade_scale=scale, started_on=start,
                    ended_on=start + datetime.timedelta(days=11), report_published_on=start + datetime.timedelta(days=120),
                    recorded_by=self.admin,
                ))
        AuthorityContact.objects.bulk_create(contacts)
        inspections = Inspection.objects.bulk_create(inspections)
        grades_of = {scale: [g for g in InspectionGrade.values if scale == GradeScale.FIVE_GRADE or g != InspectionGrade.ADEQUATE] for scale in GradeScale.values}
        InspectionResult.objects.bulk_create([
            InspectionResultFactory.build(inspection=inspection, question=question, grade=self.rng.choice(grades_of[inspection.grade_scale]))
            for inspection in inspections for question in InspectionQuestion.values
        ])

    def pool(self):
        """The peer pool with specialisms, tags, training (some expired), leave and, for one in
        ten, a login."""
        count = self.count(PEERS)
        logins = User.objects.bulk_create([
            PeerUserFactory.build(email=f"peer.{n}@generated.example.org", password=self.password) for n in range(0, count, 10)
        ])
        logins = {n * 10: user for n, user in enumerate(logins)}
        peers = Peer.objects.bulk_create([self.peer(n, logins.get(n)) for n in range(count)])
        Peer.specialisms.through.objects.bulk_create([
            Peer.specialisms.through(peer_id=peer.pk, specialism_id=s.pk)
            for peer in peers for s in self.rng.sample(self.specialisms, self.rng.randint(1, 5))
        ])
        PeerTag.objects.bulk_create([PeerTagFactory.build(name=name) for name in TAGS], ignore_conflicts=True)
        tags = list(PeerTag.objects.filter(name__in=TAGS))
        Peer.tags.through.objects.bulk_create([
            Peer.tags.through(peer_id=peer.pk, peertag_id=tag.pk) for peer in peers for tag in self.rng.sample(tags, self.rng.randint(0, 2))
        ])
        training, leave = [], []
        for peer in peers:
            completed = self.today - datetime.timedelta(days=self.rng.randint(30, 6 * 365))
            training.append(TrainingRecordFactory.build(
                peer=peer, completed_on=completed, expires_on=completed + datetime.timedelta(days=3 * 365)
            ))
            if peer.can_lead:
                training.append(TrainingRecordFactory.build(peer=peer, course="Leading a peer team", completed_on=completed, expires_on=None))
            for _ in range(self.rng.randint(0, 2)):
                start = self.today + datetime.timedelta(days=self.rng.randint(-365, 365))
                leave.append(UnavailabilityFactory.build(peer=peer, start_date=start, end_date=start + datetime.timedelta(days=self.rng.randint(3, 21))))
        TrainingRecord.objects.bulk_create(training)
        Unavailability.objects.bulk_create(leave)
        self.peers = peers

    def peer(self, n, login):
        peer_type = self.rng.choices(list(TYPE_MIX), weights=list(TYPE_MIX.values()))[0]
        member, active = peer_type == PeerType.MEMBER, self.rng.random() > 0.05
        return PeerFactory.build(
            full_name=("Cllr " if member else "") + self.name(),
            email=f"peer{n}@generated.example.org",
            phone=f"01632 {self.rng.randint(100000, 999999)}",
            peer_type=peer_type,
            home_authority=self.rng.choice(self.authorities) if peer_type in (PeerType.OFFICER, PeerType.MEMBER) else None,
            home_organisation=self.rng.choice(ORGANISATIONS) if peer_type == PeerType.BEYOND_SECTOR else "",
            role_title=self.rng.choice(OFFICER_ROLES) if peer_type == PeerType.OFFICER else ("Councillor" if member else "Adviser"),
            political_group=self.rng.choice(PoliticalGroup.values) if member else "",
            can_lead=peer_type == PeerType.OFFICER and self.rng.random() < 0.3,
            max_challenges_per_year=self.rng.randint(1, 4),
            is_active=active,
            retired_reason="" if active else "Left the service",
            consented_on=self.today - datetime.timedelta(days=self.rng.randint(0, 3 * 365)),
            user=login,
        )

    def status_of(self, start, *, published):
        """Where a challenge starting on `start` has got to today: those with a published
        report are published, under progress review or closed by their age; the rest of the
        past are on their way to a report; the future is mostly confirmed, some still being
        asked for or scoped, a few postponed or cancelled."""
        S = ChallengeStatus
        age = (self.today - start).days
        if published:
            return S.CLOSED if age > 400 else S.PROGRESS_REVIEW if age > 300 else S.PUBLISHED
        if age > 120:
            return self.rng.choices([S.CLOSED, S.CANCELLED], weights=[9, 1])[0]
        if age >= 0:
            return self.rng.choice([S.FEEDBACK_GIVEN, S.REPORT_DRAFTING, S.FACTUAL_CHECK])
        return self.rng.choices(
            [S.CONFIRMED, S.SCOPING, S.REQUESTED, S.POSTPONED, S.CANCELLED], weights=[14, 3, 2, 1, 1]
        )[0]

    def programme(self):
        """Ten years of challenges: those over and reported on with published reports, the
        recent ones in reporting, the coming ones booked; teams of four to eight and findings."""
        count = self.count(CHALLENGES)
        span = YEARS * 365
        first = self.today - datetime.timedelta(days=span - 365)
        starts = sorted(first + datetime.timedelta(days=self.rng.randint(0, span)) for _ in range(count))
        published = set(range(min(self.count(PUBLISHED_REPORTS), sum(start < self.today - datetime.timedelta(days=120) for start in starts))))
        quiet_since = self.today - datetime.timedelta(days=QUIET_YEARS * 365)
        challenged_lately = [a for index, a in enumerate(self.authorities) if index % QUIET_EVERY]
        challenges = []
        for index, start in enumerate(starts):
            status, reason = self.status_of(start, published=index in published), ""
            if status in (ChallengeStatus.POSTPONED, ChallengeStatus.CANCELLED):
                reason = "The authority asked to stop"
            dated = status not in (ChallengeStatus.REQUESTED, ChallengeStatus.POSTPONED)
            challenges.append(ChallengeFactory.build(
                authority=self.rng.choice(self.authorities if start < quiet_since else challenged_lately), challenge_type=self.rng.choice(ChallengeType.values),
                start_date=start if dated else None, end_date=start + datetime.timedelta(days=3) if dated else None,
                status=status, status_reason=reason, booked_by=self.admin,
                requested_on=min(start - datetime.timedelta(days=self.rng.randint(60, 200)), self.today),
            ))
        challenges = Challenge.objects.bulk_create(challenges)
        self.teams(challenges)
        past = [c for c in challenges if c.start_date and c.start_date < self.today]
        per_challenge = self.count(FINDINGS) / max(len(past), 1)
        findings = []
        for challenge in past:
            for order in range(round(per_challenge * self.rng.uniform(0.6, 1.4))):
                findings.append(FindingFactory.build(
                    challenge=challenge, kind=self.rng.choices(list(KIND_MIX), weights=list(KIND_MIX.values()))[0],
                    area=self.rng.choice(FindingArea.values), text=self.finding_text(), recorded_by=self.admin, position=order + 1,
                ))
        Finding.objects.bulk_create(findings, batch_size=2000)
        reports = [
            FeedbackReportFactory.build(
                challenge=challenge, version=1, status=ReportStatus.PUBLISHED, requested_by=self.admin, published_by=self.admin,
                finished_at=self.moment(challenge.end_date, 60), sha256=FAKE_PDF_SHA256, published_at=self.moment(challenge.end_date, 80),
            )
            for index, challenge in enumerate(challenges) if index in published
        ]
        for report in reports:
            # Named, never written: the benchmark reads the library's rows, not the files.
            report.file = report_file_path(report, "")
        FeedbackReport.objects.bulk_create(reports)
        self.follow_up([challenge for index, challenge in enumerate(challenges) if index in published])

    def follow_up(self, published):
        """What follows a published report: the authority's action plan (most final), the
        evaluation (chair, chief fire officer and peers; most answer), a progress review for
        those over ten months on; and the library of wording some findings began from."""
        templates = FindingTemplate.objects.bulk_create([
            FindingTemplate(kind=kind, area=self.rng.choice(FindingArea.values), text=self.finding_text(), saved_by=self.admin)
            for kind in FindingKind.values for _ in range(self.count(WORDING_PER_KIND))
        ])
        findings = Finding.objects.filter(challenge__in=published).order_by("pk")
        started = [finding for finding in findings.only("pk") if self.rng.random() < 0.1]
        for finding in started:
            finding.template = self.rng.choice(templates)
        Finding.objects.bulk_update(started, ["template"], batch_size=2000)
        recommendations = {}
        for pk, challenge_id in findings.filter(kind=FindingKind.RECOMMENDATION).values_list("pk", "challenge_id"):
            recommendations.setdefault(challenge_id, []).append(pk)
        peers = {}
        for challenge_id, peer_id, name, email in TeamMembership.objects.filter(
            challenge__in=published, state=PlaceState.ACCEPTED
        ).values_list("challenge_id", "peer_id", "peer__full_name", "peer__email"):
            peers.setdefault(challenge_id, []).append((peer_id, name, email))
        plans, responses, actions, evaluations, reviews = [], [], [], [], []
        for challenge in published:
            after = challenge.end_date
            plan = ActionPlan(
                challenge=challenge, started_by=self.admin,
                **({"finalised_by": self.admin, "finalised_at": self.moment(after, 150)} if self.rng.random() < 0.85 else {}),
            )
            plans.append(plan)
            for recommendation in recommendations.get(challenge.pk, []):
                response = RecommendationResponse(plan=plan, recommendation_id=recommendation, response=self.finding_text())
                responses.append(response)
                actions += [
                    PlannedAction(
                        response=response, action=self.finding_text(), owner=self.name(), milestone=after + datetime.timedelta(days=self.rng.randint(90, 400)),
                        success_measure=self.finding_text(), status=self.rng.choice(ActionStatus.values),
                    )
                    for _ in range(self.rng.randint(1, 3))
                ]
            people = [(EvaluationRole.CHAIR, None, self.name(), None), (EvaluationRole.CHIEF_FIRE_OFFICER, None, self.name(), None)]
            people += [(EvaluationRole.PEER, peer_id, name, email) for peer_id, name, email in peers.get(challenge.pk, [])]
            for index, (role, peer_id, name, email) in enumerate(people):
                answered = self.rng.random() < 0.7
                ratings = {field: self.rng.choice([3, 4, 4, 5, 5]) if answered else None for field, _ in EVALUATION_QUESTIONS}
                evaluations.append(Evaluation(
                    challenge=challenge, role=role, name=name, peer_id=peer_id, token=f"generated-{challenge.pk}-{index}",
                    email=email or f"{role}.{challenge.pk}@generated.example.org",
                    answered_at=self.moment(after, 100) if answered else None,
                    comments=self.finding_text() if answered else "", **ratings,
                ))
            if after < self.today - datetime.timedelta(days=300):
                reviews.append(ProgressReview(
                    challenge=challenge, scheduled_for=after + datetime.timedelta(days=300), scheduled_by=self.admin,
                    summary=self.finding_text(), completed_by=self.admin, completed_at=self.moment(after, 310),
                ))
        ActionPlan.objects.bulk_create(plans)
        RecommendationResponse.objects.bulk_create(responses, batch_size=2000)
        PlannedAction.objects.bulk_create(actions, batch_size=2000)
        Evaluation.objects.bulk_create(evaluations, batch_size=2000)
        ProgressReview.objects.bulk_create(reviews)
        # Each completed review's finding of progress, for every recommendation.
        RecommendationProgress.objects.bulk_create([
            RecommendationProgress(
                review=review, recommendation_id=recommendation, progress=self.finding_text(),
                assessment=self.rng.choice(ProgressAssessment.values), recorded_by=self.admin,
            )
            for review in reviews for recommendation in recommendations.get(review.challenge_id, [])
        ], batch_size=2000)

    def teams(self, challenges):
        """Teams as the service makes them: never a peer of the authority challenged, never one
        peer on two live visits at once; places of live visits still to come hold the visit's
        dates (as PostgreSQL's exclusion constraint reads them) and wait for answers while the
        challenge is being scoped."""
        by_type = {kind: [p for p in self.peers if p.peer_type == kind and p.is_active] for kind in PeerType.values}
        leaders = [p for p in by_type[PeerType.OFFICER] if p.can_lead]
        busy = {}  # peer id: [(first day, last day)] of their live visits
        places = []
        for challenge in challenges:
            first, last = challenge.start_date, challenge.end_date
            live = first is not None and challenge.status not in (ChallengeStatus.POSTPONED, ChallengeStatus.CANCELLED)

            def free(peer):
                return not live or all(last < start or end < first for start, end in busy.get(peer.pk, ()))

            def pick(candidates, how_many):
                eligible = [p for p in candidates if p.home_authority_id != challenge.authority_id and p.pk not in chosen and free(p)]
                picked = self.rng.sample(eligible, min(how_many, len(eligible)))
                chosen.update(p.pk for p in picked)
                return picked

            chosen = set()
            team = [(peer, TeamRole.LEAD_PEER) for peer in pick(leaders, 1)]
            team += [(peer, TeamRole.CHALLENGE_MANAGER) for peer in pick(by_type[PeerType.CHALLENGE_MANAGER], 1)]
            team += [(peer, TeamRole.MEMBER_PEER) for peer in pick(by_type[PeerType.MEMBER], self.rng.randint(1, 2))]
            team += [(peer, TeamRole.OFFICER_PEER) for peer in pick(by_type[PeerType.OFFICER], self.rng.randint(1, 3))]
            if self.rng.random() < 0.3:
                team += [(peer, TeamRole.BEYOND_SECTOR) for peer in pick(by_type[PeerType.BEYOND_SECTOR], 1)]
            holds_visit = live and last >= self.today
            waiting = challenge.status == ChallengeStatus.SCOPING
            for peer, role in team:
                if live:
                    busy.setdefault(peer.pk, []).append((first, last))
                state = self.rng.choice([PlaceState.PROPOSED, PlaceState.INVITED, PlaceState.ACCEPTED]) if waiting else PlaceState.ACCEPTED
                places.append(TeamMembershipFactory.build(
                    challenge=challenge, peer=peer, role=role, added_by=self.admin, state=state, holds_visit=holds_visit,
                ))
            if first is not None and not waiting and self.rng.random() < DECLINED_SHARE:
                for peer in pick(by_type[PeerType.OFFICER], 1):  # asked before the one who accepted
                    places.append(TeamMembershipFactory.build(
                        challenge=challenge, peer=peer, role=TeamRole.OFFICER_PEER, added_by=self.admin, state=PlaceState.DECLINED,
                        decline_reason=self.rng.choice(DECLINE_REASONS), answered_at=self.moment(first, -60), holds_visit=False,
                    ))
        TeamMembership.objects.bulk_create(places, batch_size=2000)

    def name(self):
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def finding_text(self):
        sentences = [
            f"{self.rng.choice(OPENINGS)} {self.rng.choice(SUBJECTS)}, {self.rng.choice(ENDINGS)}"
            for _ in range(self.rng.randint(1, 4))
        ]
        return " ".join(sentences)

    def moment(self, day, days_after):
        return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=days_after), datetime.time(10)))
