from celery import shared_task

from peersupport.outbox import sending


# No Celery retries: a failed send is counted on the email itself and tried again by the
# periodic sweep after a growing pause (sending.RETRY_DELAYS), which outlives the broker.
@shared_task(name="peersupport.email_send", soft_time_limit=60, time_limit=90)
def email_send(email_id):
    """Send one email from the outbox, if it is still waiting."""
    sending.email_send(email_id=email_id)


@shared_task(name="peersupport.emails_send_due", soft_time_limit=240, time_limit=300)
def emails_send_due():
    """Send every email in the outbox that is due; run every minute by Celery beat. Returns
    how many were sent."""
    return sending.emails_send_due()
