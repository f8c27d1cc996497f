"""The outbox for LGA staff: every email with its status, and sending one again."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import ListView

from peersupport.formats import short_date
from peersupport.links import query_without, record_url_maker
from peersupport.models import OutboxStatus
from peersupport.outbox.selectors import emails_for_outbox, outbox_counts
from peersupport.outbox.services import email_resend
from peersupport.views import PermissionRequiredMixin


class OutboxListView(PermissionRequiredMixin, ListView):
    """Every email the service has sent or is sending, newest first, filtered by status."""

    permission_required = "peersupport.see_outbox"
    template_name = "peersupport/outboxemail_list.html"
    context_object_name = "emails"
    paginate_by = 50

    def get_queryset(self):
        status = self.request.GET.get("status", "")
        # An unknown status (a mistyped link) shows every email rather than an error.
        self.status = status if status in OutboxStatus.values else ""
        return emails_for_outbox(status=self.status or None).defer("body")  # the list never shows bodies

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = outbox_counts()
        context["filters"] = [
            {"text": "All emails", "count": sum(counts.values()), "query": "", "current": not self.status},
            *(
                {"text": label, "count": counts[value], "query": f"?status={value}", "current": self.status == value}
                for value, label in OutboxStatus.choices
            ),
        ]
        resend = record_url_maker("outbox:email-resend")
        context["rows"] = [_email_row(email, resend) for email in context["emails"]]
        context["query_string"] = query_without(self.request, "page")
        return context


def _email_row(email, resend):
    # What each row shows, as plain text: the rows of a long list are written out fastest so.
    return {
        "created": _moment(email.created_at),
        "recipients": email.recipients,
        "subject": email.subject,
        "about_url": email.about_url,
        "status": email.get_status_display(),
        "status_colour": email.status_colour,
        "attempts": email.attempts,
        "last_error": email.last_error,
        "resend_url": "" if email.status == OutboxStatus.SENT else resend(email.pk),
    }


def _moment(value) -> str:
    """"30 Nov 2026, 2:05pm", in UK time, as GOV.UK writes times."""
    local = timezone.localtime(value)
    return f"{short_date(local)}, {local.hour % 12 or 12}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


class OutboxEmailResendView(PermissionRequiredMixin, View):
    """Send a failed or waiting email again (POST only), then back to the outbox."""

    permission_required = "peersupport.see_outbox"
    http_method_names = ["post"]

    def post(self, request, pk):
        email = get_object_or_404(emails_for_outbox(), pk=pk)
        try:
            email_resend(by=request.user, email=email)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{email.subject} will be sent again")
        return redirect("outbox:email-list")
