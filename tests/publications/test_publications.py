"""Publications: sanitising, the state machine, reviews, e-mails, metrics."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.metrics import registry
from portal.periods import Period
from publications import services
from publications.models import ModerationEvent, Publication, Review
from tests.publications.factories import publication_in_state, upload

Status = Publication.Status
pytestmark = pytest.mark.django_db


def make(world, status, **kwargs):
    return publication_in_state(
        status, organization=world.org_a, author=world.officer_a, staff=world.staff, **kwargs
    )


# --- Sanitising ----------------------------------------------------------------------------


def test_body_keeps_paragraphs_lists_and_links_only():
    dirty = (
        '<p onclick="x()">Текст <b>жирный</b> <script>alert(1)</script></p>'
        '<ul><li>пункт</li></ul><a href="javascript:alert(1)">плохая</a>'
        '<a href="https://rkb.med.cap.ru/">хорошая</a><img src=x onerror=alert(1)>'
        '<iframe src="https://evil"></iframe><style>p{}</style>'
    )
    clean = services.sanitize_body(dirty)
    assert "<p>Текст <strong>жирный</strong> </p>" in clean
    assert "<ul><li>пункт</li></ul>" in clean
    assert (
        'href="https://rkb.med.cap.ru/"' in clean and 'rel="noopener noreferrer nofollow"' in clean
    )
    for bad in ("script", "onclick", "javascript", "<img", "iframe", "<b>", "style", "onerror"):
        assert bad not in clean


def test_plain_text_becomes_paragraphs_and_is_escaped():
    assert services.sanitize_body("Первый <абзац>\n\nВторой\nстрока") == (
        "<p>Первый &lt;абзац&gt;</p><p>Второй<br>строка</p>"
    )


def test_body_is_sanitised_on_create_and_update(world):
    publication = make(world, "draft", body="<p>Ок</p><script>alert(1)</script>")
    assert publication.body == "<p>Ок</p>"
    services.publication_update(
        user=world.officer_a, publication=publication, body='<p><a href="#" onclick="x">a</a></p>'
    )
    publication.refresh_from_db()
    assert "onclick" not in publication.body


# --- The state machine ---------------------------------------------------------------------


def test_full_workflow_records_every_transition(world):
    publication = make(world, "draft")
    services.publication_submit(user=world.officer_a, publication=publication)
    services.publication_request_changes(
        user=world.staff, publication=publication, comment="Уточните дату."
    )
    services.publication_update(user=world.officer_a, publication=publication, title="Новое")
    services.publication_submit(user=world.officer_a, publication=publication)
    services.publication_approve(user=world.staff, publication=publication)
    publication.refresh_from_db()
    assert publication.status == Status.PUBLISHED
    assert publication.published_at and publication.approved_at
    transitions = list(
        ModerationEvent.objects.filter(publication=publication).values_list(
            "from_status", "to_status", "actor_id"
        )
    )
    assert transitions == [
        ("draft", "draft", world.officer_a.pk),
        ("draft", "submitted", world.officer_a.pk),
        ("submitted", "changes_requested", world.staff.pk),
        ("changes_requested", "submitted", world.officer_a.pk),
        ("submitted", "approved", world.staff.pk),
        ("approved", "published", world.staff.pk),
    ]
    assert Review.objects.filter(publication=publication).count() == 2
    assert not Review.objects.filter(publication=publication, closed_at__isnull=True).exists()


ILLEGAL = [
    ("draft", "approve"),
    ("draft", "request_changes"),
    ("draft", "reject"),
    ("changes_requested", "approve"),
    ("approved", "approve"),
    ("approved", "reject"),
    ("approved", "submit"),
    ("published", "approve"),
    ("published", "request_changes"),
    ("published", "submit"),
    ("rejected", "approve"),
    ("rejected", "submit"),
    ("submitted", "submit"),
]


@pytest.mark.parametrize(("status", "action"), ILLEGAL)
def test_illegal_transitions_are_refused(world, status, action):
    publication = make(world, status)
    if action == "submit":
        call = lambda: services.publication_submit(user=world.officer_a, publication=publication)  # noqa: E731
    else:
        fn = getattr(services, f"publication_{action}")
        kwargs = {} if action == "approve" else {"comment": "Комментарий"}
        call = lambda: fn(user=world.staff, publication=publication, **kwargs)  # noqa: E731
    with pytest.raises(ValidationError, match="Нельзя|нельзя|уже на модерации"):
        call()
    publication.refresh_from_db()
    assert publication.status == status


def test_officer_cannot_moderate(world):
    publication = make(world, "submitted")
    with pytest.raises(PermissionDenied):
        services.publication_approve(user=world.officer_a, publication=publication)


def test_request_changes_and_reject_need_a_comment(world):
    publication = make(world, "submitted")
    with pytest.raises(ValidationError, match="что нужно исправить"):
        services.publication_request_changes(user=world.staff, publication=publication, comment=" ")
    with pytest.raises(ValidationError, match="причину"):
        services.publication_reject(user=world.staff, publication=publication, comment="")


def test_submit_needs_a_complete_publication(world):
    publication = make(world, "draft", lead="", body="", event_date=None, category="")
    with pytest.raises(ValidationError) as info:
        services.publication_submit(user=world.officer_a, publication=publication)
    assert set(info.value.message_dict) == {"lead", "body", "event_date", "category"}


def test_other_ppo_officer_cannot_edit_or_submit(world):
    publication = make(world, "draft")
    with pytest.raises(PermissionDenied):
        services.publication_update(user=world.officer_b, publication=publication, title="x")
    with pytest.raises(PermissionDenied):
        services.publication_submit(user=world.officer_b, publication=publication)


def test_officer_cannot_edit_while_under_review(world):
    publication = make(world, "submitted")
    with pytest.raises(ValidationError, match="нельзя изменить"):
        services.publication_update(user=world.officer_a, publication=publication, title="x")


def test_at_most_one_open_review_is_a_database_constraint(world):
    publication = make(world, "submitted")
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(
            publication=publication, opened_at=timezone.now(), opened_by=world.officer_a
        )


def test_scheduled_publication_is_published_when_due(world):
    publication = make(world, "submitted")
    at = timezone.now() + dt.timedelta(hours=3)
    services.publication_approve(user=world.staff, publication=publication, publish_at=at)
    publication.refresh_from_db()
    assert publication.status == Status.APPROVED
    assert services.publication_publish_due() == 0
    assert services.publication_publish_due(now=at + dt.timedelta(minutes=1)) == 1
    publication.refresh_from_db()
    assert publication.status == Status.PUBLISHED
    assert publication.events.last().actor is None


def test_decisions_email_the_author_after_commit(world, django_capture_on_commit_callbacks):
    publication = make(world, "submitted")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.publication_request_changes(
            user=world.staff, publication=publication, comment="Добавьте подписи к фото."
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.officer_a.email]
    assert "нужны правки" in message.subject
    assert "Добавьте подписи к фото." in message.body


def test_photos_are_checked_one_by_one(world, settings, django_capture_on_commit_callbacks):
    settings.PORTAL_PUBLICATION_MAX_PHOTOS = 2
    publication = make(world, "draft")
    with django_capture_on_commit_callbacks(execute=True):
        saved, errors = services.publication_add_photos(
            user=world.officer_a,
            publication=publication,
            files=[
                upload("one.jpg"),
                upload("bad.jpg", content=b"not an image"),
                upload("two.png", "PNG"),
                upload("three.jpg"),
            ],
            credit="Фото И. Петрова",
        )
    assert [p.original_name for p in saved] == ["one.jpg", "two.png"]
    assert errors[0].startswith("Файл «bad.jpg» не является изображением")
    assert "«three.jpg» не добавлен" in errors[1] and "не больше 2" in errors[1]
    photo = saved[0]
    photo.refresh_from_db()
    assert photo.credit == "Фото И. Петрова"
    assert photo.thumbnail and photo.web  # the task ran (eager) after commit
    assert photo.image.name.startswith(f"private/publications/{publication.pk}/")  # a draft
    assert "one" not in photo.image.name


# --- Metrics -------------------------------------------------------------------------------


def test_publication_metrics(world, django_assert_max_num_queries):
    first = make(world, "published", vk_url="https://vk.com/wall-1_2")
    second = make(
        world, "published", telegram_url="https://t.me/ppo/5", vk_url="https://vk.com/wall-1_3"
    )
    make(world, "submitted")
    Review.objects.filter(publication=first).update(
        opened_at=first.approved_at - dt.timedelta(hours=10)
    )
    Review.objects.filter(publication=second).update(
        opened_at=second.approved_at - dt.timedelta(hours=4)
    )
    now = timezone.localtime()
    period = Period.month(now.year, now.month)
    ids = [world.org_a.pk, world.org_b.pk]
    with django_assert_max_num_queries(1):
        assert registry.get("ppo.publications_approved").values(period, ids) == {
            world.org_a.pk: 2,
            world.org_b.pk: 0,
        }
    with django_assert_max_num_queries(1):
        assert registry.get("ppo.social_links").values(period, ids) == {
            world.org_a.pk: 3,
            world.org_b.pk: 0,
        }
    year = Period.for_year(now.year)
    with django_assert_max_num_queries(1):
        assert registry.get("ppo.months_with_publications").values(year, ids) == {
            world.org_a.pk: 1,
            world.org_b.pk: 0,
        }
    with django_assert_max_num_queries(1):
        turnaround = registry.get("ppo.moderation_turnaround_median").values(period, ids)
    assert turnaround == {world.org_a.pk: 7.0}  # PPO B: nothing decided, so unknown
    assert registry.get("ppo.moderation_turnaround_median").total(period, ids) == 7.0
    previous = period.previous()
    assert registry.get("ppo.publications_approved").values(previous, ids)[world.org_a.pk] == 0


def test_simple_body_is_edited_as_text_and_rich_body_as_html():
    text = "Первый <абзац> & всё\n\nВторой\nстрока"
    assert services.body_as_text(services.sanitize_body(text)) == text
    rich = services.sanitize_body("<p>См. <a href='https://vk.com/x'>пост</a></p>")
    assert services.body_as_text(rich) == rich


def test_rejection_reaches_the_author_with_the_reason(world, django_capture_on_commit_callbacks):
    publication = make(world, "submitted")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.publication_reject(
            user=world.staff, publication=publication, comment="Это реклама."
        )
    assert "отклонена" in mail.outbox[0].subject and "Это реклама." in mail.outbox[0].body


def test_publish_due_task(world):
    from publications.tasks import publish_due_publications

    publication = make(world, "approved")
    Publication.objects.filter(pk=publication.pk).update(
        publish_at=timezone.now() - dt.timedelta(minutes=1)
    )
    assert publish_due_publications.delay().get() == 1
    publication.refresh_from_db()
    assert publication.status == Status.PUBLISHED


def test_a_ppo_page_shows_its_news_while_it_belongs_to_the_chro():
    from ppo.models import PrimaryOrganization
    from publications.selectors import latest_news_of, published
    from tests.factories import OrganizationFactory, UserFactory
    from tests.publications.factories import PublicationFactory

    staying, leaving = OrganizationFactory(), OrganizationFactory()
    moment = timezone.now() - dt.timedelta(hours=1)
    news = {
        organization: PublicationFactory(
            organization=organization,
            author=UserFactory(),
            status=Publication.Status.PUBLISHED,
            approved_at=moment,
            published_at=moment,
        )
        for organization in (staying, leaving)
    }
    assert list(latest_news_of(leaving)) == [news[leaving]]
    PrimaryOrganization.objects.filter(pk=leaving.pk).update(
        left_on=timezone.localdate() - dt.timedelta(days=1)
    )
    assert list(latest_news_of(staying)) == [news[staying]]
    assert list(latest_news_of(leaving)) == []
    assert set(published()) == {news[staying]}
