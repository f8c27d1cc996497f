"""The outbox page for LGA staff: every email with its status, filtered by status, and "Send
again"; for anyone else it does not exist."""

import datetime

import pytest

from peersupport.models import OutboxEmail, OutboxStatus
from peersupport.tests.html import inline_code, main_text, notifications, page

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

INTRO = (
    "Outbox Every email the service sends waits here until it is sent. An email that cannot be sent is tried again "
    "several times over about five hours; after that it is marked as failed, and you can send it again."
)
TABLE_HEAD = "Emails in the outbox, newest first Created To Subject Status Attempts Last error Action"
REFUSAL = "Connection unexpectedly closed"


def _email(created_at, **fields) -> OutboxEmail:
    """An email in the outbox, written at `created_at` (UTC)."""
    email = OutboxEmail.objects.create(
        **{"recipients": "contact@avon.example.org", "subject": "Peer challenge confirmed", "body": "Dates\n", **fields}
    )
    OutboxEmail.objects.filter(pk=email.pk).update(created_at=created_at)
    return email


@pytest.fixture
def outbox():
    """One email of each status, a day apart, the oldest first."""
    return {
        "sent": _email(datetime.datetime(2027, 3, 8, 9, 30, tzinfo=datetime.UTC), subject="Challenge requested",
                       recipients="adviser@lga.example.org", status=OutboxStatus.SENT, attempts=1,
                       sent_at=datetime.datetime(2027, 3, 8, 9, 30, tzinfo=datetime.UTC)),
        "failed": _email(datetime.datetime(2027, 3, 9, 14, 5, tzinfo=datetime.UTC), about_url="/challenges/12/",
                         recipients="contact@avon.example.org, adviser@lga.example.org", status=OutboxStatus.FAILED,
                         attempts=6, last_error=REFUSAL),
        # Summer: shown in British Summer Time, an hour ahead of UTC.
        "pending": _email(datetime.datetime(2027, 6, 10, 23, 15, tzinfo=datetime.UTC), subject="Dates changed", attempts=2,
                          last_error="Timed out"),
    }


# Who sees it


@pytest.mark.parametrize(
    ("role", "status"),
    [("lga_admin", 200), ("adviser", 200), ("lead_peer", 404), ("other_peer_user", 404), ("fra_contact", 404)],
)
def test_outbox_list_only_for_lga_staff(client, sign_in, outbox, role, status):
    sign_in(role)

    assert client.get("/outbox/").status_code == status


def test_outbox_list_signed_out_sent_to_sign_in(client, outbox):
    response = client.get("/outbox/?status=failed")

    assert (response.status_code, response.url) == (302, "/sign-in/?next=/outbox/%3Fstatus%3Dfailed")


# What it shows


def test_outbox_list_shows_every_email_newest_first(client, sign_in, outbox):
    sign_in("lga_admin")

    response = client.get("/outbox/")

    assert main_text(response) == (
        f"{INTRO} Filter by status All emails (3) Waiting to send (1) Sent (1) Failed (1) 3 emails {TABLE_HEAD} "
        "11 Jun 2027, 12:15am contact@avon.example.org Dates changed Waiting to send 2 Timed out Send again "
        f"9 Mar 2027, 2:05pm contact@avon.example.org, adviser@lga.example.org Peer challenge confirmed Failed 6 {REFUSAL} Send again "
        "8 Mar 2027, 9:30am adviser@lga.example.org Challenge requested Sent 1"
    )
    html = page(response)
    assert [html.count(f'action="/outbox/{outbox[status].pk}/resend/"') for status in ("pending", "failed", "sent")] == [1, 1, 0]
    assert '<a class="govuk-link" href="/challenges/12/">Peer challenge confirmed</a>' in html
    assert [html.count(f'<strong class="govuk-tag govuk-tag--{colour}">') for colour in ("blue", "red", "green")] == [1, 1, 1]
    assert inline_code(response) == []


@pytest.mark.parametrize(
    ("status", "filters", "rows"),
    [
        ("failed", 'All emails (3)</a>|Waiting to send (1)</a>|<strong class="govuk-!-font-weight-bold" aria-current="true">Failed (1)</strong>',
         f"1 email {TABLE_HEAD} 9 Mar 2027, 2:05pm contact@avon.example.org, adviser@lga.example.org Peer challenge confirmed Failed 6 {REFUSAL} Send again"),
        ("sent", "All emails (3)</a>|Failed (1)</a>",
         f"1 email {TABLE_HEAD} 8 Mar 2027, 9:30am adviser@lga.example.org Challenge requested Sent 1"),
        ("pending", "All emails (3)</a>|Sent (1)</a>",
         f"1 email {TABLE_HEAD} 11 Jun 2027, 12:15am contact@avon.example.org Dates changed Waiting to send 2 Timed out Send again"),
    ],
)
def test_outbox_list_filtered_by_status(client, sign_in, outbox, status, filters, rows):
    sign_in("adviser")

    response = client.get(f"/outbox/?status={status}")

    assert main_text(response).split(" Sent (1) Failed (1) ")[1] == rows
    assert all(part in page(response) for part in filters.split("|"))


def test_outbox_list_filtered_with_none_says_so(client, sign_in, outbox):
    OutboxEmail.objects.filter(status=OutboxStatus.FAILED).delete()
    sign_in("lga_admin")

    response = client.get("/outbox/?status=failed")

    assert main_text(response).endswith("Filter by status All emails (2) Waiting to send (1) Sent (1) Failed (0) 0 emails No emails with this status.")


@pytest.mark.parametrize("query", ["?status=unknown", "?status=", "?status=SENT"])
def test_outbox_list_unknown_status_shows_every_email(client, sign_in, outbox, query):
    sign_in("lga_admin")

    response = client.get(f"/outbox/{query}")

    assert (response.status_code, [email.pk for email in response.context["emails"]]) == (
        200, [outbox["pending"].pk, outbox["failed"].pk, outbox["sent"].pk]
    )


def test_outbox_list_empty_says_so(client, sign_in):
    sign_in("lga_admin")

    assert main_text(client.get("/outbox/")) == (
        f"{INTRO} Filter by status All emails (0) Waiting to send (0) Sent (0) Failed (0) 0 emails No emails."
    )


def test_outbox_list_pages_of_fifty_keep_the_filter(client, sign_in):
    for minute in range(51):
        _email(datetime.datetime(2027, 3, 8, 9, minute, tzinfo=datetime.UTC), subject=f"Email {minute}", status=OutboxStatus.FAILED, attempts=6)
    _email(datetime.datetime(2027, 3, 9, 9, 0, tzinfo=datetime.UTC), subject="Waiting")
    sign_in("lga_admin")

    first = client.get("/outbox/?status=failed")
    second = client.get("/outbox/?status=failed&page=2")

    assert (len(first.context["rows"]), [row["subject"] for row in second.context["rows"]]) == (50, ["Email 0"])
    assert 'href="?status=failed&amp;page=2" rel="next"' in page(first)
    assert "51 emails" in main_text(second)


def test_outbox_list_queries_same_for_1_and_30_emails(client, sign_in, django_assert_num_queries):
    sign_in("lga_admin")
    statuses = [OutboxStatus.PENDING, OutboxStatus.FAILED, OutboxStatus.SENT]

    for size in (1, 30):
        while OutboxEmail.objects.count() < size:
            count = OutboxEmail.objects.count()
            status = statuses[count % 3]
            _email(datetime.datetime(2027, 3, 8, 9, count, tzinfo=datetime.UTC), status=status,
                   sent_at=datetime.datetime(2027, 3, 8, 9, 30, tzinfo=datetime.UTC) if status == OutboxStatus.SENT else None)
        with django_assert_num_queries(7):
            response = client.get("/outbox/")

        assert len(response.context["rows"]) == size


# Send again


@pytest.mark.parametrize("role", ["lga_admin", "adviser"])
def test_outbox_resend_by_lga_staff_sends_it_and_says_so(client, sign_in, outbox, mailoutbox, django_capture_on_commit_callbacks, role):
    sign_in(role)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/outbox/{outbox['failed'].pk}/resend/")

    assert (response.status_code, response.url) == (302, "/outbox/")
    assert notifications(client.get(response.url)) == ["Peer challenge confirmed will be sent again"]
    outbox["failed"].refresh_from_db()
    assert (outbox["failed"].status, outbox["failed"].attempts, outbox["failed"].last_error) == (OutboxStatus.SENT, 1, "")
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["contact@avon.example.org", "adviser@lga.example.org"], "Peer challenge confirmed")
    ]


def test_outbox_resend_of_a_sent_email_says_why_not(client, sign_in, outbox, mailoutbox):
    sign_in("lga_admin")

    response = client.post(f"/outbox/{outbox['sent'].pk}/resend/", follow=True)

    assert response.redirect_chain == [("/outbox/", 302)]
    assert notifications(response) == ["This email has already been sent"]
    assert mailoutbox == []


@pytest.mark.parametrize("role", ["lead_peer", "other_peer_user", "fra_contact"])
def test_outbox_resend_by_anyone_else_not_found_and_nothing_changes(client, sign_in, outbox, mailoutbox, role):
    sign_in(role)

    response = client.post(f"/outbox/{outbox['failed'].pk}/resend/")

    assert response.status_code == 404
    outbox["failed"].refresh_from_db()
    assert (outbox["failed"].status, outbox["failed"].attempts, outbox["failed"].last_error, mailoutbox) == (
        OutboxStatus.FAILED, 6, REFUSAL, []
    )


def test_outbox_resend_signed_out_sent_to_sign_in_and_nothing_changes(client, outbox, mailoutbox):
    path = f"/outbox/{outbox['failed'].pk}/resend/"

    response = client.post(path)

    assert (response.status_code, response.url) == (302, f"/sign-in/?next={path}")
    outbox["failed"].refresh_from_db()
    assert (outbox["failed"].status, mailoutbox) == (OutboxStatus.FAILED, [])


def test_outbox_resend_get_not_allowed(client, sign_in, outbox):
    sign_in("lga_admin")

    response = client.get(f"/outbox/{outbox['failed'].pk}/resend/")

    assert (response.status_code, response["Allow"]) == (405, "POST")


def test_outbox_resend_unknown_email_not_found(client, sign_in):
    sign_in("lga_admin")

    assert client.post("/outbox/987654/resend/").status_code == 404
