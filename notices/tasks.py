"""Thin tasks: a notice's e-mail, by the notice's id."""

from celery import shared_task
from django.db import DatabaseError

from notices import mail


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=mail.MAX_ATTEMPTS - 1,
)
def send_notice_email(self, district_id: int, notice_id: str) -> str:
    """Send it once; on a temporary refusal, come back later (doubling the wait)."""
    retries = self.request.retries
    try:
        return mail.notice_email_send(
            district_id=district_id, notice_id=notice_id, final_attempt=retries >= self.max_retries
        )
    except mail.TemporaryFailure as exc:
        if self.request.is_eager and self.app.conf.task_eager_propagates:
            # No broker (the embedded default): nobody would come back later, and Celery
            # would raise the retry to the caller, so try again now, as a worker would.
            return self.apply(args=(district_id, notice_id), retries=retries + 1).get()
        raise self.retry(exc=exc, countdown=mail.retry_countdown(retries)) from exc
