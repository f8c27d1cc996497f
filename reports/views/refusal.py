"""The page that refuses a stored report file which no longer matches its checksum, or is gone."""

from django.template.response import TemplateResponse

from reports.integrity import StoredFileRefused


def stored_file_refused(request, refusal: StoredFileRefused) -> TemplateResponse:
    """A GOV.UK error page with the refusal's status (409 changed, 410 gone): the service team
    was told by the error logged when the file was refused."""
    return TemplateResponse(
        request, "reports/report_file_refused.html", {"report": refusal.report, "which": refusal.which, "problem": refusal.in_words},
        status=refusal.status,
    )
