"""The programme's progress report to the LGA's Fire Services Management Committee, for one
period: what the paper says, worked out once from the insight's figures
(challenges/selectors/insight.py programme_insight), as plain data that the Word document
(committee_paper_docx.py), the PDF and its HTML twin (documents.py) all lay out. So the three
hold the same words and figures, and every figure is the insight page's.

The paper has the committee's fixed shape (DOMAIN.md, "Committee papers"): title, purpose of
report, summary, recommendations, action and contact officer; then numbered paragraphs,
numbered across the paper, under headings; then an appendix listing the period's challenges."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from challenges.insight.tables import display_value
from peersupport.formats import long_date

PUBLISHER = "Local Government Association"
# The committee the paper goes to.
COMMITTEE = "Fire Services Management Committee"
# The most frequent areas for consideration and strengths the paper names.
THEMES_NAMED = 5
# The table the appendix lists.
APPENDIX_TABLE = "challenges-in-period"


@dataclass(frozen=True)
class Paragraph:
    """A numbered paragraph: its number across the paper, its text, and the list that ends it
    (one line each), if any."""

    number: int
    text: str
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class PaperSection:
    """A heading and its numbered paragraphs; `id` anchors it in the PDF and HTML twin."""

    id: str
    heading: str
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class ContactOfficer:
    name: str
    position: str
    phone: str
    email: str


@dataclass(frozen=True)
class Appendix:
    """A table of the paper's appendix: its headings and its rows as the paper prints them."""

    title: str
    description: str
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str


@dataclass(frozen=True)
class CommitteePaperContent:
    title: str
    subject: str  # one sentence: the documents' subject (core properties, PDF metadata)
    period_label: str
    region_label: str
    as_of: datetime.date
    generated_on: datetime.date
    purpose: str
    summary: str
    recommendations: str
    action: str
    contact: ContactOfficer
    sections: tuple[PaperSection, ...]
    appendix: Appendix
    publisher: str = PUBLISHER
    committee: str = COMMITTEE
    keywords: tuple[str, ...] = field(default=("fire peer challenge", "sector-led improvement", "committee paper"))

    @property
    def paragraphs(self) -> list[Paragraph]:
        """Every numbered paragraph, in order."""
        return [paragraph for section in self.sections for paragraph in section.paragraphs]


def n(value) -> str:
    """A figure as the insight page shows it (thousands separators, an average to one decimal
    place, a dash for none)."""
    return display_value(value)


def counted(number: int, one: str, many: str | None = None) -> str:
    """"1 challenge", "3 challenges"."""
    return f"{n(number)} {one if number == 1 else (many or one + 's')}"


def contact_officer(user) -> ContactOfficer:
    """The officer who asked for the paper, as its contact: their name, role (a principal
    adviser with their region, as the LGA's papers name them), the LGA's switchboard and their
    email address."""
    position = user.get_role_display()
    if user.region:
        position = f"{position} – {user.get_region_display()}"
    return ContactOfficer(name=user.full_name, position=position, phone=settings.LGA_SWITCHBOARD, email=user.email)


def committee_paper_title(period) -> str:
    """The paper's title, as the documents and the page of its HTML version give it."""
    return f"Fire peer challenge programme: progress report, {period.long_label}, {period.region_label}"


def committee_paper_content(*, insight, contact) -> CommitteePaperContent:
    """The paper for the insight's period (an Insight), with `contact` (a user) as its contact
    officer. Reads nothing more from the database: every figure is the insight's."""
    period = insight.period
    pipeline = insight.section("pipeline").figures
    place = period.region_label
    numbered = _Numbering()
    sections = (
        PaperSection("paper-background", "Background", numbered(_background(insight))),
        PaperSection("paper-progress", "Progress to date", numbered(_progress(insight))),
        PaperSection("paper-learning", "Learning points from the reviews", numbered(_learning(insight))),
        PaperSection("paper-evaluation", "Evaluation results", numbered(_evaluation(insight))),
        PaperSection("paper-peers", "Peers and capacity", numbered(_peers(insight))),
        PaperSection("paper-next-steps", "Next steps", numbered(_next_steps(insight))),
    )
    return CommitteePaperContent(
        title=committee_paper_title(period),
        subject=f"The progress of the LGA's fire peer challenge programme in {period.long_label}, {place}",
        period_label=period.long_label,
        region_label=place,
        as_of=insight.as_of,
        generated_on=timezone.localdate(),
        purpose="For information.",
        summary=(
            f"This report sets out the progress of the fire peer challenge programme in {period.long_label} in {place}: "
            f"{counted(pipeline['delivered'], 'challenge')} delivered, {n(pipeline['booked'])} booked and "
            f"{n(pipeline['in_discussion'])} in discussion; what the reviews have found across authorities; what "
            "those who took part said of it; and whether the sector can keep releasing the peers the programme needs."
        ),
        recommendations="Members are asked to note the progress of the programme set out in this report.",
        action="Officers to carry on delivering the programme in the light of members' comments.",
        contact=contact_officer(contact),
        sections=sections,
        appendix=_appendix(insight),
    )


class _Numbering:
    """Numbers paragraphs across the paper: each heading's paragraphs carry on from the last."""

    def __init__(self):
        self.last = 0

    def __call__(self, paragraphs) -> tuple[Paragraph, ...]:
        numbered = []
        for text, items in paragraphs:
            self.last += 1
            numbered.append(Paragraph(number=self.last, text=text, items=tuple(items)))
        return tuple(numbered)


def _background(insight):
    period = insight.period
    yield (
        "The LGA runs fire peer challenge with the National Fire Chiefs Council as part of the sector's own "
        "improvement. A small team of peers, serving fire officers and councillors from other fire and rescue "
        "authorities, spends a few days with an authority as a critical friend. The team gives its feedback on "
        "the last day on site and then in a written report, which the authority publishes with its action plan; "
        "about ten months later a progress review looks at what has changed.", ()
    )
    yield (
        f"This report covers {period.long_label} ({long_date(period.first_day)} to {long_date(period.last_day)}) "
        f"in {period.region_label}. A challenge counts in the year of its last day on site or, until it has "
        "dates, the year it was asked for. Figures that stand at a moment (how long since each authority's last "
        f"challenge, how busy the peers have been) are taken on {long_date(insight.as_of)}. The tables behind "
        "every figure are on the programme insight page of the Fire peer support service, where each can be "
        "downloaded.", ()
    )


def _progress(insight):
    period = insight.period
    figures = insight.section("pipeline").figures
    yield (
        f"{counted(figures['total'], 'challenge')} count in {period.long_label}: {n(figures['delivered'])} delivered, "
        f"{n(figures['booked'])} booked, {n(figures['in_discussion'])} in discussion, {n(figures['postponed'])} "
        f"postponed and {n(figures['cancelled'])} cancelled.", ()
    )
    yield (
        "By type of challenge:",
        [f"{row['label']}: {_stages(row)}" for row in figures["by_type"]],
    )
    yield (
        "By region of the authority challenged:",
        [f"{row['label']}: {_stages(row)}" for row in figures["by_region"]],
    )
    timings = insight.section("lead-times").figures
    measured = [measure for measure in timings["measures"] if measure["measured"]]
    if not measured:
        yield ("No step of this period's challenges can be timed yet.", ())
        return
    yield (
        "How long the steps of a challenge took (the median, in days; against the published timing where "
        "there is one):",
        [_lead_time(measure) for measure in measured],
    )
    yield (
        f"{counted(timings['late'], 'step')} of this period's challenges {'is' if timings['late'] == 1 else 'are'} "
        f"late on {long_date(insight.as_of)}: each done after its due day, or not done by then. The insight page "
        "lists them.", ()
    )


def _stages(row) -> str:
    return f"{n(row['delivered'])} delivered, {n(row['booked'])} booked, {n(row['in_discussion'])} in discussion"


def _lead_time(measure) -> str:
    text = f"{measure['label']}: {counted(measure['measured'], 'challenge')} measured, median {n(measure['median_days'])} days"
    if measure["target"]:
        text += f"; {n(measure['on_time'])} on time and {n(measure['late'])} late ({measure['target'].lower()})"
    return text


def _learning(insight):
    period = insight.period
    figures = insight.section("themes").figures
    if not figures["reports"]:
        yield (
            f"No report of a challenge counted in {period.long_label} is out yet, so there are no learning points "
            "to draw from this period's reviews.", ()
        )
        return
    yield (
        f"The reports of {counted(figures['reports'], 'challenge')} counted in {period.long_label} are out. Each "
        "sets out the strengths the peers found and the areas the authority should consider, area by area; "
        "taken together they show where the sector does well and where it could improve.", ()
    )
    considerations = figures["areas_for_consideration"][:THEMES_NAMED]
    if considerations:
        yield (
            "The areas for consideration found most often (the number of findings):",
            [f"{theme['label']}: {n(theme['count'])}" for theme in considerations],
        )
    strengths = figures["strengths"][:THEMES_NAMED]
    if strengths:
        yield (
            "The strengths found most often (the number of findings):",
            [f"{theme['label']}: {n(theme['count'])}" for theme in strengths],
        )


def _evaluation(insight):
    period = insight.period
    figures = insight.section("evaluations").figures
    if not figures["invited"]:
        yield (f"No one has yet been asked to evaluate a challenge counted in {period.long_label}.", ())
        return
    yield (
        "After each challenge the authority's chair and chief fire officer and the peers are asked to evaluate it. "
        f"For {counted(figures['challenges'], 'challenge')} counted in {period.long_label}, "
        f"{counted(figures['invited'], 'person', 'people')} {'was' if figures['invited'] == 1 else 'were'} asked "
        f"and {n(figures['answered'])} answered.", ()
    )
    answers = {row["question"]: row["answers"] for row in insight.table("evaluation-this-period").rows}
    yield (
        "The average rating of each question, from 1 (very poor) to 5 (excellent):",
        [
            f"{question['question']} {n(question['average'])} ({counted(answers[question['question']], 'answer')})"
            for question in figures["questions"]
        ],
    )


def _peers(insight):
    period = insight.period
    figures = insight.section("peers").figures
    coverage = insight.section("coverage").figures
    as_of = long_date(insight.as_of)
    yield (
        f"Peers filled {counted(figures['places_filled'], 'place')} on the teams of challenges counted in "
        f"{period.long_label} neither postponed nor cancelled: {n(figures['officer_places'])} by officer peers and "
        f"{n(figures['member_places'])} by member peers. {counted(figures['peers_taking_part'], 'peer')} took part, "
        f"of {n(figures['active_peers'])} active in the pool.", ()
    )
    yield (
        f"{counted(figures['declined'], 'invitation')} to join a team {'was' if figures['declined'] == 1 else 'were'} "
        f"declined. {counted(figures['over_limit'], 'peer')} had taken part in more challenges in the 12 months to "
        f"{as_of} than the most a year they offered. Releasing officers to be peers remains the programme's main "
        "risk.", ()
    )
    not_challenged = coverage["not_challenged_three_years"]
    text = (
        f"Of the {counted(coverage['authorities'], 'fire and rescue authority', 'fire and rescue authorities')} in "
        f"{period.region_label}, {n(coverage['challenged_within_three_years'])} had a challenge in the three years "
        f"to {as_of}"
    )
    if not not_challenged:
        yield (f"{text}: every one of them.", ())
        return
    yield (f"{text}. These have had none in that time:", list(not_challenged))


def _next_steps(insight):
    coverage = insight.section("coverage").figures
    pipeline = insight.section("pipeline").figures
    yield (
        f"Officers will support the {counted(pipeline['booked'], 'challenge')} booked to their visits and reports, "
        f"and agree dates for the {n(pipeline['in_discussion'])} in discussion.", ()
    )
    if coverage["not_challenged_three_years"]:
        yield (
            f"Officers will offer a challenge to the {counted(len(coverage['not_challenged_three_years']), 'authority', 'authorities')} "
            "not challenged for three years or more.", ()
        )
    yield (
        "Officers will keep recruiting and training peers, so that no authority's officers carry more of the "
        "programme than they can release, and will report the programme's progress to members again.", ()
    )


def _appendix(insight) -> Appendix:
    table = insight.table(APPENDIX_TABLE)
    return Appendix(
        title="Appendix: the challenges of the period",
        description=table.description,
        headings=tuple(table.csv_header()),
        rows=tuple(tuple(text for _, text in row) for row in table.display_rows()),
        empty=table.empty,
    )
