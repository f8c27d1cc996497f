"""The email outbox: every email the service sends is written to a table in the same
transaction as the change that causes it, then sent by a Celery task once that commits; a
periodic sweep sends whatever is still waiting, so that no email is lost while the broker or
the mail server is down. LGA staff see the outbox and can send an email again."""
