"""The programme's committee paper (reports/services/committee_paper.py, committee_paper_docx.py,
documents.py, the pipeline and reports/views/committee_paper.py): what it says and in what
shape, the Word document and the tagged PDF made from it, the PDF through the report
pipeline (asked for, ready, failed and tried again, taken back by the sweep), the panel on the
insight page and who may do what. The figures themselves are checked against the insight page
in test_committee_paper_figures.py."""

import datetime
import hashlib
import io
import re
from unittest import mock
from urllib.parse import quote

import docx
import pypdf
import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import IntegrityError, transaction
from django.template import Context, Template
from django.test import RequestFactory

from authorities.choices import PeerType, Region
from authorities.models import Authority
from authorities.tests.factories import FraContactFactory, LgaAdminFactory, PeerFactory
from challenges.choices import ChallengeStatus, ChallengeType, FindingArea, FindingKind, PlaceState, TeamRole
from challenges.insight.period import InsightPeriod, YearKind
from challenges.selectors.insight import programme_insight
from challenges.tests.factories import ChallengeFactory, EvaluationFactory, FindingFactory, TeamMembershipFactory
from peersupport.celery import app
from peersupport.models import OutboxEmail
from peersupport.tests.clock import NOW
from peersupport.tests.html import inline_code
from reports import tasks
from reports.choices import ReportStatus
from reports.models import CommitteePaper
from reports.permissions import can_download_committee_paper, can_retry_committee_paper
from reports.services import documents, pipeline
from reports.services.committee_paper import committee_paper_content
from reports.services.committee_paper_docx import DOCX_CONTENT_TYPE, committee_paper_docx
from reports.services.request import committee_paper_request, committee_paper_retry
from reports.tests.pdf import first_out_of_order, flat_text, structure_tags

from .factories import FAKE_HTML, FAKE_PDF, CommitteePaperFactory, FeedbackReportFactory

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("media_root")]

SECOND = datetime.timedelta(seconds=1)
# The clock's day (peersupport/tests/clock.py): 8 March 2027, in the financial year 2026 to 2027.
TODAY = NOW.date()
PERIOD = InsightPeriod(year=2026)
QUERY = "year_kind=financial&year=2026"
WORD_URL = f"/reports/committee-paper/word/?{QUERY}"
REQUEST_URL = "/reports/committee-paper/"
INSIGHT_URL = f"/challenges/insight/?{QUERY}"
TITLE = "Fire peer challenge programme: progress report, the financial year 2026 to 2027, England"
HEADINGS = [
    "Background", "Progress to date", "Learning points from the reviews", "Evaluation results", "Peers and capacity",
    "Next steps",
]
FRONT_HEADINGS = ["Purpose of report", "Summary", "Recommendations", "Action", "Contact officer"]
APPENDIX = "Appendix: the challenges of the period"
# The session, the user and the request's savepoint; the records' version and the first year on
# record (for the period's form); then the insight's six sections, in 15 queries whatever the
# programme's size (the tests' cache keeps nothing).
WORD_QUERIES = 21
APPENDIX_HEADINGS = ("Authority", "Region", "Type of challenge", "Status", "Stage", "First day on site", "Last day on site")


def _authority(slug):
    return Authority.objects.get(slug=slug)


def _utc(*args):
    return datetime.datetime(*args, tzinfo=datetime.UTC)


def make_programme():
    """A small programme, worked out by hand for the financial year 2026 to 2027 as of 8 March
    2027. Avon is in the South West, Kent in the South East, Cleveland in the North East and
    Cumbria in the North West.

    Counted in the year, by the day each counts on: Kent's targeted support asked for on 1 May
    2026 and cancelled; Avon's operational assessment of 1 to 4 June 2026, its report published
    on 20 August 2026 (77 days on: on time), evaluated by three people of whom two answered,
    with two strengths in prevention and one in leadership, two areas for consideration in
    protection and one in prevention; Cumbria's leadership challenge asked for on 1 September
    2026, in discussion; Cleveland's targeted support of 2 to 5 November 2026, fed back, its
    report due by 5 February 2027 and late; Kent's deep dive booked for 22 to 24 March 2027.
    Avon's action plan, due by 20 January 2027, is not final: late too (2 late steps).
    Not counted: Avon's of May 2025 (closed), its last challenge before June 2026.

    In discussion 1, booked 1, delivered 2, postponed 0, cancelled 1: 5 in all. Places accepted
    on the four that go ahead: Ann (officer, Kent; at most 1 a year) on Avon's, Kent's and
    Cleveland's; Ben (member, Kent) on Avon's; Dan (officer, Avon) on Kent's and Cleveland's: 6
    places, 5 of officer peers and 1 of a member peer, 3 peers taking part, of 4 active. Cal
    (officer, Cleveland) declined Avon's on 10 May 2026. Over 12 months to 8 March 2027 Ann has 2
    places (June and November 2026) against her limit of 1: one peer over the limit."""
    avon, kent, cleveland, cumbria = (_authority(slug) for slug in ("avon", "kent", "cleveland", "cumbria"))
    peers = {
        "ann": PeerFactory(full_name="Ann Archer", home_authority=kent, max_challenges_per_year=1),
        "ben": PeerFactory(full_name="Ben Brook", home_authority=kent, peer_type=PeerType.MEMBER, political_group="labour"),
        "cal": PeerFactory(full_name="Cal Cole", home_authority=cleveland),
        "dan": PeerFactory(full_name="Dan Dale", home_authority=avon, max_challenges_per_year=3),
    }
    ChallengeFactory(authority=avon, status=ChallengeStatus.CLOSED, start_date=datetime.date(2025, 5, 12),
                     end_date=datetime.date(2025, 5, 15), requested_on=datetime.date(2025, 1, 6))
    ChallengeFactory(authority=kent, challenge_type=ChallengeType.TARGETED, status=ChallengeStatus.CANCELLED,
                     start_date=None, end_date=None, requested_on=datetime.date(2026, 5, 1), status_reason="Not needed")
    june = ChallengeFactory(authority=avon, status=ChallengeStatus.PUBLISHED, start_date=datetime.date(2026, 6, 1),
                            end_date=datetime.date(2026, 6, 4), requested_on=datetime.date(2026, 1, 12))
    ChallengeFactory(authority=cumbria, challenge_type=ChallengeType.LEADERSHIP_GOVERNANCE, status=ChallengeStatus.REQUESTED,
                     start_date=None, end_date=None, requested_on=datetime.date(2026, 9, 1))
    november = ChallengeFactory(authority=cleveland, challenge_type=ChallengeType.TARGETED, status=ChallengeStatus.FEEDBACK_GIVEN,
                                start_date=datetime.date(2026, 11, 2), end_date=datetime.date(2026, 11, 5),
                                requested_on=datetime.date(2026, 7, 1))
    march = ChallengeFactory(authority=kent, challenge_type=ChallengeType.DEEP_DIVE, status=ChallengeStatus.CONFIRMED,
                             start_date=datetime.date(2027, 3, 22), end_date=datetime.date(2027, 3, 24),
                             requested_on=datetime.date(2026, 10, 1), theme="Procurement")
    FeedbackReportFactory(challenge=june, version=1, published=True, published_at=_utc(2026, 8, 20, 10))
    for kind, area, number in (
        (FindingKind.STRENGTH, FindingArea.PREVENTION, 2), (FindingKind.STRENGTH, FindingArea.LEADERSHIP, 1),
        (FindingKind.AREA_FOR_CONSIDERATION, FindingArea.PROTECTION, 2),
        (FindingKind.AREA_FOR_CONSIDERATION, FindingArea.PREVENTION, 1),
        (FindingKind.RECOMMENDATION, FindingArea.PROTECTION, 1),
    ):
        FindingFactory.create_batch(number, challenge=june, kind=kind, area=area)
    EvaluationFactory(challenge=june, answered=True, preparation_rating=5, team_rating=4, feedback_rating=4, report_rating=3)
    EvaluationFactory(challenge=june, answered=True, preparation_rating=4, team_rating=4, feedback_rating=3, report_rating=5)
    EvaluationFactory(challenge=june)
    for challenge, peer, role in (
        (june, "ann", TeamRole.LEAD_PEER), (june, "ben", TeamRole.MEMBER_PEER), (march, "ann", TeamRole.LEAD_PEER),
        (march, "dan", TeamRole.OFFICER_PEER), (november, "ann", TeamRole.LEAD_PEER), (november, "dan", TeamRole.OFFICER_PEER),
    ):
        TeamMembershipFactory(challenge=challenge, peer=peers[peer], role=role)
    TeamMembershipFactory(challenge=june, peer=peers["cal"], state=PlaceState.DECLINED, decline_reason="Covering a colleague's leave",
                          answered_at=_utc(2026, 5, 10, 9))
    return peers


@pytest.fixture
def programme(db):
    return make_programme()


def _content(user, period=PERIOD):
    return committee_paper_content(insight=programme_insight(period=period, today=TODAY), contact=user)


def _docx(response):
    return docx.Document(io.BytesIO(response.content))


# What the paper says, and in what shape


def test_content_has_the_committees_shape_with_paragraphs_numbered_across_the_paper(clock, programme, adviser):
    content = _content(adviser)

    assert content.title == TITLE
    assert content.subject == "The progress of the LGA's fire peer challenge programme in the financial year 2026 to 2027, England"
    assert (content.purpose, content.recommendations) == (
        "For information.", "Members are asked to note the progress of the programme set out in this report."
    )
    assert content.summary.startswith(
        "This report sets out the progress of the fire peer challenge programme in the financial year 2026 to 2027 in "
        "England: 2 challenges delivered, 1 booked and 1 in discussion;"
    )
    assert [section.heading for section in content.sections] == HEADINGS
    assert [paragraph.number for paragraph in content.paragraphs] == list(range(1, 19))
    assert [[paragraph.number for paragraph in section.paragraphs] for section in content.sections] == [
        [1, 2], [3, 4, 5, 6, 7], [8, 9, 10], [11, 12], [13, 14, 15], [16, 17, 18],
    ]
    assert content.as_of == TODAY and content.generated_on == TODAY


def test_contact_officer_is_the_requester_with_their_role_and_the_switchboard(clock, programme, adviser, lga_admin, settings):
    assert _content(adviser).contact == (
        type(_content(adviser).contact)(
            name=adviser.full_name, position="Principal adviser – South West", phone="020 7664 3000", email=adviser.email
        )
    )
    settings.LGA_SWITCHBOARD = "020 7664 3333"
    contact = _content(lga_admin).contact
    assert (contact.name, contact.position, contact.phone, contact.email) == (
        lga_admin.full_name, "LGA administrator", "020 7664 3333", lga_admin.email
    )


def test_content_paragraphs_say_the_periods_figures(clock, programme, adviser):
    paragraphs = {paragraph.number: paragraph for paragraph in _content(adviser).paragraphs}

    assert paragraphs[2].text.startswith(
        "This report covers the financial year 2026 to 2027 (1 April 2026 to 31 March 2027) in England."
    )
    assert "are taken on 8 March 2027." in paragraphs[2].text
    assert paragraphs[3].text == (
        "5 challenges count in the financial year 2026 to 2027: 2 delivered, 1 booked, 1 in discussion, 0 postponed "
        "and 1 cancelled."
    )
    assert paragraphs[4].items == (
        "Operational Assessment and fire peer challenge: 1 delivered, 0 booked, 0 in discussion",
        "Deep-dive themed peer challenge: 0 delivered, 1 booked, 0 in discussion",
        "Pre-inspection peer support: 0 delivered, 0 booked, 0 in discussion",
        "Leadership and governance peer challenge: 0 delivered, 0 booked, 1 in discussion",
        "Targeted peer support: 1 delivered, 0 booked, 0 in discussion",
    )
    assert paragraphs[5].items[0] == "North East: 1 delivered, 0 booked, 0 in discussion"
    assert len(paragraphs[5].items) == 9
    assert paragraphs[6].items[1] == (
        "Last day on site to report published: 1 challenge measured, median 77 days; 1 on time and 1 late (within 3 months)"
    )
    assert paragraphs[7].text.startswith("2 steps of this period's challenges are late on 8 March 2027")
    assert paragraphs[9].items == ("Protection: 2", "Prevention: 1")
    assert paragraphs[10].items == ("Prevention: 2", "Leadership: 1")
    assert paragraphs[11].text.endswith(
        "For 1 challenge counted in the financial year 2026 to 2027, 3 people were asked and 2 answered."
    )
    assert paragraphs[12].items == (
        "How well was the challenge prepared? 4.5 (2 answers)", "How good was the peer team? 4.0 (2 answers)",
        "How useful was the feedback on the last day on site? 3.5 (2 answers)", "How useful is the report? 4.0 (2 answers)",
    )
    assert paragraphs[13].text == (
        "Peers filled 6 places on the teams of challenges counted in the financial year 2026 to 2027 neither postponed nor cancelled: "
        "5 by officer peers and 1 by member peers. 3 peers took part, of 4 active in the pool."
    )
    assert paragraphs[14].text.startswith(
        "1 invitation to join a team was declined. 1 peer had taken part in more challenges in the 12 months to "
        "8 March 2027 than the most a year they offered."
    )
    assert paragraphs[15].text == (
        "Of the 44 fire and rescue authorities in England, 2 had a challenge in the three years to 8 March 2027. "
        "These have had none in that time:"
    )
    assert len(paragraphs[15].items) == 42 and "Avon Fire Authority" not in paragraphs[15].items
    assert paragraphs[17].text == "Officers will offer a challenge to the 42 authorities not challenged for three years or more."


def test_content_appendix_lists_the_periods_challenges_as_the_page_shows_them(clock, programme, adviser):
    appendix = _content(adviser).appendix

    assert (appendix.title, appendix.headings) == (APPENDIX, APPENDIX_HEADINGS)
    assert appendix.rows == (
        ("Kent and Medway Fire and Rescue Authority", "South East", "Targeted peer support", "Cancelled", "Cancelled", "–", "–"),
        ("Avon Fire Authority", "South West", "Operational Assessment and fire peer challenge", "Report published", "Delivered",
         "1 June 2026", "4 June 2026"),
        ("Cumbria Police, Fire and Crime Commissioner", "North West", "Leadership and governance peer challenge", "Requested",
         "In discussion", "–", "–"),
        ("Cleveland Fire Authority", "North East", "Targeted peer support", "Feedback given", "Delivered", "2 November 2026",
         "5 November 2026"),
        ("Kent and Medway Fire and Rescue Authority", "South East", "Deep-dive themed peer challenge", "Confirmed", "Booked",
         "22 March 2027", "24 March 2027"),
    )


def test_content_of_a_quiet_region_says_there_is_nothing_yet(clock, programme, adviser):
    content = _content(adviser, InsightPeriod(year=2026, region=Region.LONDON))
    texts = [paragraph.text for paragraph in content.paragraphs]

    assert content.title == "Fire peer challenge programme: progress report, the financial year 2026 to 2027, London"
    assert texts[2] == "0 challenges count in the financial year 2026 to 2027: 0 delivered, 0 booked, 0 in discussion, " \
        "0 postponed and 0 cancelled."
    assert content.paragraphs[4].items == ("London: 0 delivered, 0 booked, 0 in discussion",)
    assert "No step of this period's challenges can be timed yet." in texts
    assert "No report of a challenge counted in the financial year 2026 to 2027 is out yet, so there are no learning " \
        "points to draw from this period's reviews." in texts
    assert "No one has yet been asked to evaluate a challenge counted in the financial year 2026 to 2027." in texts
    assert "Of the 1 fire and rescue authority in London, 0 had a challenge in the three years to 8 March 2027. " \
        "These have had none in that time:" in texts
    assert content.appendix.rows == ()
    assert [paragraph.number for paragraph in content.paragraphs] == list(range(1, len(texts) + 1))


def test_content_reads_nothing_beyond_the_insight(clock, programme, adviser, django_assert_num_queries):
    insight = programme_insight(period=PERIOD, today=TODAY)

    with django_assert_num_queries(0):
        committee_paper_content(insight=insight, contact=adviser)


# The Word document


def test_word_document_has_real_headings_numbered_paragraphs_and_the_appendix_table(clock, programme, client, sign_in):
    user = sign_in("adviser")

    response = client.get(WORD_URL)

    assert (response.status_code, response["Content-Type"]) == (200, DOCX_CONTENT_TYPE)
    assert response["Content-Disposition"] == 'attachment; filename="committee-paper-2026-27.docx"'
    document = _docx(response)
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        ("Heading 1", TITLE), *[("Heading 2", heading) for heading in [*FRONT_HEADINGS, *HEADINGS, APPENDIX]],
    ]
    assert [p.text for p in document.paragraphs[:2]] == ["Fire Services Management Committee", TITLE]  # the committee it goes to
    numbers = [int(m[1]) for p in document.paragraphs if (m := re.match(r"^(\d+)\.\t", p.text))]
    assert numbers == list(range(1, 19))
    texts = [p.text for p in document.paragraphs]
    assert "3.\t5 challenges count in the financial year 2026 to 2027: 2 delivered, 1 booked, 1 in discussion, " \
        "0 postponed and 1 cancelled." in texts
    assert [p.text for p in document.paragraphs if p.style.name == "List Bullet"][:2] == [
        "Operational Assessment and fire peer challenge: 1 delivered, 0 booked, 0 in discussion",
        "Deep-dive themed peer challenge: 0 delivered, 1 booked, 0 in discussion",
    ]
    assert texts[texts.index("Contact officer") + 1:texts.index("Contact officer") + 5] == [
        f"Name: {user.full_name}", "Position: Principal adviser – South West", "Phone: 020 7664 3000", f"Email: {user.email}",
    ]
    (table,) = document.tables
    rows = [tuple(cell.text for cell in row.cells) for row in table.rows]
    assert rows[0] == APPENDIX_HEADINGS
    assert rows[1:] == list(_content(user).appendix.rows)
    header = table.rows[0]._tr.trPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader")
    assert header is not None and all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    assert document.sections[-1].orientation == docx.enum.section.WD_ORIENT.LANDSCAPE
    assert document.sections[0].orientation == docx.enum.section.WD_ORIENT.PORTRAIT


def test_word_document_properties_and_language(clock, programme, client, sign_in):
    sign_in("lga_admin")

    document = _docx(client.get(WORD_URL))

    properties = document.core_properties
    assert (properties.title, properties.author, properties.subject, properties.language) == (
        TITLE, "Local Government Association",
        "The progress of the LGA's fire peer challenge programme in the financial year 2026 to 2027, England", "en-GB",
    )
    assert properties.keywords == "fire peer challenge, sector-led improvement, committee paper"
    defaults = document.styles.element.find(docx.oxml.ns.qn("w:docDefaults"))
    language = defaults.find(docx.oxml.ns.qn("w:rPrDefault")).find(docx.oxml.ns.qn("w:rPr")).find(docx.oxml.ns.qn("w:lang"))
    assert language.get(docx.oxml.ns.qn("w:val")) == "en-GB"


def test_word_document_of_a_period_with_no_challenges_says_so_in_place_of_the_table(clock, db):
    content = committee_paper_content(insight=programme_insight(period=PERIOD, today=TODAY), contact=FraContactFactory())

    document = docx.Document(io.BytesIO(committee_paper_docx(content)))

    assert document.tables == []
    assert document.paragraphs[-1].text == "No challenge counts in this period."


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("year_kind=financial&year=2026&region=north_east", "committee-paper-2026-27-north-east.docx"),
        ("year_kind=calendar&year=2026", "committee-paper-2026.docx"),
        ("", "committee-paper-2026-27.docx"),  # the default: the current financial year, England
    ],
)
def test_word_document_named_by_its_period(clock, db, client, sign_in, query, name):
    sign_in("lga_admin")

    response = client.get(f"/reports/committee-paper/word/?{query}")

    assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def _more_challenges(count):
    for number in range(count):
        ChallengeFactory(authority=_authority("kent"), status=ChallengeStatus.FEEDBACK_GIVEN,
                         start_date=datetime.date(2026, 6, 1) + datetime.timedelta(days=number),
                         end_date=datetime.date(2026, 6, 2) + datetime.timedelta(days=number))


@pytest.mark.parametrize("count", [2, 20])
def test_word_document_queries_do_not_grow_with_the_programme(clock, db, client, sign_in, django_assert_num_queries, count):
    sign_in("lga_admin")
    _more_challenges(count)

    with django_assert_num_queries(WORD_QUERIES):
        response = client.get(WORD_URL)

    assert response.status_code == 200


# The PDF and its HTML twin


@pytest.fixture
def rendered(clock, programme, lga_admin):
    paper = CommitteePaperFactory(requested_by=lga_admin)
    document = documents.committee_paper_document(paper=paper)
    reader = pypdf.PdfReader(io.BytesIO(document.pdf))
    return document, reader, [page.extract_text() for page in reader.pages]


def test_pdf_says_what_the_paper_says_in_order(rendered, lga_admin):
    document, reader, pages = rendered
    content = _content(lga_admin)

    # The pages' words without their running header and footer, which a paragraph may run across.
    text = " ".join(re.sub(r" ?(Local Government Association Committee paper )?Page \d+ of \d+$", "", flat_text(page)) for page in pages)
    assert document.page_count == len(pages) == len(reader.pages)
    assert first_out_of_order(text, [
        "Local Government Association", "Fire Services Management Committee", TITLE, "Purpose of report For information.", "Summary", content.summary,
        "Recommendations", content.recommendations, "Action", content.action,
        f"Contact officer Name: {lga_admin.full_name} Position: LGA administrator Phone: 020 7664 3000 Email: {lga_admin.email}",
    ]) is None
    parts = []
    for section in content.sections:
        parts.append(section.heading)
        for paragraph in section.paragraphs:
            parts += [flat_text(f"{paragraph.number}. {paragraph.text}"), *paragraph.items]
    assert first_out_of_order(text, parts) is None
    assert first_out_of_order(text, [APPENDIX, content.appendix.description, " ".join(APPENDIX_HEADINGS)]) is None
    assert first_out_of_order(text, [" ".join(row) for row in content.appendix.rows]) is None
    assert flat_text(pages[1]).endswith(f"Local Government Association Committee paper Page 2 of {len(pages)}")
    assert flat_text(pages[0]).endswith(f"Page 1 of {len(pages)}")


def test_pdf_is_tagged_with_its_metadata_and_a_landscape_appendix(rendered):
    _, reader, pages = rendered

    catalogue = reader.trailer["/Root"]
    assert catalogue["/Lang"] == "en-GB"
    assert catalogue["/MarkInfo"]["/Marked"] == pypdf.generic.BooleanObject(True)
    assert (reader.metadata.title, reader.metadata.author, reader.metadata.subject) == (
        TITLE, "Local Government Association",
        "The progress of the LGA's fire peer challenge programme in the financial year 2026 to 2027, England",
    )
    assert reader.metadata["/Keywords"] == (
        "peer challenge, committee paper, progress report, fire and rescue, Local Government Association"
    )
    xmp = catalogue["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp
    structure = structure_tags(reader)
    headings = [tag for tag in structure if re.fullmatch(r"/H\d", tag)]
    assert headings == ["/H1", *["/H2"] * 12]
    assert structure.count("/TH") == 7
    last, first = reader.pages[-1].mediabox, reader.pages[0].mediabox
    assert (float(first.width) < float(first.height), float(last.width) > float(last.height)) == (True, True)
    assert flat_text(pages[-1]).startswith(APPENDIX)


def test_html_twin_holds_the_same_words(rendered, lga_admin):
    document, _, pages = rendered
    content = _content(lga_admin)

    assert document.html.lstrip().startswith('<div class="app-report" lang="en-GB">') and "<body" not in document.html
    headings = re.findall(r'<h2 class="govuk-heading-l" id="([^"]+)">([^<]+)</h2>', document.html)
    assert headings == [
        ("paper-background", "Background"), ("paper-progress", "Progress to date"),
        ("paper-learning", "Learning points from the reviews"), ("paper-evaluation", "Evaluation results"),
        ("paper-peers", "Peers and capacity"), ("paper-next-steps", "Next steps"), ("paper-appendix", APPENDIX),
    ]
    numbered = re.findall(r'<p class="govuk-body">(\d+)\. ([^<]+)</p>', document.html)
    assert [(int(number), text.replace("&#x27;", "'")) for number, text in numbered] == [
        (paragraph.number, paragraph.text) for paragraph in content.paragraphs
    ]
    assert document.html.count('<td class="govuk-table__cell">') == 7 * len(content.appendix.rows)


# The PDF through the pipeline


def test_asking_for_the_pdf_records_it_queued_and_renders_it_once_committed(
    clock, programme, client, sign_in, django_capture_on_commit_callbacks
):
    user = sign_in("lga_admin")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(REQUEST_URL, {"year_kind": "financial", "year": "2026", "region": ""})

    paper = CommitteePaper.objects.get()
    assert (response.status_code, response.url, len(callbacks)) == (302, INSIGHT_URL, 1)
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "The committee paper for the financial year 2026 to 2027, England, is being prepared as a PDF"
    ]
    assert (paper.year_kind, paper.year, paper.region, paper.requested_by, paper.requested_at, paper.queued_at) == (
        YearKind.FINANCIAL, 2026, "", user, NOW, NOW
    )
    assert (paper.status, paper.attempts, paper.started_at, paper.finished_at, paper.error_message) == (
        ReportStatus.READY, 1, NOW, NOW, ""
    )
    pdf, html = paper.file.read(), paper.html_file.read()
    assert (paper.file.name, paper.html_file.name) == (
        f"committee-papers/committee-paper-2026-27-{paper.pk}.pdf", f"committee-papers/committee-paper-2026-27-{paper.pk}.html"
    )
    assert (pdf[:5], paper.file_size, paper.sha256, paper.html_sha256, paper.template_version) == (
        b"%PDF-", len(pdf), hashlib.sha256(pdf).hexdigest(), hashlib.sha256(html).hexdigest(),
        documents.TEMPLATE_VERSION,
    )
    assert paper.page_count == len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_asking_with_the_broker_down_leaves_it_queued_for_the_sweep(
    clock, programme, client, sign_in, broker_down, django_capture_on_commit_callbacks, monkeypatch
):
    sign_in("adviser")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REQUEST_URL, {"year_kind": "calendar", "year": "2026", "region": "north_east"})

    paper = CommitteePaper.objects.get()
    assert (response.status_code, response.url) == (302, "/challenges/insight/?year_kind=calendar&year=2026&region=north_east")
    assert (paper.status, paper.attempts, paper.region) == (ReportStatus.QUEUED, 0, Region.NORTH_EAST)

    broker_down()  # the broker is back
    clock.now = NOW + pipeline.RESEND_AFTER + SECOND
    with django_capture_on_commit_callbacks(execute=True):
        assert pipeline.reports_sweep() == {"sent_again": 1, "failed": 0}

    paper.refresh_from_db()
    assert (paper.status, paper.attempts, paper.queued_at) == (ReportStatus.READY, 1, NOW + pipeline.RESEND_AFTER + SECOND)


def test_a_failed_paper_shows_its_error_emails_its_requester_and_is_tried_again(
    clock, programme, client, sign_in, django_capture_on_commit_callbacks
):
    user = sign_in("adviser")
    with mock.patch("reports.services.documents.committee_paper_document", side_effect=ValueError("Unknown template tag 'qr'")):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(REQUEST_URL, {"year_kind": "financial", "year": "2026"})

    paper = CommitteePaper.objects.get()
    assert (paper.status, paper.attempts, paper.error_message) == (ReportStatus.FAILED, 1, "ValueError: Unknown template tag 'qr'")
    email = OutboxEmail.objects.get()
    assert (email.recipients, email.about_url) == (user.email, f"/challenges/insight/?{QUERY}")
    assert email.subject == "Committee paper could not be prepared: the financial year 2026 to 2027, England"
    assert email.body == (
        "The committee paper you asked for, on the fire peer challenge programme in the financial year 2026 to 2027, "
        "England, could not be prepared as a PDF after 1 attempt.\n\nThe error:\nValueError: Unknown template tag 'qr'\n\n"
        "You can try again, or download the paper as Word at once, from the programme insight page:\n"
        f"{settings.SITE_URL}/challenges/insight/?{QUERY}\n\nIf it fails again, send this email to the service team.\n"
    )
    page = client.get(INSIGHT_URL).content.decode()
    assert 'data-testid="committee-paper-error">ValueError: Unknown template tag &#x27;qr&#x27;</p>' in page
    assert f'action="/reports/committee-paper/{paper.pk}/retry/"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/reports/committee-paper/{paper.pk}/retry/")

    paper.refresh_from_db()
    assert (response.status_code, response.url) == (302, INSIGHT_URL)
    assert [str(message) for message in get_messages(response.wsgi_request)] == ["The committee paper has been queued again"]
    assert (paper.status, paper.attempts, paper.error_message) == (ReportStatus.READY, 1, "")


def test_retry_refuses_a_paper_that_did_not_fail(db, lga_admin):
    paper = CommitteePaperFactory(ready=True)

    with pytest.raises(Exception, match="^\\['Only a paper that failed can be tried again'\\]$"):
        committee_paper_retry(by=lga_admin, paper=paper)


def test_a_paper_past_the_time_limit_fails_at_once(clock, programme, lga_admin):
    paper = CommitteePaperFactory(requested_by=lga_admin)

    with mock.patch("reports.services.documents.committee_paper_document", side_effect=SoftTimeLimitExceeded()):
        tasks.committee_paper_render.delay(paper.pk)

    paper.refresh_from_db()
    assert (paper.status, paper.attempts, paper.error_message) == (
        ReportStatus.FAILED, 1, "The committee paper took longer than 3 minutes to prepare and was stopped."
    )


def test_a_transient_error_is_tried_again_then_the_paper_is_ready(clock, programme, lga_admin):
    paper = CommitteePaperFactory(requested_by=lga_admin)
    render = documents.committee_paper_document

    with mock.patch(
        "reports.services.documents.committee_paper_document", side_effect=[OSError("Storage unreachable"), render(paper=paper)]
    ):
        tasks.committee_paper_render.delay(paper.pk)

    paper.refresh_from_db()
    assert (paper.status, paper.attempts, paper.error_message) == (ReportStatus.READY, 2, "")
    assert not OutboxEmail.objects.exists()


def test_sweep_takes_back_a_paper_whose_worker_was_lost(clock, programme, django_capture_on_commit_callbacks):
    stuck = CommitteePaperFactory(status=ReportStatus.RENDERING, attempts=1, started_at=NOW - pipeline.TAKE_BACK_AFTER - SECOND)
    fresh = CommitteePaperFactory(status=ReportStatus.RENDERING, attempts=1, started_at=NOW - pipeline.TAKE_BACK_AFTER + SECOND)

    with django_capture_on_commit_callbacks(execute=True):
        assert pipeline.reports_sweep() == {"sent_again": 1, "failed": 0}

    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert (stuck.status, stuck.attempts, stuck.queued_at) == (ReportStatus.READY, 2, NOW)
    assert (fresh.status, fresh.attempts) == (ReportStatus.RENDERING, 1)


def test_sweep_fails_a_paper_whose_workers_were_lost_each_time_and_emails_its_requester(clock, db, lga_admin):
    paper = CommitteePaperFactory(requested_by=lga_admin, status=ReportStatus.RENDERING, attempts=pipeline.MAX_ATTEMPTS,
                                  started_at=NOW - pipeline.TAKE_BACK_AFTER - SECOND)

    assert pipeline.reports_sweep() == {"sent_again": 0, "failed": 1}

    paper.refresh_from_db()
    assert (paper.status, paper.finished_at, paper.error_message) == (
        ReportStatus.FAILED, NOW,
        "The committee paper was not prepared after 3 attempts: each time the worker preparing it stopped without "
        "finishing (it was stopped, or ran out of time or memory).",
    )
    assert OutboxEmail.objects.get().recipients == lga_admin.email


def test_render_task_on_the_reports_queue_with_the_reports_limits():
    task = app.tasks["reports.committee_paper_render"]

    assert (task.acks_late, task.reject_on_worker_lost, task.soft_time_limit, task.time_limit, task.max_retries) == (
        True, True, 180, 240, None
    )
    assert app.amqp.router.route({}, "reports.committee_paper_render")["queue"].name == "reports"


def test_the_database_holds_a_paper_to_the_pipelines_statuses_and_a_ready_one_to_its_file(db, lga_admin):
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteePaperFactory(status=ReportStatus.PUBLISHED)
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteePaperFactory(status=ReportStatus.READY)
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteePaperFactory(year=2007)


# The panel on the insight page


def _panel(user, period=PERIOD):
    request = RequestFactory().get("/challenges/insight/")
    request.user = user
    return Template("{% load committee_paper_tags %}{% committee_paper_panel period %}").render(
        Context({"request": request, "period": period, "csrf_token": "token"})
    )


def test_panel_lists_the_periods_papers_newest_first_with_what_each_offers(clock, db, lga_admin, adviser):
    ready = CommitteePaperFactory(ready=True, requested_by=adviser, requested_at=NOW - datetime.timedelta(days=2), page_count=6,
                                  file_size=12_345)
    failed = CommitteePaperFactory(failed=True, requested_by=lga_admin)
    CommitteePaperFactory(ready=True, year=2025)  # another period's
    CommitteePaperFactory(ready=True, region=Region.LONDON)  # another region's
    CommitteePaper.objects.filter(pk=ready.pk).update(requested_at=NOW - datetime.timedelta(days=2))

    html = _panel(lga_admin)

    assert (
        'href="/reports/committee-paper/word/?year_kind=financial&amp;year=2026" data-testid="committee-paper-word">'
        "Download the paper as Word (.docx)</a>"
    ) in html
    assert '<input type="hidden" name="year_kind" value="financial">' in html
    assert '<input type="hidden" name="year" value="2026">' in html and '<input type="hidden" name="region" value="">' in html
    assert ">Prepare the paper as a PDF</button>" in html
    rows = re.findall(r'<tr class="govuk-table__row" data-testid="committee-paper-row">(.*?)</tr>', html, re.S)
    assert len(rows) == 2
    assert f"By {lga_admin.full_name}, 8 Mar 2027, 09:30" in rows[0] and "Failed" in rows[0]
    assert "ValueError: Unknown template tag &#x27;qr&#x27;" in rows[0] and ">Try again</button>" in rows[0]
    assert f"By {adviser.full_name}, 6 Mar 2027, 09:30" in rows[1] and "Ready" in rows[1]
    assert re.search(
        rf'href="/reports/committee-paper/{ready.pk}/download/" data-testid="committee-paper-download">Download the PDF'
        r'<span class="govuk-visually-hidden"> asked for 6 Mar 2027, 09:30</span> \(6 pages, 12.1\xa0KB\)</a>', rows[1]
    )
    assert (
        f'<a class="govuk-link" href="/reports/committee-paper/{ready.pk}/" data-testid="committee-paper-read">Read it as a web '
        'page<span class="govuk-visually-hidden"> (the paper asked for 6 Mar 2027, 09:30)</span></a>'
    ) in rows[1]
    assert "committee-paper-read" not in rows[0]
    assert f"/reports/committee-paper/{failed.pk}/retry/" in rows[0]


def test_panel_of_a_paper_being_prepared_says_so(clock, db, lga_admin):
    CommitteePaperFactory(queued_at=NOW)

    html = _panel(lga_admin)

    assert "Queued — waiting for a worker. <a" in html and "Download the PDF" not in html and "Try again" not in html


def test_panel_reads_the_papers_in_one_query(clock, db, lga_admin, django_assert_num_queries):
    CommitteePaperFactory.create_batch(3, ready=True)
    _panel(lga_admin)  # the user's permissions, once

    with django_assert_num_queries(1):
        _panel(lga_admin)


@pytest.mark.parametrize("role", ["lead_peer", "fra_contact"])
def test_panel_is_empty_for_anyone_but_lga_staff(clock, db, user_for, role):
    CommitteePaperFactory(ready=True)

    assert _panel(user_for(role)).strip() == ""


def test_insight_page_shows_the_panel_and_the_banner_after_asking(clock, programme, client, sign_in, django_capture_on_commit_callbacks):
    sign_in("lga_admin")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REQUEST_URL, {"year_kind": "financial", "year": "2026"})
    page = client.get(response.url).content.decode()

    assert 'data-testid="committee-paper-panel"' in page
    assert "govuk-notification-banner--success" in page
    assert "The committee paper for the financial year 2026 to 2027, England, is being prepared as a PDF" in page
    assert 'data-testid="committee-paper-download">Download the PDF' in page


# Who may do what


ROLES = ["lga_admin", "adviser", "lead_peer", "fra_contact", "anonymous"]
STAFF = {"lga_admin", "adviser"}


def _signed_out(response, path):
    """Sent to sign in, and back to `path` after."""
    return (response.status_code, response.url) == (302, f"/sign-in/?next={quote(path)}")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("rule", [can_download_committee_paper, can_retry_committee_paper], ids=lambda rule: rule.name)
def test_paper_rules_agree_with_their_scope_for_every_paper(db, user_for, role, rule):
    CommitteePaperFactory()
    CommitteePaperFactory(ready=True)
    CommitteePaperFactory(failed=True)
    papers = CommitteePaper.objects.order_by("pk")
    user = user_for(role)
    in_scope = set(rule.filter(papers, user))

    assert [(paper.status, rule.test(user, paper)) for paper in papers] == [(paper.status, paper in in_scope) for paper in papers]
    assert [paper.status for paper in in_scope] == (
        [] if role not in STAFF else [ReportStatus.READY if rule == can_download_committee_paper else ReportStatus.FAILED]
    )


@pytest.mark.parametrize("role", ROLES)
def test_word_document_for_lga_staff_only(clock, db, client, sign_in, role):
    sign_in(role)

    response = client.get(WORD_URL)

    if role in STAFF:
        assert response.status_code == 200
    elif role == "anonymous":
        assert _signed_out(response, WORD_URL)
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_asking_for_the_pdf_for_lga_staff_only(clock, db, client, sign_in, role, django_capture_on_commit_callbacks):
    sign_in(role)

    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(REQUEST_URL, {"year_kind": "financial", "year": "2026"})

    if role in STAFF:
        assert (response.status_code, CommitteePaper.objects.count()) == (302, 1)
    else:
        assert (_signed_out(response, REQUEST_URL) if role == "anonymous" else response.status_code == 404) is True
        assert CommitteePaper.objects.count() == 0


def test_asking_by_service_refuses_anyone_but_lga_staff(db, fra_contact):
    with pytest.raises(Exception, match="^Only LGA staff can ask for the committee paper.$"):
        committee_paper_request(by=fra_contact, period=PERIOD)


@pytest.mark.parametrize("role", ROLES)
def test_pdf_download_for_lga_staff_only_checked_against_its_checksum(clock, db, client, sign_in, role):
    paper = CommitteePaperFactory(ready=True)
    sign_in(role)

    response = client.get(f"/reports/committee-paper/{paper.pk}/download/")

    if role in STAFF:
        assert (response.status_code, response["Content-Type"], b"".join(response.streaming_content)) == (
            200, "application/pdf", FAKE_PDF
        )
        assert response["Content-Disposition"] == 'attachment; filename="committee-paper-2026-27.pdf"'
    elif role == "anonymous":
        assert _signed_out(response, f"/reports/committee-paper/{paper.pk}/download/")
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_html_version_for_lga_staff_only_checked_against_its_checksum(clock, db, client, sign_in, role):
    paper = CommitteePaperFactory(ready=True)
    sign_in(role)

    response = client.get(f"/reports/committee-paper/{paper.pk}/")

    if role in STAFF:
        content = response.content.decode()
        assert response.status_code == 200
        assert "<title>Fire peer challenge programme: progress report, the financial year 2026 to 2027, England" in content
        assert f'<div class="app-report-html" data-testid="committee-paper-html">\n{FAKE_HTML.decode()}\n</div>' in content
        assert (
            f'<a class="govuk-link" href="/reports/committee-paper/{paper.pk}/download/" data-testid="committee-paper-download">'
            "Download the PDF (1 page, " in content
        )
        assert 'href="/challenges/insight/?year_kind=financial&amp;year=2026"' in content  # back to its period
        assert inline_code(response) == []
    elif role == "anonymous":
        assert _signed_out(response, f"/reports/committee-paper/{paper.pk}/")
    else:
        assert response.status_code == 404


@pytest.mark.parametrize(("stored", "address", "which", "other_bytes"), [
    ("file", "download/", "PDF", b"%PDF-1.7 other words"),
    ("html_file", "", "HTML version", b"<p>Other words</p>"),
])
def test_stored_file_refused_when_it_changed_and_not_found_before_it_is_ready(
    clock, db, client, sign_in, stored, address, which, other_bytes
):
    paper = CommitteePaperFactory(ready=True)
    queued = CommitteePaperFactory()
    sign_in("lga_admin")
    with getattr(paper, stored).storage.open(getattr(paper, stored).name, "wb") as handle:
        handle.write(other_bytes)

    response = client.get(f"/reports/committee-paper/{paper.pk}/{address}")

    assert response.status_code == 409
    content = response.content.decode()
    assert f"The {which} of this committee paper no longer matches the version that was published" in content
    assert "other words" not in content.lower()
    assert client.get(f"/reports/committee-paper/{queued.pk}/{address}").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_retry_for_lga_staff_only(clock, db, client, sign_in, role, django_capture_on_commit_callbacks):
    paper = CommitteePaperFactory(failed=True)
    sign_in(role)

    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(f"/reports/committee-paper/{paper.pk}/retry/")

    paper.refresh_from_db()
    if role in STAFF:
        assert (response.status_code, paper.status) == (302, ReportStatus.QUEUED)
    else:
        assert (_signed_out(response, f"/reports/committee-paper/{paper.pk}/retry/") if role == "anonymous" else response.status_code == 404) is True
        assert paper.status == ReportStatus.FAILED


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("year_kind=financial&year=1999", ["Choose a year from the list"]),
        ("year_kind=weekly&year=2026&region=atlantis", ["Choose a kind of year", "Choose a region from the list"]),
    ],
)
def test_word_document_of_a_period_not_on_the_lists_is_refused_saying_why(clock, db, client, sign_in, query, errors):
    sign_in("lga_admin")

    response = client.get(f"/reports/committee-paper/word/?{query}")

    page = response.content.decode()
    assert response.status_code == 400
    assert re.findall(r'<li>([^<]+)</li>', page) == errors
    assert '<a class="govuk-link" href="/challenges/insight/" data-testid="committee-paper-back">' in page


def test_asking_for_the_pdf_of_a_period_not_on_the_lists_records_nothing(clock, db, client, sign_in):
    sign_in("lga_admin")

    response = client.post(REQUEST_URL, {"year_kind": "financial", "year": "2099"})

    assert (response.status_code, CommitteePaper.objects.count()) == (400, 0)


def test_admin_lists_the_papers_read_only(db, client):
    client.force_login(LgaAdminFactory(is_staff=True, is_superuser=True))
    paper = CommitteePaperFactory(ready=True, region=Region.LONDON)

    listing = client.get("/admin/reports/committeepaper/").content.decode()
    change = client.get(f"/admin/reports/committeepaper/{paper.pk}/change/")

    assert '<td class="field-region">London</td>' in listing and '<td class="field-status">Ready</td>' in listing
    assert f'href="/admin/reports/committeepaper/{paper.pk}/change/' in listing
    assert (change.status_code, client.get("/admin/reports/committeepaper/add/").status_code) == (200, 403)
