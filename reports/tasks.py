from celery import shared_task

from reports.services import pipeline as render


@shared_task(bind=True, name="reports.report_render", max_retries=2, default_retry_delay=5)
def report_render(self, report_id):
    """Render a feedback report to PDF. Retried twice; after that the report is marked
    failed so that people see it and can try again from the challenge page."""
    try:
        render.report_render(report_id=report_id)
    except Exception as error:
        if self.request.retries < self.max_retries and not self.request.is_eager:
            raise self.retry(exc=error) from error
        render.report_mark_failed(report_id=report_id, error=error)
