"""Demo data for the zero-set-up run: one login per role, a small peer pool, a challenge at
every stage of its life, a library of published reports and this year's committee paper, so
every page has something to show. Safe to run again.

The reports are rendered here, in this process, through the pipeline a worker runs (claimed,
rendered by WeasyPrint, stored with their checksums): the demo needs neither a broker nor a
worker, and each step that follows a render (publishing, a correction) sees it ready. The
render task queued when each version was asked for then finds it done and leaves it."""

import contextlib
import datetime
import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from authorities.choices import ContactRole, GradeScale, InspectionGrade, InspectionQuestion, PeerType, Region, Role
from authorities.models import Authority, Peer, Specialism, TrainingRecord, Unavailability, User
from authorities.services.authority import authority_contact_save
from authorities.services.inspection import inspection_save
from authorities.services.peer import tags_from_names
from challenges.choices import (
    ActionStatus,
    ChallengeStatus,
    ChallengeType,
    CommentOutcome,
    FindingArea,
    FindingKind,
    Funding,
    InspectionRelation,
    ProgressAssessment,
    RecommendationPriority,
    TeamRole,
)
from challenges.insight.period import InsightPeriod
from challenges.models import Challenge, FactualCheck
from challenges.selectors.finding import recommendations_numbered
from challenges.selectors.progress_review import progress_review_default_date
from challenges.services.action_plan import action_plan_finalise, planned_action_add, recommendation_respond
from challenges.services.challenge import challenge_book, challenge_request, challenge_scope, challenge_take_on
from challenges.services.evaluation import RATING_FIELDS, evaluation_answer
from challenges.services.factual_check import (
    factual_check_comment_add,
    factual_check_deadline_default,
    factual_check_send,
    factual_check_submit,
    factual_comment_answer,
)
from challenges.services.finding import finding_edit, finding_record, finding_reject, finding_template_save
from challenges.services.progress_review import progress_review_schedule, recommendation_progress_record
from challenges.services.report_text import challenge_report_text_save
from challenges.services.status import challenge_status_change
from challenges.services.team import (
    team_ban,
    team_concern_raise,
    team_invitation_answer,
    team_invitations_send,
    team_member_add,
    team_pin,
)
from challenges.services.timings import challenges_daily
from peersupport.calendar import is_working_day
from peersupport.services import record_update
from reports.choices import ReportKind, ReportStatus
from reports.management.commands.generate_data import FIRST_NAMES, LAST_NAMES
from reports.models import CommitteePaper, FeedbackReport
from reports.services import pipeline
from reports.services.correction import report_correction_open
from reports.services.publication import report_publish
from reports.services.request import committee_paper_request, report_request
from reports.services.withdrawal import report_withdraw

DEMO_PASSWORD = "fire-peer-demo"

DEMO_USERS = [
    {"email": "admin@example.org", "full_name": "Pat Okafor", "role": Role.LGA_ADMIN, "is_staff": True, "is_superuser": True},
    {"email": "adviser@example.org", "full_name": "Sam Whitfield", "role": Role.PRINCIPAL_ADVISER, "region": Region.SOUTH_WEST},
    {"email": "lead.peer@example.org", "full_name": "Alex Morgan", "role": Role.PEER},
    {"email": "contact@example.org", "full_name": "Jo Bennett", "role": Role.FRA_CONTACT, "authority": "avon"},
]

CONSENTED = datetime.date(2026, 4, 1)

R, N = FindingKind.RECOMMENDATION, FindingKind.NOTABLE_PRACTICE
HIGH, MEDIUM, LOW = RecommendationPriority.HIGH, RecommendationPriority.MEDIUM, RecommendationPriority.LOW

# Well-phrased findings LGA staff keep for teams to start from.
WORDING_LIBRARY = [
    (FindingKind.STRENGTH, FindingArea.LEADERSHIP, "Staff at every level understand the service's vision and can say what it means for their role."),
    (FindingKind.AREA_FOR_CONSIDERATION, FindingArea.GOVERNANCE,
     "Members would benefit from clearer performance reports: fewer measures, with trends and targets."),
    (R, FindingArea.COMMUNITY_RISK_MANAGEMENT, "Refresh the community risk profile with partners' data, and publish how it shapes the plan."),
    (R, FindingArea.PROTECTION, "Set out a trajectory for the risk-based inspection programme, with quarterly reports to members."),
    (N, FindingArea.PREVENTION, "Joint safe and well visits with the ambulance service's falls team."),
    (FindingKind.STRENGTH, FindingArea.FINANCIAL_PLANNING, "The medium-term financial plan is realistic and well understood by members."),
]
CLEVELAND_FINDINGS = [
    (FindingKind.STRENGTH, FindingArea.LEADERSHIP, "The chief fire officer's improvement plan is **owned by the whole top team**.", {}),
    (FindingKind.AREA_FOR_CONSIDERATION, FindingArea.LEADERSHIP, (
        "The improvement plan has many actions and few measures:\n\n"
        "- group them under the three priorities the inspection named\n- give each a measure of success"
    ), {}),
    (R, FindingArea.LEADERSHIP, "Reduce the improvement plan to the three priorities the inspection named, each with a measure.",
     {"priority": HIGH}),
    (FindingKind.STRENGTH, FindingArea.RESPONSE, "Crews know their risk information well and use it at incidents.", {}),
    (R, FindingArea.RESPONSE, "Agree an on-call availability standard with the representative bodies.", {"priority": MEDIUM}),
    (N, FindingArea.RESPONSE, "Station-level availability dashboards, updated every hour and shared with neighbours.", {
        "title": "Hourly availability dashboards", "shared_with_sector": True,
        "why_it_matters": "Control and station managers see cover gaps as they open, not the next day.",
        "practice_contact": "Group manager, response, Cleveland Fire Brigade"}),
]
AVON_FINDINGS = [
    (FindingKind.STRENGTH, FindingArea.PROTECTION, "Inspectors are well trained and respected by businesses.", {}),
    (FindingKind.AREA_FOR_CONSIDERATION, FindingArea.PROTECTION, "The backlog of audits of high-risk premises is growing.", {}),
    (R, FindingArea.PROTECTION, "Reduce the backlog of 380 high-risk premises awaiting an audit, with a trajectory reported to members.",
     {"priority": HIGH}),
]
# Humberside's challenge this year, its report out and evaluated: the learning points and the
# evaluation results of the current year's insight and committee paper.
HUMBERSIDE_FINDINGS = [
    (FindingKind.STRENGTH, FindingArea.PREVENTION, "Partners refer the households most at risk, and every referral is visited.", {}),
    (FindingKind.STRENGTH, FindingArea.LEADERSHIP, "The top team is visible on stations and staff say they are listened to.", {}),
    (FindingKind.AREA_FOR_CONSIDERATION, FindingArea.PROTECTION, "Audits of high-risk premises fall behind each winter.", {}),
    (FindingKind.AREA_FOR_CONSIDERATION, FindingArea.LEADERSHIP, "Middle managers hear of changes after their crews do.", {}),
    (R, FindingArea.PROTECTION, "Plan the audit programme so that winter absence does not leave high-risk premises unaudited.",
     {"priority": MEDIUM}),
]
HAMPSHIRE_FINDINGS = [
    (FindingKind.STRENGTH, FindingArea.PREPAREDNESS, "Multi-agency exercising with the island's partners is frequent and realistic.", {}),
    (R, FindingArea.RESPONSE, "Renegotiate the on-call contract so that availability in the day rises above 80%.", {"priority": HIGH}),
    (R, FindingArea.TRAINING_DEVELOPMENT, "Give middle managers a development programme of their own.", {"priority": LOW}),
]
# Hampshire's report, published, then corrected: the first recommendation named the wrong target.
HAMPSHIRE_CORRECTION_NOTE = (
    "Recommendation 1 corrected: the authority's own target for day-time on-call availability is 85%, not 80%."
)
HAMPSHIRE_CORRECTED_TEXT = "Renegotiate the on-call contract so that availability in the day rises to the authority's target of 85%."

# The report's own words for Devon and Somerset, beside its findings.
DEMO_REPORT_TEXT = {
    "executive_summary": (
        "Devon and Somerset Fire and Rescue Service is a well-run service that knows its communities. Its prevention "
        "work is targeted with care, and on-call crews are shared across its borders in a way others could learn from. "
        "The main risk the team saw is in protection: the risk-based inspection programme has been re-planned, and the "
        "protection team's capacity needs to match it."
    ),
    "people_met": (
        "The chief fire officer and the executive board; the chair and members of the fire authority; station and "
        "watch managers; on-call firefighters; the control room; fire safety inspectors; the representative bodies; "
        "partners from the ambulance service, the police and the county councils."
    ),
    "places_visited": "Service headquarters at Clyst St George, the joint control room, and fire stations at Exeter Danes Castle, Taunton, Barnstaple and Minehead.",
}

# Dorset and Wiltshire's team, on site this week, drafting the verbal feedback for the last day.
DORSET_FINDINGS = [
    (FindingKind.STRENGTH, FindingArea.PREVENTION, "Safe and well visits are booked from one list shared with both county councils.", {}),
    (FindingKind.AREA_FOR_CONSIDERATION, FindingArea.PREVENTION, "Follow-up visits are not recorded in the same system as the first.", {}),
    (FindingKind.STRENGTH, FindingArea.RESPONSE, "Wholetime and on-call crews train together every month.", {}),
    (FindingKind.AREA_FOR_CONSIDERATION, FindingArea.RESPONSE, "On-call availability in the north of the county drops sharply in the summer.", {}),
]

# Avon's challenge of three years ago: published, then withdrawn.
AVON_PAST_FINDINGS = [
    (FindingKind.STRENGTH, FindingArea.COMMUNITY_RISK_MANAGEMENT, "The community risk profile is built with the city and county councils' data.", {}),
    (R, FindingArea.RESPONSE, "Review the crewing of the two stations whose turnout times are longest.", {"priority": MEDIUM}),
]
AVON_WITHDRAWAL_REASON = (
    "Withdrawn at the authority's request: the report quoted a member of staff by name without their agreement. "
    "The challenge has closed, so no corrected version will follow."
)

# Reports published in earlier years, for the library's filters and the notable practice library:
# (authority, type of challenge, weeks ago on site, lead peer, findings).
PAST_REPORTS = [
    ("greater-manchester", ChallengeType.OPERATIONAL_ASSESSMENT, 120, "g.evans@example.org", [
        (FindingKind.STRENGTH, FindingArea.PROTECTION, "The building safety team knows every high-rise residential building in the county.", {}),
        (R, FindingArea.PREVENTION, "Evaluate the home fire safety programme against the households it was meant to reach.", {"priority": MEDIUM}),
        (N, FindingArea.PROTECTION, "Fire safety inspectors and housing officers inspect high-rise buildings together.", {
            "title": "Joint high-rise inspections", "shared_with_sector": True,
            "why_it_matters": "Residents are visited once, and faults found by either service are put right by the other.",
            "practice_contact": "Head of protection, Greater Manchester Fire and Rescue Service"}),
    ]),
    ("cornwall", ChallengeType.OPERATIONAL_ASSESSMENT, 100, "lead.peer@example.org", [
        (FindingKind.STRENGTH, FindingArea.PREPAREDNESS, "Coastal and moorland risks are planned for with the coastguard and the national park.", {}),
        (R, FindingArea.TRAINING_DEVELOPMENT, "Give on-call firefighters a way to keep their training current at weekends.", {"priority": HIGH}),
        (N, FindingArea.PREPAREDNESS, "Flood exercises run each autumn with the Environment Agency and parish councils.", {
            "title": "Community flood exercises", "shared_with_sector": True,
            "why_it_matters": "Parishes know their flood plans and their wardens before the winter storms arrive.",
            "practice_contact": "Area manager, resilience, Cornwall Fire and Rescue Service"}),
    ]),
    ("essex", ChallengeType.LEADERSHIP_GOVERNANCE, 66, "c.hughes@example.org", [
        (FindingKind.STRENGTH, FindingArea.GOVERNANCE, "The commissioner's scrutiny panel asks searching questions and publishes its answers.", {}),
        (R, FindingArea.LEADERSHIP, "Agree how the top team will show progress on the culture review to staff.", {"priority": HIGH}),
        (N, FindingArea.LEADERSHIP, "A staff-led culture board, chaired by a firefighter, reports to the top team each quarter.", {
            "title": "Staff-led culture board", "shared_with_sector": True,
            "why_it_matters": "Staff set the questions the leaders answer, and see what changed because of them.",
            "practice_contact": "Director of people, Essex County Fire and Rescue Service"}),
    ]),
]

# A small pool with the variety a principal adviser meets: officer and member peers, one from
# beyond the sector, a challenge manager, specialisms, an unavailable peer and a retired one.
DEMO_PEERS = [
    {"email": "lead.peer@example.org", "full_name": "Alex Morgan", "peer_type": PeerType.OFFICER, "home": "kent",
     "role_title": "Chief fire officer", "can_lead": True, "specialisms": ["protection", "leadership", "culture-change"]},
    {"email": "r.shah@example.org", "full_name": "Ravi Shah", "peer_type": PeerType.OFFICER, "home": "merseyside",
     "role_title": "Deputy chief fire officer", "can_lead": True, "specialisms": ["response", "protection", "control-rooms"],
     "unavailable": (datetime.date(2027, 1, 11), datetime.date(2027, 1, 22))},
    {"email": "h.begum@example.org", "full_name": "Halima Begum", "peer_type": PeerType.OFFICER, "home": "west-yorkshire",
     "role_title": "Area manager", "can_lead": False, "specialisms": ["protection", "prevention"], "tags": ["building safety"]},
    {"email": "g.evans@example.org", "full_name": "Gareth Evans", "peer_type": PeerType.OFFICER, "home": "cleveland",
     "role_title": "Assistant chief fire officer", "can_lead": True, "specialisms": ["finance", "procurement", "financial-planning"]},
    {"email": "c.hughes@example.org", "full_name": "Cllr Claire Hughes", "peer_type": PeerType.MEMBER, "home": "lancashire",
     "role_title": "Chair", "political_group": "labour", "can_lead": True, "specialisms": ["governance", "leadership"]},
    {"email": "p.laing@example.org", "full_name": "Cllr Peter Laing", "peer_type": PeerType.MEMBER, "home": "surrey",
     "role_title": "Councillor", "political_group": "conservative", "specialisms": ["governance", "equality-diversity-inclusion"]},
    {"email": "d.osei@example.org", "full_name": "Daniel Osei", "peer_type": PeerType.BEYOND_SECTOR, "home": None,
     "home_organisation": "Care Quality Commission", "role_title": "Head of inspection",
     "specialisms": ["performance-management", "equality-diversity-inclusion"]},
    {"email": "m.price@example.org", "full_name": "Megan Price", "peer_type": PeerType.CHALLENGE_MANAGER, "home": None,
     "role_title": "Peer challenge manager", "specialisms": ["programme-management"]},
    {"email": "t.clarke@example.org", "full_name": "Tom Clarke", "peer_type": PeerType.OFFICER, "home": "avon",
     "role_title": "Chief fire officer", "can_lead": True, "specialisms": ["prevention", "community-risk-management"]},
    {"email": "s.ward@example.org", "full_name": "Susan Ward", "peer_type": PeerType.OFFICER, "home": "norfolk",
     "role_title": "Group manager", "specialisms": ["training-development", "health-safety-welfare"],
     "is_active": False, "retired_reason": "Retired from the service in 2025"},
]

# Made-up people at two authorities; the improvement lead at Avon is the demo FRA contact.
DEMO_CONTACTS = {
    "avon": [
        (ContactRole.CHIEF_FIRE_OFFICER, "Morgan Reid", "morgan.reid@example.org"),
        (ContactRole.AUTHORITY_CHAIR, "Cllr Helen Price", "helen.price@example.org"),
        (ContactRole.IMPROVEMENT_LEAD, "Jo Bennett", "contact@example.org"),
    ],
    "devon-and-somerset": [
        (ContactRole.CHIEF_FIRE_OFFICER, "Chris Tamar", "chris.tamar@example.org"),
        (ContactRole.AUTHORITY_CHAIR, "Cllr Anna Quantock", "anna.quantock@example.org"),
    ],
}

Q = InspectionQuestion
G = InspectionGrade

# Illustrative inspections for the demo, not HMICFRS's published grades: one on today's
# five-grade scale and an earlier one on the four-grade scale.
DEMO_INSPECTIONS = [
    {
        "authority": "avon", "round_name": "Round 3 (2023 to 2025)", "grade_scale": GradeScale.FIVE_GRADE,
        "started_on": datetime.date(2024, 2, 5), "ended_on": datetime.date(2024, 2, 16),
        "report_published_on": datetime.date(2024, 7, 3),
        "grades": {
            Q.UNDERSTANDING_RISK: G.GOOD, Q.PREVENTING_FIRES: G.ADEQUATE, Q.PROTECTING_THE_PUBLIC: G.REQUIRES_IMPROVEMENT,
            Q.RESPONDING_TO_FIRES: G.ADEQUATE, Q.MAJOR_INCIDENTS: G.GOOD, Q.BEST_USE_OF_RESOURCES: G.ADEQUATE,
            Q.AFFORDABLE: G.GOOD, Q.VALUES_AND_CULTURE: G.REQUIRES_IMPROVEMENT, Q.RIGHT_PEOPLE: G.ADEQUATE,
            Q.FAIRNESS_AND_DIVERSITY: G.INADEQUATE, Q.PERFORMANCE_AND_LEADERS: G.ADEQUATE,
        },
        "causes_of_concern": "The service has not done enough to improve equality, diversity and inclusion.",
    },
    {
        "authority": "avon", "round_name": "Round 2 (2021 to 2022)", "grade_scale": GradeScale.FOUR_GRADE,
        "started_on": datetime.date(2021, 10, 4), "ended_on": datetime.date(2021, 10, 15),
        "report_published_on": datetime.date(2022, 1, 27),
        "grades": {
            Q.UNDERSTANDING_RISK: G.GOOD, Q.PREVENTING_FIRES: G.GOOD, Q.PROTECTING_THE_PUBLIC: G.REQUIRES_IMPROVEMENT,
            Q.RESPONDING_TO_FIRES: G.GOOD, Q.MAJOR_INCIDENTS: G.GOOD, Q.BEST_USE_OF_RESOURCES: G.REQUIRES_IMPROVEMENT,
            Q.AFFORDABLE: G.GOOD, Q.VALUES_AND_CULTURE: G.GOOD, Q.RIGHT_PEOPLE: G.REQUIRES_IMPROVEMENT,
            Q.FAIRNESS_AND_DIVERSITY: G.REQUIRES_IMPROVEMENT, Q.PERFORMANCE_AND_LEADERS: G.REQUIRES_IMPROVEMENT,
        },
        "causes_of_concern": "",
    },
]


class Command(BaseCommand):
    help = "Load demo users (one per role), peers and a published challenge. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo data has known passwords: run it only with DEBUG=true, or pass --force.")
        with transaction.atomic():
            users = self.create_users()
            self.create_peers()
            self.create_register(users)
        self.create_published_challenge(users)
        self.create_programme(users)
        self.create_library(users)
        self.create_this_years_report(users)
        self.create_committee_paper(users)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Every demo login uses the password {DEMO_PASSWORD!r}:"))
        for spec in DEMO_USERS:
            self.stdout.write(f"  {spec['email']:<24} {Role(spec['role']).label}")

    def create_users(self):
        users = {}
        for spec in DEMO_USERS:
            spec = dict(spec)
            if spec.get("authority"):
                spec["authority"] = Authority.objects.get(slug=spec["authority"])
            email = spec.pop("email")
            user, created = User.objects.get_or_create(email=email, defaults=spec)
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            users[user.role] = user
        return users

    def create_peers(self):
        for spec in DEMO_PEERS:
            spec = dict(spec)
            home, email = spec.pop("home"), spec.pop("email")
            specialisms, tags = spec.pop("specialisms", []), spec.pop("tags", [])
            unavailable = spec.pop("unavailable", None)
            spec["home_authority"] = Authority.objects.get(slug=home) if home else None
            spec["user"] = User.objects.filter(email=email, role=Role.PEER).first()
            spec.setdefault("consented_on", CONSENTED)
            peer, created = Peer.objects.get_or_create(email=email, defaults=spec)
            if not created:
                continue
            peer.specialisms.set(Specialism.objects.filter(code__in=specialisms))
            peer.tags.set(tags_from_names(tags))
            TrainingRecord.objects.create(
                peer=peer, course="LGA peer challenge induction", completed_on=datetime.date(2025, 10, 6),
                expires_on=datetime.date(2028, 10, 6),
            )
            if unavailable:
                Unavailability.objects.create(peer=peer, start_date=unavailable[0], end_date=unavailable[1], reason="Leave")
        self.create_wider_pool()

    def create_wider_pool(self):
        """Sixty more peers, made up the same way every run, so that the team planner has a pool
        to choose from: officers (some accredited to lead), member peers of several groups,
        peers from beyond the sector and challenge managers, from every region."""
        if Peer.objects.filter(email__startswith="pool.").exists():
            return
        rng = random.Random(2026)
        authorities = list(Authority.objects.filter(status="current").order_by("slug"))
        codes = list(Specialism.objects.values_list("code", flat=True))
        groups = ["conservative", "labour", "liberal_democrat", "independent"]
        mix = [PeerType.OFFICER] * 36 + [PeerType.MEMBER] * 12 + [PeerType.BEYOND_SECTOR] * 6 + [PeerType.CHALLENGE_MANAGER] * 6
        for number, peer_type in enumerate(mix, start=1):
            first, last = FIRST_NAMES[number % len(FIRST_NAMES)], LAST_NAMES[(number * 7) % len(LAST_NAMES)]
            peer = Peer.objects.create(
                email=f"pool.{number}@example.org", full_name=("Cllr " if peer_type == PeerType.MEMBER else "") + f"{first} {last}",
                peer_type=peer_type, consented_on=CONSENTED,
                home_authority=rng.choice(authorities) if peer_type in (PeerType.OFFICER, PeerType.MEMBER) else None,
                home_organisation="Local Government Ombudsman" if peer_type == PeerType.BEYOND_SECTOR else "",
                political_group=groups[number % len(groups)] if peer_type == PeerType.MEMBER else "",
                can_lead=peer_type == PeerType.OFFICER and number % 3 == 0 or peer_type == PeerType.MEMBER and number % 4 == 0,
                role_title={PeerType.OFFICER: "Group manager", PeerType.MEMBER: "Councillor"}.get(peer_type, "Adviser"),
            )
            peer.specialisms.set(Specialism.objects.filter(code__in=rng.sample(codes, 3)))
            TrainingRecord.objects.create(
                peer=peer, course="LGA peer challenge induction", completed_on=datetime.date(2025, 10, 6),
                # One in ten let their training lapse: the planner shows it as a soft conflict.
                expires_on=datetime.date(2026, 10, 6) if number % 10 == 0 else datetime.date(2028, 10, 6),
            )

    def create_register(self, users):
        # Only what is missing, so that corrections made in the service survive a second run.
        admin = users[Role.LGA_ADMIN]
        for slug, contacts in DEMO_CONTACTS.items():
            authority = Authority.objects.get(slug=slug)
            recorded = set(authority.contacts.values_list("role", flat=True))
            for role, name, email in contacts:
                if role not in recorded:
                    authority_contact_save(by=admin, authority=authority, role=role, name=name, email=email)
        for spec in DEMO_INSPECTIONS:
            spec = dict(spec)
            authority = Authority.objects.get(slug=spec.pop("authority"))
            if not authority.inspections.filter(round_name=spec["round_name"]).exists():
                inspection_save(by=admin, authority=authority, **spec)

    def create_published_challenge(self, users):
        """A challenge at Devon and Somerset, booked, staffed, with findings, its summary and
        approach written, checked by the authority, and its report rendered and published, then
        followed up. Made whole or not at all, once."""
        authority = Authority.objects.get(slug="devon-and-somerset")
        if Challenge.objects.filter(authority=authority).exists():
            return
        adviser, lead_user = users[Role.PRINCIPAL_ADVISER], users[Role.PEER]
        with transaction.atomic():
            challenge = self.book_challenge_with_findings(authority, users[Role.LGA_ADMIN], adviser, lead_user)
            challenge_report_text_save(by=lead_user, challenge=challenge, **DEMO_REPORT_TEXT)
            _factual_check_answered(challenge, adviser, lead_user)
            report = _rendered(report_request(by=lead_user, challenge=challenge))
            report_publish(by=adviser, report=report)
            _follow_up(challenge, adviser)

    def book_challenge_with_findings(self, authority, admin, adviser, lead_user):
        # Recorded by an administrator: it happened before the demo's today.
        challenge = challenge_book(
            by=admin,
            record_past=True,
            authority=authority,
            challenge_type=ChallengeType.OPERATIONAL_ASSESSMENT,
            start_date=datetime.date(2026, 3, 9),
            end_date=datetime.date(2026, 3, 12),
        )
        _staff(adviser, challenge, [
            (lead_user.peer, TeamRole.LEAD_PEER, True), (Peer.objects.get(email="c.hughes@example.org"), TeamRole.MEMBER_PEER, True),
        ])
        for kind, area, text in [
            (FindingKind.STRENGTH, FindingArea.PREVENTION, "Home fire safety visits are targeted using a clear, data-led risk model."),
            (FindingKind.AREA_FOR_CONSIDERATION, FindingArea.PROTECTION, "The risk-based inspection programme is behind its own timetable."),
            (FindingKind.RECOMMENDATION, FindingArea.PROTECTION, "Review the capacity of the protection team against the risk-based inspection programme."),
            (FindingKind.NOTABLE_PRACTICE, FindingArea.RESPONSE, "On-call availability is shared live with neighbouring services."),
        ]:
            extras = {
                FindingKind.RECOMMENDATION: {"priority": RecommendationPriority.HIGH},
                FindingKind.NOTABLE_PRACTICE: {
                    "title": "On-call availability shared live", "shared_with_sector": True,
                    "why_it_matters": "Neighbouring services send the nearest available crew across the border.",
                    "practice_contact": "Head of response, Merseyside Fire and Rescue Service",
                },
            }.get(kind, {})
            finding_record(by=lead_user, challenge=challenge, kind=kind, area=area, text=text, **extras)
        return challenge

    def create_programme(self, users):
        """A challenge at every stage of its life, dated from today, in the adviser's region
        and beyond: a request waiting, one being scoped, visits coming up and on site, reports
        being written and checked (one late), one postponed, one cancelled and one closed.
        Then the daily check, as the periodic work would run it. Made once."""
        if Challenge.objects.filter(authority__slug="gloucestershire").exists():
            return
        admin, adviser, contact = users[Role.LGA_ADMIN], users[Role.PRINCIPAL_ADVISER], users[Role.FRA_CONTACT]
        lead = Peer.objects.get(email="lead.peer@example.org")
        manager = Peer.objects.get(email="m.price@example.org")
        today = timezone.localdate()
        S = ChallengeStatus

        def authority(slug):
            return Authority.objects.get(slug=slug)

        def past(slug, challenge_type, weeks_ago, days=4, then=()):
            start = _monday(today, -weeks_ago)
            challenge = challenge_book(
                by=admin, record_past=True, authority=authority(slug), challenge_type=challenge_type,
                start_date=start, end_date=start + datetime.timedelta(days=days - 1),
            )
            order = list(S)
            for status in then:  # on from where recording it put it (on site, or fed back)
                if order.index(status) > order.index(challenge.status):
                    challenge = challenge_status_change(by=admin, challenge=challenge, status=status, reason="")
            return challenge

        with transaction.atomic():
            # Requests: Cornwall's waiting; Avon's, from the demo contact, taken on and being scoped,
            # with its team proposed and a concern from the authority to answer.
            # Cornwall's contact has no demo password: the four demo logins are enough to sign in with.
            cornwall_contact, created = User.objects.get_or_create(
                email="cornwall.contact@example.org",
                defaults={"full_name": "Kerensa Pascoe", "role": Role.FRA_CONTACT, "authority": authority("cornwall")},
            )
            if created:
                cornwall_contact.set_unusable_password()
                cornwall_contact.save(update_fields=["password"])
            challenge_request(
                by=cornwall_contact, challenge_type=ChallengeType.DEEP_DIVE, preferred_period="Before the summer",
                request_details="Equality, diversity and inclusion, after our last inspection.",
            )
            scoping = challenge_request(
                by=contact, challenge_type=ChallengeType.LEADERSHIP_GOVERNANCE, preferred_period="Early next year",
                request_details="How the authority's scrutiny works, and the top team's development.",
            )
            challenge_take_on(by=adviser, challenge=scoping)
            start = _monday(today, 10)
            challenge_scope(by=adviser, challenge=scoping, focus_areas=["leadership", "governance"],
                            inspection_relation=InspectionRelation.AFTER, funding=Funding.SECTOR_GRANT,
                            start_date=start, end_date=start + datetime.timedelta(days=2))
            places = _staff(adviser, scoping, [
                (Peer.objects.get(email="c.hughes@example.org"), TeamRole.LEAD_PEER, True),
                (Peer.objects.get(email="p.laing@example.org"), TeamRole.MEMBER_PEER, None),
                (Peer.objects.get(email="h.begum@example.org"), TeamRole.OFFICER_PEER, "On leave that week"),
                (manager, TeamRole.CHALLENGE_MANAGER, "proposed"),
            ])
            team_concern_raise(by=contact, place=places[1], reason=(
                "Cllr Laing chaired the audit committee of a neighbouring authority when we shared a control room "
                "with it: we would like a member peer without that history."
            ))

            # Visits coming up: Gloucestershire in six weeks, scoped and with part of a team;
            # the Isles of Scilly in five months.
            start = _monday(today, 6)
            soon = challenge_book(by=adviser, authority=authority("gloucestershire"), challenge_type=ChallengeType.OPERATIONAL_ASSESSMENT,
                                  start_date=start, end_date=start + datetime.timedelta(days=3))
            challenge_scope(by=adviser, challenge=soon, scoping_meeting_on=today - datetime.timedelta(days=14),
                            focus_areas=["community_risk_management", "prevention", "protection", "leadership"],
                            own_priorities="On-call recruitment and retention", inspection_relation=InspectionRelation.BEFORE,
                            funding=Funding.SECTOR_GRANT, challenge_manager=admin, notes="The chief fire officer retires in the spring.")
            _staff(adviser, soon, [
                (lead, TeamRole.LEAD_PEER, True), (manager, TeamRole.CHALLENGE_MANAGER, True),
                (Peer.objects.get(email="g.evans@example.org"), TeamRole.OFFICER_PEER, None),
            ])
            start = _monday(today, 22)
            scilly = challenge_book(by=adviser, authority=authority("isles-of-scilly"), challenge_type=ChallengeType.PRE_INSPECTION,
                                    start_date=start, end_date=start + datetime.timedelta(days=2))
            _staff(adviser, scilly, [(lead, TeamRole.LEAD_PEER, None)])  # the demo lead peer's invitation to answer

            # For the team planner: three visits booked for next quarter with no team yet, one
            # peer pinned and one ruled out.
            quarter = _next_quarter(today)
            for slug, weeks, challenge_type in (("surrey", 1, ChallengeType.OPERATIONAL_ASSESSMENT),
                                                ("norfolk", 1, ChallengeType.OPERATIONAL_ASSESSMENT),
                                                ("west-yorkshire", 4, ChallengeType.TARGETED)):
                start = _monday(quarter, weeks)
                planned = challenge_book(by=admin, authority=authority(slug), challenge_type=challenge_type,
                                         start_date=start, end_date=start + datetime.timedelta(days=3))
                if slug == "surrey":
                    team_pin(by=admin, challenge=planned, peer=Peer.objects.get(email="r.shah@example.org"), role=TeamRole.LEAD_PEER)
                if slug == "norfolk":
                    team_ban(by=admin, challenge=planned, peer=Peer.objects.get(email="t.clarke@example.org"),
                             reason="Worked with the chief fire officer until last year")

            # On site this week, and reports on their way: Cleveland's being drafted, Kent's at
            # the authority's factual check and late.
            on_site = challenge_book(
                by=admin, record_past=True, authority=authority("dorset-and-wiltshire"),
                challenge_type=ChallengeType.OPERATIONAL_ASSESSMENT, start_date=today - datetime.timedelta(days=1),
                end_date=today + datetime.timedelta(days=2),
            )
            _staff(admin, on_site, [(Peer.objects.get(email="r.shah@example.org"), TeamRole.LEAD_PEER, True)])
            _slides_for_the_last_day(on_site)
            past("west-midlands", ChallengeType.OPERATIONAL_ASSESSMENT, 2, then=(S.FEEDBACK_GIVEN,))
            cleveland = past("cleveland", ChallengeType.TARGETED, 5, then=(S.FEEDBACK_GIVEN, S.REPORT_DRAFTING))
            kent = past("kent", ChallengeType.LEADERSHIP_GOVERNANCE, 17, days=3,
                        then=(S.FEEDBACK_GIVEN, S.REPORT_DRAFTING, S.FACTUAL_CHECK))
            _staff(admin, kent, [(Peer.objects.get(email="d.osei@example.org"), TeamRole.BEYOND_SECTOR, True),
                                 (Peer.objects.get(email="c.hughes@example.org"), TeamRole.LEAD_PEER, True)])

            # Stopped: Lancashire's postponed, Merseyside's cancelled.
            start = _monday(today, 10)
            lancashire = challenge_book(by=admin, authority=authority("lancashire"), challenge_type=ChallengeType.DEEP_DIVE,
                                        theme="Procurement", start_date=start, end_date=start + datetime.timedelta(days=2))
            challenge_status_change(by=admin, challenge=lancashire, status=S.POSTPONED,
                                    reason="The authority's budget setting moved into the same week.")
            merseyside = challenge_book(by=admin, authority=authority("merseyside"), challenge_type=ChallengeType.TARGETED,
                                        start_date=start, end_date=start + datetime.timedelta(days=3))
            challenge_status_change(by=admin, challenge=merseyside, status=S.CANCELLED,
                                    reason="The authority chose support from a neighbouring service instead.")

            # A progress review under way, about ten months after its visit.
            hampshire = past("hampshire-and-isle-of-wight", ChallengeType.OPERATIONAL_ASSESSMENT, 44,
                             then=(S.FEEDBACK_GIVEN, S.REPORT_DRAFTING))

            self.create_findings_work(users, cleveland=cleveland, hampshire=hampshire)
        challenges_daily(today=today)

    def create_library(self, users):
        """The public library beyond Devon and Somerset: reports published in earlier years at
        Greater Manchester, Cornwall and Essex, each with notable practice, their challenges
        closed since; and Avon's challenge of three years ago, whose report was published and
        then withdrawn at the authority's request. Made once."""
        if Challenge.objects.filter(authority__slug="greater-manchester").exists():
            return
        admin = users[Role.LGA_ADMIN]
        with transaction.atomic():
            for slug, challenge_type, weeks_ago, lead_email, findings in PAST_REPORTS:
                challenge, report = _past_report(admin, slug, challenge_type, weeks_ago, lead_email, findings)
                challenge_status_change(by=admin, challenge=challenge, status=ChallengeStatus.CLOSED)
            challenge, report = _past_report(admin, "avon", ChallengeType.OPERATIONAL_ASSESSMENT, 150, "g.evans@example.org",
                                             AVON_PAST_FINDINGS)
            challenge_status_change(by=admin, challenge=challenge, status=ChallengeStatus.CLOSED)
            report_withdraw(by=admin, report=report, reason=AVON_WITHDRAWAL_REASON)

    def create_this_years_report(self, users):
        """Humberside's challenge of this financial year: visited ten weeks ago (or on the
        year's first days, early in the year), an invitation to its team declined, its report
        published and evaluated, so that the year's insight and committee paper have learning
        points, evaluation results and a declined place whatever the day. Made once."""
        if Challenge.objects.filter(authority__slug="humberside").exists():
            return
        admin = users[Role.LGA_ADMIN]
        today = timezone.localdate()
        # Ten weeks ago, but not before the year began: the challenge counts in this year
        # (but on its first day, when there is no earlier day of it to have visited on).
        end = min(max(today - datetime.timedelta(weeks=10), InsightPeriod.containing(today).first_day), today - datetime.timedelta(days=1))
        peer, member = Peer.objects.get(email="g.evans@example.org"), Peer.objects.get(email="p.laing@example.org")
        with transaction.atomic():
            challenge = challenge_book(
                by=admin, record_past=True, authority=Authority.objects.get(slug="humberside"),
                challenge_type=ChallengeType.OPERATIONAL_ASSESSMENT, start_date=end - datetime.timedelta(days=3), end_date=end,
            )
            # Recorded after its visit, it takes the visit's day as its request: the request's day
            # from the LGA's own records, for the lead time from request to visit.
            record_update(challenge, by=admin, fields=["requested_on"], data={"requested_on": end - datetime.timedelta(days=120)})
            _staff(admin, challenge, [
                (peer, TeamRole.LEAD_PEER, True), (member, TeamRole.MEMBER_PEER, True),
                (Peer.objects.get(email="t.clarke@example.org"), TeamRole.OFFICER_PEER, "Our own inspection falls in the same week"),
            ])
            lead_user = _login_for(peer)
            for kind, area, text, extras in HUMBERSIDE_FINDINGS:
                finding_record(by=lead_user, challenge=challenge, kind=kind, area=area, text=text, **extras)
            report = report_publish(by=admin, report=_rendered(report_request(by=lead_user, challenge=challenge)))
            published = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(weeks=6), datetime.time(10, 30)))
            # Before the demo's other reports published today, early in the year too.
            _dated(report, min(published, timezone.now() - datetime.timedelta(days=1)))
            for evaluation, ratings in zip(report.challenge.evaluations.order_by("name"), ((4, 5, 4, 3), (5, 4, 4, 4)), strict=True):
                evaluation_answer(evaluation=evaluation, ratings=dict(zip(RATING_FIELDS, ratings, strict=True)),
                                  comments="A useful few days: the team understood a rural and urban service.")

    def create_committee_paper(self, users):
        """The committee paper on this financial year's programme, in England, asked for by
        the demo administrator and rendered as its PDF. Made once."""
        if CommitteePaper.objects.exists():
            return
        paper = committee_paper_request(by=users[Role.LGA_ADMIN], period=InsightPeriod.containing(timezone.localdate()))
        _rendered(paper)

    def create_findings_work(self, users, *, cleveland, hampshire):
        """The work after a visit: the library of wording; Cleveland's findings being written,
        of every kind, with a team member's draft waiting for the lead and one rejected; Avon's
        draft at the demo contact's factual accuracy check, overdue; Hampshire's progress review
        under way, recommendation by recommendation."""
        admin, adviser, contact, lead_user = (users[role] for role in (Role.LGA_ADMIN, Role.PRINCIPAL_ADVISER, Role.FRA_CONTACT, Role.PEER))
        today = timezone.localdate()
        wording = [
            finding_template_save(by=admin, kind=kind, area=area, text=text) for kind, area, text in WORDING_LIBRARY
        ]
        hughes = Peer.objects.get(email="c.hughes@example.org")
        member_user = _login_for(hughes)
        _staff(admin, cleveland, [(lead_user.peer, TeamRole.LEAD_PEER, True), (hughes, TeamRole.MEMBER_PEER, True)])
        for kind, area, text, extras in CLEVELAND_FINDINGS:
            finding_record(by=lead_user, challenge=cleveland, kind=kind, area=area, text=text, **extras)
        finding_record(by=lead_user, challenge=cleveland, template=wording[0], kind=wording[0].kind, area=wording[0].area,
                       text=wording[0].text)
        finding_record(by=member_user, challenge=cleveland, kind=FindingKind.STRENGTH, area=FindingArea.PREVENTION, text=(
            "Safe and well visits reach the households most at risk:\n\n"
            "- referrals from **adult social care** have doubled in a year\n- every visit is followed up within 28 days"
        ))
        rejected = finding_record(by=member_user, challenge=cleveland, kind=FindingKind.AREA_FOR_CONSIDERATION,
                                  area=FindingArea.RESPONSE, text="Fleet replacement is slow.")
        finding_reject(by=lead_user, finding=rejected, reason="The team did not look at the fleet: it was outside the scope agreed")

        # Avon's deep dive: the draft at the demo contact's factual check, its deadline passed.
        start = _monday(today, -8)
        avon = challenge_book(by=admin, record_past=True, authority=Authority.objects.get(slug="avon"),
                              challenge_type=ChallengeType.DEEP_DIVE, theme="Protection",
                              start_date=start, end_date=start + datetime.timedelta(days=2))
        _staff(admin, avon, [(lead_user.peer, TeamRole.LEAD_PEER, True), (hughes, TeamRole.MEMBER_PEER, True)])
        avon = challenge_status_change(by=lead_user, challenge=avon, status=ChallengeStatus.REPORT_DRAFTING)
        for kind, area, text, extras in AVON_FINDINGS:
            finding_record(by=lead_user, challenge=avon, kind=kind, area=area, text=text, **extras)
        check = factual_check_send(by=adviser, challenge=avon, deadline=factual_check_deadline_default(today=today))
        # Dated as if sent three weeks ago, so that its deadline has passed.
        FactualCheck.objects.filter(pk=check.pk).update(
            sent_at=timezone.now() - datetime.timedelta(weeks=3), deadline=_working_days_before(today, 2),
        )
        factual_check_comment_add(
            by=contact, factual_check=check, finding=avon.findings.get(kind=FindingKind.RECOMMENDATION),
            comment="The backlog figure is from last March; it is 410 premises now.",
            proposed_text="Reduce the backlog of 410 high-risk premises awaiting an audit, with a trajectory reported to members.",
        )
        # Its report asked for, and the render failed: LGA staff read why, and try again.
        failed = pipeline.report_claim(report_id=report_request(by=lead_user, challenge=avon).pk)
        with _quiet(pipeline.logger):  # failed on purpose: not an error for whoever loads the demo
            pipeline.report_mark_failed(report=failed, error=pipeline.TIME_LIMIT_ERROR)

        # Hampshire's findings, its report published and then corrected, and its progress review under way.
        shah = Peer.objects.get(email="r.shah@example.org")
        _staff(admin, hampshire, [(shah, TeamRole.LEAD_PEER, True)])
        for kind, area, text, extras in HAMPSHIRE_FINDINGS:
            finding_record(by=_login_for(shah), challenge=hampshire, kind=kind, area=area, text=text, **extras)
        hampshire = challenge_status_change(by=admin, challenge=hampshire, status=ChallengeStatus.FACTUAL_CHECK)
        hampshire = _published_then_corrected(admin, hampshire, _login_for(shah))
        progress_review_schedule(by=admin, challenge=hampshire, scheduled_for=today + datetime.timedelta(days=10))
        first = recommendations_numbered(challenge=hampshire)[0]
        recommendation_progress_record(
            by=admin, challenge=hampshire, recommendation=first, assessment=ProgressAssessment.GOOD_PROGRESS,
            progress="The on-call contract was renegotiated in the autumn; availability is up from 71% to 83%.",
        )


@contextlib.contextmanager
def _quiet(logger):
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = False


def _rendered(report):
    """The version (or committee paper) rendered now, in this process, as a worker would render
    it (claimed, rendered, stored with its checksums): ready for what follows."""
    report = pipeline.document_render(model=type(report), pk=report.pk)
    if report.status != ReportStatus.READY:
        raise CommandError(f"The demo's report {report} did not render: {report.error_message}")
    return report


def _dated(report, published_at):
    """Date a published version of a past challenge's report as it happened: asked for and
    rendered a fortnight before it was published. The services date what they do now; the demo
    records the past, as an administrator recording past challenges does."""
    asked = published_at - datetime.timedelta(weeks=2)
    FeedbackReport.objects.filter(pk=report.pk).update(
        requested_at=asked, queued_at=asked, started_at=asked, finished_at=asked + datetime.timedelta(seconds=40),
        published_at=published_at,
    )


def _past_report(admin, slug, challenge_type, weeks_ago, lead_email, findings):
    """A challenge visited `weeks_ago` weeks ago, its findings recorded by its lead peer, its
    feedback report rendered and published two months after the visit."""
    start = _monday(timezone.localdate(), -weeks_ago)
    challenge = challenge_book(
        by=admin, record_past=True, authority=Authority.objects.get(slug=slug), challenge_type=challenge_type,
        start_date=start, end_date=start + datetime.timedelta(days=3),
    )
    peer = Peer.objects.get(email=lead_email)
    _staff(admin, challenge, [(peer, TeamRole.LEAD_PEER, True)])
    lead_user = _login_for(peer)
    for kind, area, text, extras in findings:
        finding_record(by=lead_user, challenge=challenge, kind=kind, area=area, text=text, **extras)
    report = report_publish(by=admin, report=_rendered(report_request(by=lead_user, challenge=challenge)))
    _dated(report, _published_after(challenge, weeks=8))
    return report.challenge, report


def _published_after(challenge, *, weeks):
    """A time of day, `weeks` weeks after the visit ended."""
    day = challenge.end_date + datetime.timedelta(weeks=weeks)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 30)))


def _published_then_corrected(admin, challenge, lead_user):
    """Hampshire's report: version 1 published two months after the visit; the authority's action
    plan made final; then a correction opened, a recommendation corrected and version 2
    published with the plan as its appendix, version 1 superseded and still public."""
    first = report_publish(by=admin, report=_rendered(report_request(by=lead_user, challenge=challenge)))
    _dated(first, _published_after(challenge, weeks=8))
    contact = _contact_for("hampshire-and-isle-of-wight", "Isla Venn")
    for number, recommendation in enumerate(recommendations_numbered(challenge=challenge), start=1):
        response = recommendation_respond(
            by=contact, challenge=challenge, recommendation=recommendation,
            response="Accepted. The service's improvement board will oversee it.",
        )
        planned_action_add(
            by=contact, response=response, action=f"Agree the plan for recommendation {number} with the representative bodies",
            owner="Assistant chief fire officer", milestone=timezone.localdate() + datetime.timedelta(days=90 * number),
            resources="Within existing budgets", success_measure="The plan agreed and reported to the fire authority",
            status=ActionStatus.ON_TRACK,
        )
    action_plan_finalise(by=contact, challenge=challenge)
    report_correction_open(by=admin, challenge=challenge, change_note=HAMPSHIRE_CORRECTION_NOTE)
    finding = challenge.findings.get(text=HAMPSHIRE_FINDINGS[1][2])
    finding_edit(by=lead_user, finding=finding, version=finding.version, reason="Correction of the published report",
                 text=HAMPSHIRE_CORRECTED_TEXT)
    second = report_publish(by=admin, report=_rendered(report_request(by=lead_user, challenge=challenge)))
    _dated(second, _published_after(challenge, weeks=20))
    return second.challenge


def _slides_for_the_last_day(challenge):
    """Dorset and Wiltshire's team on site: findings recorded as the visit goes, and the slides for
    the verbal feedback on the last day asked for by the lead peer and ready."""
    lead_user = _login_for(challenge.team.get(role=TeamRole.LEAD_PEER).peer)
    for kind, area, text, extras in DORSET_FINDINGS:
        finding_record(by=lead_user, challenge=challenge, kind=kind, area=area, text=text, **extras)
    _rendered(report_request(by=lead_user, challenge=challenge, kind=ReportKind.FEEDBACK_SLIDES))


def _login_for(peer):
    """A login for a demo peer other than the demo lead peer, with no password: their drafts
    and answers are made here, and the four demo logins are enough to sign in with."""
    if peer.user_id is None:
        user = User.objects.create(email=peer.email, full_name=peer.full_name, role=Role.PEER)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        peer.user = user
        peer.save(update_fields=["user"])
    return peer.user


def _contact_for(slug, name):
    """An FRA contact of the authority with no password (see _login_for)."""
    authority = Authority.objects.get(slug=slug)
    user, created = User.objects.get_or_create(
        email=f"{slug}.contact@example.org", defaults={"full_name": name, "role": Role.FRA_CONTACT, "authority": authority},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _factual_check_answered(challenge, adviser, lead_user):
    """Devon and Somerset's draft checked by the authority before publication: one correction
    accepted (the finding's history keeps the earlier words), one comment not accepted."""
    challenge = challenge_status_change(by=lead_user, challenge=challenge, status=ChallengeStatus.REPORT_DRAFTING)
    contact = _contact_for("devon-and-somerset", "Morwenna Trist")
    check = factual_check_send(by=adviser, challenge=challenge, deadline=factual_check_deadline_default(today=timezone.localdate()))
    recommendation = challenge.findings.get(kind=FindingKind.RECOMMENDATION)
    correction = factual_check_comment_add(
        by=contact, factual_check=check, finding=recommendation,
        comment="The programme was re-planned in February: the timetable the team saw is the old one.",
        proposed_text="Review the capacity of the protection team against the re-planned risk-based inspection programme.",
    )
    area_comment = factual_check_comment_add(
        by=contact, factual_check=check, area=FindingArea.PREVENTION,
        comment="Could the report mention our work with the ambulance service on falls?",
    )
    factual_check_submit(by=contact, factual_check=check)
    factual_comment_answer(by=lead_user, comment=correction, outcome=CommentOutcome.ACCEPTED,
                           reply="Agreed: the recommendation now names the re-planned programme.")
    factual_comment_answer(by=lead_user, comment=area_comment, outcome=CommentOutcome.REJECTED,
                           reply="The team did not see that work on site, so the report cannot speak to it.")


def _follow_up(challenge, adviser):
    """After publication: the authority's action plan, final and public; evaluations, some
    answered; the progress review scheduled for about ten months after the visit."""
    user = _contact_for("devon-and-somerset", "Morwenna Trist")
    for number, recommendation in enumerate(recommendations_numbered(challenge=challenge), start=1):
        response = recommendation_respond(
            by=user, challenge=challenge, recommendation=recommendation,
            response="Accepted. The protection team's establishment will be reviewed against the re-planned programme.",
        )
        planned_action_add(
            by=user, response=response, action="Model the inspection workload of the re-planned programme by station area",
            owner="Head of protection", milestone=timezone.localdate() + datetime.timedelta(days=60 * number),
            resources="Two analysts for six weeks", success_measure="A workload model agreed by the executive board",
            status=ActionStatus.ON_TRACK,
        )
        planned_action_add(
            by=user, response=response, action="Recruit and train four further fire safety inspectors",
            owner="Area manager, protection", milestone=timezone.localdate() + datetime.timedelta(days=240),
            resources="Growth bid of £180,000 a year", success_measure="Inspectors qualified to level 4 in post",
            status=ActionStatus.AT_RISK,
        )
    action_plan_finalise(by=user, challenge=challenge)
    for evaluation, ratings in zip(challenge.evaluations.order_by("role", "name"), ((5, 4, 5, 4), (4, 4, 3, 5)), strict=False):
        evaluation_answer(
            evaluation=evaluation, ratings=dict(zip(RATING_FIELDS, ratings, strict=True)),
            comments="Well prepared, and the team listened. The report's recommendations are ones we can act on.",
        )
    progress_review_schedule(by=adviser, challenge=challenge, scheduled_for=progress_review_default_date(challenge=challenge))


def _staff(adviser, challenge, team):
    """Put a team together as the service does: each peer proposed, invited, then answering
    (True accepts, a string declines with that reason, None leaves the invitation waiting,
    "proposed" leaves the place proposed)."""
    places = [
        (team_member_add(by=adviser, challenge=challenge, peer=peer, role=role,
                         soft_conflict_reason="Agreed with the principal adviser: the best fit for this team"), answer)
        for peer, role, answer in team
    ]
    to_invite = [place for place, answer in places if answer != "proposed"]
    if to_invite:
        team_invitations_send(by=adviser, challenge=challenge, places=to_invite)
    for place, answer in places:
        if answer is True:
            team_invitation_answer(place=place, accept=True)
        elif isinstance(answer, str) and answer != "proposed":
            team_invitation_answer(place=place, accept=False, reason=answer)
    return [place for place, _ in places]


def _next_quarter(today):
    """The first day of the next calendar quarter."""
    month = (today.month - 1) // 3 * 3 + 4
    return datetime.date(today.year + (month > 12), (month - 1) % 12 + 1, 1)


def _working_days_before(today, days):
    day = today
    while days:
        day -= datetime.timedelta(days=1)
        days -= is_working_day(day)
    return day


def _monday(today, weeks):
    """The Monday `weeks` weeks from this week's (earlier, if negative), moved on a week while
    it is not a working day (a bank holiday Monday)."""
    monday = today - datetime.timedelta(days=today.weekday()) + datetime.timedelta(weeks=weeks)
    while not is_working_day(monday):
        monday += datetime.timedelta(weeks=1)
    return monday
