"""The monthly news digest: beat compiles the previous month's news and mails it once per
month and address to the confirmed subscribers, with a one-click unsubscribe link."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from documents import tasks  # noqa: F401  (registers the tasks, as a worker does)
from documents.models import DigestSubscriber, NewsDigest
from portal.apps import collect_beat_schedule
from portal.celery import app
from portal.models import SentMail
from portal.periods import Period
from publications.models import Publication
from tests.factories import staff_user
from tests.publications.factories import PublicationFactory

from .factories import DigestSubscriberFactory

pytestmark = pytest.mark.django_db

LAST_MONTH = Period.current_month().previous()


def published(title, *, at, organization=True, **kwargs):
    extra = {} if organization else {"organization": None}
    return PublicationFactory(
        title=title, status=Publication.Status.PUBLISHED, published_at=at, **extra, **kwargs
    )


@pytest.fixture
def month_news():
    start = LAST_MONTH.start
    ppo_news = published(
        "Субботник <b>в парке</b> & «липы»",
        at=start + dt.timedelta(days=3, hours=10),
        lead="Вышли 40 человек.",
    )
    chro_news = published(
        "Президиум подвёл итоги конкурса", at=start + dt.timedelta(days=20), organization=False
    )
    # Not in the digest: this month's news, a draft of last month, one of the month before.
    published("Новость этого месяца", at=LAST_MONTH.end + dt.timedelta(hours=1))
    PublicationFactory(title="Черновик прошлого месяца")
    published("Новость позапрошлого месяца", at=start - dt.timedelta(days=2))
    return ppo_news, chro_news


@pytest.fixture
def subscribers():
    confirmed = [
        DigestSubscriberFactory(status=DigestSubscriber.Status.CONFIRMED) for _ in range(2)
    ]
    DigestSubscriberFactory(status=DigestSubscriber.Status.PENDING, email="pending@example.org")
    DigestSubscriberFactory(status=DigestSubscriber.Status.UNSUBSCRIBED, email="gone@example.org")
    return confirmed


def beat_run(callbacks):
    """What beat does on the 1st: the scheduled task by its name, its jobs after commit."""
    entry = collect_beat_schedule()["documents-monthly-digest"]
    with callbacks(execute=True):
        return app.tasks[entry["task"]].apply().get()


def test_the_beat_entry_runs_on_the_first_of_the_month():
    schedule = collect_beat_schedule()["documents-monthly-digest"]["schedule"]
    assert schedule.day_of_month == {1}
    assert schedule.is_due(dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)) is not None


def test_two_beat_runs_mail_each_confirmed_subscriber_once(
    month_news, subscribers, django_capture_on_commit_callbacks
):
    first = beat_run(django_capture_on_commit_callbacks)
    second = beat_run(django_capture_on_commit_callbacks)
    assert first == second == NewsDigest.objects.get().pk
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.email for s in subscribers)
    digest = NewsDigest.objects.get()
    assert digest.month == LAST_MONTH.first_day and digest.item_count == 2
    assert digest.recipient_count == 2 and digest.finished_at
    assert set(SentMail.objects.values_list("email", flat=True)) == {s.email for s in subscribers}


def test_the_letter_lists_the_months_news_and_the_unsubscribe_link(
    month_news, subscribers, django_capture_on_commit_callbacks, settings
):
    ppo_news, chro_news = month_news
    beat_run(django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if m.to == [subscribers[0].email])
    assert str(LAST_MONTH) in message.subject
    text = message.body
    for news in (ppo_news, chro_news):
        assert news.title in text
        assert settings.PORTAL_BASE_URL + news.get_absolute_url() in text
    assert text.index(ppo_news.title) < text.index(chro_news.title)  # oldest first
    assert ppo_news.organization.short_name in text and "Вышли 40 человек." in text
    for absent in ("Новость этого месяца", "Черновик прошлого месяца", "позапрошлого"):
        assert absent not in text
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in text
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Субботник &lt;b&gt;в парке&lt;/b&gt; &amp; «липы»" in html
    assert "<b>в парке" not in html
    assert f'href="{link}"' in html
    # The link is the subscriber's own: one click (RFC 8058 POST) and the next digest skips them.
    response = Client().post(link.removeprefix(settings.PORTAL_BASE_URL))
    assert response.status_code == 200
    subscribers[0].refresh_from_db()
    assert subscribers[0].status == DigestSubscriber.Status.UNSUBSCRIBED


def test_unconfirmed_and_unsubscribed_get_nothing(
    month_news, subscribers, django_capture_on_commit_callbacks
):
    beat_run(django_capture_on_commit_callbacks)
    reached = {m.to[0] for m in mail.outbox}
    assert "pending@example.org" not in reached and "gone@example.org" not in reached
    assert not SentMail.objects.filter(email__in=["pending@example.org", "gone@example.org"])


def test_a_month_without_news_sends_nothing(subscribers, django_capture_on_commit_callbacks):
    published("Новость этого месяца", at=timezone.now())
    assert beat_run(django_capture_on_commit_callbacks) is None
    assert not mail.outbox and not NewsDigest.objects.exists()


def test_a_subscriber_confirmed_after_the_digest_gets_it_on_a_rerun_and_nobody_twice(
    month_news, subscribers, django_capture_on_commit_callbacks
):
    beat_run(django_capture_on_commit_callbacks)
    late = DigestSubscriberFactory(status=DigestSubscriber.Status.CONFIRMED)
    beat_run(django_capture_on_commit_callbacks)
    recipients = [m.to[0] for m in mail.outbox]
    assert sorted(recipients) == sorted([s.email for s in subscribers] + [late.email])
    assert NewsDigest.objects.get().recipient_count == 3


def test_staff_see_the_sent_digests_in_the_admin(
    client, month_news, subscribers, django_capture_on_commit_callbacks
):
    beat_run(django_capture_on_commit_callbacks)
    digest = NewsDigest.objects.get()
    client.force_login(staff_user(is_superuser=True))
    content = client.get(reverse("admin:documents_newsdigest_changelist")).content.decode()
    assert digest.subject in content and str(LAST_MONTH) in content
    page = client.get(reverse("admin:documents_newsdigest_change", args=[digest.pk]))
    assert page.status_code == 200
    assert "Президиум подвёл итоги конкурса" in page.content.decode()
    assert "Субботник &lt;b&gt;" in page.content.decode()
