import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from documents import services
from documents.models import Delivery, Document, Submission
from tests.factories import AppointmentFactory, OrganizationFactory, staff_user

from .factories import (
    DeliveryFactory,
    DocumentFactory,
    SubmissionFactory,
    docx_file,
    pdf_file,
    zip_file,
)

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + dt.timedelta(days=1)


def send(staff, **kwargs):
    defaults = {"title": "О конкурсе «Профсоюзный блогер»", "kind": Document.Kind.RESOLUTION}
    if not kwargs.get("organizations"):
        OrganizationFactory()
    return services.document_send(
        user=staff, file=kwargs.pop("file", pdf_file()), **{**defaults, **kwargs}
    )


# --- Files ----------------------------------------------------------------------------------------


def test_file_is_checked_by_content_and_stored_under_a_generated_name(db):
    staff = staff_user()
    document = send(staff, file=docx_file("Письмо ../../секрет.docx"))
    assert document.original_name == "секрет.docx"  # no folders from the person's name
    assert document.file.name.startswith("documents/")
    assert document.file.name.endswith(".docx")
    assert "Письмо" not in document.file.name
    # Not in the public media folder: nothing under MEDIA_URL serves it.
    assert not document.file.url.startswith("/media/")


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("вирус.pdf", b"MZ\x90\x00 this is an exe"),
        SimpleUploadedFile("notes.docx", b"plain text pretending to be a document"),
        zip_file("архив.docx", {"readme.txt": b"zip but not a document"}),
    ],
    ids=["exe-as-pdf", "text-as-docx", "zip-as-docx"],
)
def test_a_file_that_is_not_a_document_is_refused(db, upload):
    with pytest.raises(ValidationError) as refused:
        send(staff_user(), file=upload)
    [message] = refused.value.messages  # the pipeline's, once
    assert f"«{upload.name}» не принят" in message
    assert not Document.objects.exists()


def test_size_limit_comes_from_settings(db, settings):
    settings.DOCUMENTS_MAX_UPLOAD_SIZE = 10
    with pytest.raises(ValidationError) as refused:
        send(staff_user())
    [message] = refused.value.messages
    assert "«Постановление.pdf» весит" in message


def _image_bytes(image_format: str) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(output, image_format)
    return output.getvalue()


def test_odt_png_jpeg_and_xlsx_are_accepted(db):
    staff = staff_user()
    odt = zip_file("a.odt", {"mimetype": b"application/vnd.oasis.opendocument.text"})
    xlsx = zip_file("b.xlsx", {"xl/workbook.xml": b"<w/>"})
    # Real images: the model's pipeline validator re-encodes them (a bare signature is refused).
    png = SimpleUploadedFile("c.png", _image_bytes("PNG"))
    jpeg = SimpleUploadedFile("d.jpg", _image_bytes("JPEG"))
    names = [send(staff, file=f).file.name.rsplit(".", 1)[1] for f in (odt, xlsx, png, jpeg)]
    assert names == ["odt", "xlsx", "png", "jpg"]


# --- Sending, opening, acknowledging --------------------------------------------------------------


def test_send_to_chosen_ppos_notifies_only_their_officers(db, django_capture_on_commit_callbacks):
    staff = staff_user()
    a, b, c = (AppointmentFactory() for _ in range(3))
    with django_capture_on_commit_callbacks(execute=True):
        document = send(
            staff, organizations=[a.organization, b.organization], acknowledge_by=TOMORROW
        )
    assert set(document.deliveries.values_list("organization", flat=True)) == {
        a.organization_id,
        b.organization_id,
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted([a.user.email, b.user.email])
    assert "подтвердите ознакомление" in mail.outbox[0].body


def test_send_to_all_skips_closed_ppos(db):
    closed = OrganizationFactory(is_active=False)
    document = send(staff_user())
    delivered = list(document.deliveries.values_list("organization", flat=True))
    assert len(delivered) == 1 and closed.pk not in delivered


def test_deadline_in_the_past_is_refused(db):
    with pytest.raises(ValidationError, match="в прошлом"):
        send(staff_user(), acknowledge_by=timezone.localdate() - dt.timedelta(days=1))


def test_officer_cannot_send_documents(db):
    from django.core.exceptions import PermissionDenied

    officer = AppointmentFactory().user
    with pytest.raises(PermissionDenied):
        send(officer)


@pytest.fixture
def delivered(client):
    appointment = AppointmentFactory()
    document = DocumentFactory(acknowledge_by=TOMORROW)
    delivery = DeliveryFactory(document=document, organization=appointment.organization)
    client.force_login(appointment.user)
    return delivery


def test_download_records_the_first_opening_with_time_and_person(client, delivered):
    response = client.get(reverse("documents:cabinet_download", args=[delivered.document_id]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    delivered.refresh_from_db()
    first = delivered.opened_at
    assert first and delivered.opened_by.appointments.exists()
    client.get(reverse("documents:cabinet_download", args=[delivered.document_id]))
    delivered.refresh_from_db()
    assert delivered.opened_at == first


def test_acknowledge_records_time_and_person_and_only_once(client, delivered):
    url = reverse("documents:acknowledge", args=[delivered.document_id])
    response = client.post(url, follow=True)
    assert "подтверждено" in response.content.decode()
    delivered.refresh_from_db()
    assert delivered.acknowledged_at and delivered.acknowledged_by_id
    assert delivered.opened_at  # acknowledging implies having opened it
    response = client.post(url, follow=True)
    assert "уже подтверждено" in response.content.decode()


def test_officer_of_another_ppo_gets_404_even_by_crafted_post(client, delivered):
    other = AppointmentFactory().user
    client.force_login(other)
    document_id = delivered.document_id
    assert client.get(reverse("documents:cabinet_download", args=[document_id])).status_code == 404
    assert client.post(reverse("documents:acknowledge", args=[document_id])).status_code == 404
    delivered.refresh_from_db()
    assert delivered.opened_at is None and delivered.acknowledged_at is None
    assert document_id not in [
        d.document_id for d in client.get(reverse("documents:cabinet_list")).context["deliveries"]
    ]


def test_document_without_acknowledgement_cannot_be_acknowledged(client, delivered):
    Document.objects.filter(pk=delivered.document_id).update(acknowledge_by=None)
    client.post(reverse("documents:acknowledge", args=[delivered.document_id]))
    delivered.refresh_from_db()
    assert delivered.acknowledged_at is None


# --- The matrix and the laggards ----------------------------------------------------------------


def test_matrix_states_sent_opened_acknowledged_overdue(db):
    today = timezone.localdate()
    now = timezone.now()
    document = DocumentFactory(acknowledge_by=today)
    sent = DeliveryFactory(document=document)
    opened = DeliveryFactory(document=document, opened_at=now)
    done = DeliveryFactory(document=document, opened_at=now, acknowledged_at=now)
    states = {d.pk: d.state(today) for d in Delivery.objects.select_related("document")}
    assert states == {sent.pk: "sent", opened.pk: "opened", done.pk: "acknowledged"}
    # The day after the deadline: those not acknowledged are overdue, opened or not.
    later = today + dt.timedelta(days=1)
    states = {d.pk: d.state(later) for d in Delivery.objects.select_related("document")}
    assert states == {sent.pk: "overdue", opened.pk: "overdue", done.pk: "acknowledged"}


def test_matrix_page_shows_states_per_ppo(client, db):
    staff = staff_user()
    document = DocumentFactory(acknowledge_by=timezone.localdate() - dt.timedelta(days=1))
    late = DeliveryFactory(document=document)
    done = DeliveryFactory(
        document=document, opened_at=timezone.now(), acknowledged_at=timezone.now()
    )
    not_sent = OrganizationFactory()
    client.force_login(staff)
    rows = dict(client.get(reverse("documents:matrix")).context["rows"])
    assert rows[late.organization] == ["overdue"]
    assert rows[done.organization] == ["acknowledged"]
    assert rows[not_sent] == [None]


def _make_ppos_with_documents(n_ppos, n_documents):
    organizations = [OrganizationFactory() for _ in range(n_ppos)]
    for _ in range(n_documents):
        document = DocumentFactory()
        for organization in organizations:
            DeliveryFactory(document=document, organization=organization)


@pytest.mark.parametrize("size", [(2, 1), (8, 5)])
def test_matrix_query_count_does_not_grow(client, db, django_assert_max_num_queries, size):
    client.force_login(staff_user())
    _make_ppos_with_documents(*size)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("documents:matrix"))
    assert len(response.context["rows"]) == size[0]


def test_remind_reaches_only_the_laggards(client, db, django_capture_on_commit_callbacks):
    staff = staff_user()
    done, opened, untouched = (AppointmentFactory() for _ in range(3))
    bystander = AppointmentFactory()  # the document was not sent to this PPO
    now = timezone.now()
    document = DocumentFactory(acknowledge_by=TOMORROW)
    DeliveryFactory(
        document=document, organization=done.organization, opened_at=now, acknowledged_at=now
    )
    DeliveryFactory(document=document, organization=opened.organization, opened_at=now)
    DeliveryFactory(document=document, organization=untouched.organization)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:document_remind", args=[document.pk]))
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted([opened.user.email, untouched.user.email])
    assert done.user.email not in [m.to[0] for m in mail.outbox]
    assert bystander.user.email not in [m.to[0] for m in mail.outbox]
    assert "ещё не подтвердила" in mail.outbox[0].body
    assert document.deliveries.filter(reminded_at__isnull=False).count() == 2


def test_officer_cannot_remind(client, delivered):
    response = client.post(reverse("documents:document_remind", args=[delivered.document_id]))
    assert response.status_code == 403


# --- Staff send form ------------------------------------------------------------------------------


def test_send_form_needs_chosen_ppos_and_keeps_input(client, db):
    OrganizationFactory()
    client.force_login(staff_user())
    response = client.post(
        reverse("documents:document_send"),
        {"title": "Брендбук ЧРО", "kind": "brandbook", "recipients": "chosen", "file": pdf_file()},
    )
    assert response.status_code == 200
    assert "Выберите хотя бы одну ППО" in response.context["form"].errors["organizations"][0]
    assert 'value="Брендбук ЧРО"' in response.content.decode()
    assert not Document.objects.exists()


def test_send_form_refuses_a_fake_file_next_to_the_field(client, db):
    OrganizationFactory()
    client.force_login(staff_user())
    response = client.post(
        reverse("documents:document_send"),
        {
            "title": "Письмо",
            "kind": "letter",
            "recipients": "all",
            "file": SimpleUploadedFile("x.pdf", b"not a pdf"),
        },
    )
    assert "не принят" in response.context["form"].errors["file"][0]


def test_send_form_sends(client, db):
    organization = OrganizationFactory()
    client.force_login(staff_user())
    response = client.post(
        reverse("documents:document_send"),
        {
            "title": "Методические рекомендации по ведению сообщества",
            "kind": "methodology",
            "recipients": "chosen",
            "organizations": [organization.pk],
            "acknowledge_by": TOMORROW.isoformat(),
            "is_public": "on",
            "file": docx_file(),
        },
    )
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:document_detail", args=[document.pk])
    assert document.is_public and document.acknowledge_by == TOMORROW
    assert document.original_name == "Письмо.docx"


# --- Public library -----------------------------------------------------------------------------


def test_library_lists_only_public_documents(client, db):
    public = DocumentFactory(is_public=True, title="Брендбук ЧРО")
    private = DocumentFactory(title="Внутреннее письмо")
    response = client.get(reverse("documents:library"))
    text = response.content.decode()
    assert "Брендбук ЧРО" in text and "Внутреннее письмо" not in text
    assert client.get(reverse("documents:public_file", args=[public.pk])).status_code == 200
    assert client.get(reverse("documents:public_file", args=[private.pk])).status_code == 404


# --- Documents from PPOs to the ЧРО ---------------------------------------------------------------


def test_officer_sends_a_document_and_staff_process_it(client, db):
    appointment = AppointmentFactory()
    client.force_login(appointment.user)
    response = client.post(
        reverse("documents:submission_create"),
        {"kind": "protocol", "title": "Протокол № 3", "comment": "Подписан", "file": pdf_file()},
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.organization == appointment.organization
    assert submission.submitted_by == appointment.user
    staff = staff_user()
    client.force_login(staff)
    assert submission in client.get(reverse("documents:inbox")).context["submissions"]
    client.post(reverse("documents:submission_process", args=[submission.pk]), {"note": "Принят"})
    submission.refresh_from_db()
    assert submission.status == "processed" and submission.processed_by == staff
    assert submission.staff_note == "Принят"
    with pytest.raises(ValidationError, match="уже обработан"):
        services.submission_process(user=staff, submission=submission)


def test_submission_with_a_bad_file_keeps_input(client, db):
    client.force_login(AppointmentFactory().user)
    response = client.post(
        reverse("documents:submission_create"),
        {
            "kind": "report",
            "title": "Отчёт за март",
            "file": SimpleUploadedFile("x.docx", b"nope"),
        },
    )
    assert "не принят" in response.context["form"].errors["file"][0]
    assert 'value="Отчёт за март"' in response.content.decode()
    assert not Submission.objects.exists()


def test_another_ppo_cannot_download_a_submission(client, db):
    submission = SubmissionFactory()
    client.force_login(AppointmentFactory().user)
    url = reverse("documents:submission_file", args=[submission.pk])
    assert client.get(url).status_code == 404


def test_staff_send_from_admin_to_chosen_ppos(client, db, django_capture_on_commit_callbacks):
    chosen, other = AppointmentFactory(), AppointmentFactory()
    client.force_login(staff_user())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:documents_document_add"),
            {
                "title": "Письмо о сроках отчётности",
                "kind": "letter",
                "file": pdf_file("Письмо.pdf"),
                "recipients": [chosen.organization_id],
                "deliveries-TOTAL_FORMS": "0",
                "deliveries-INITIAL_FORMS": "0",
            },
        )
    assert response.status_code == 302, response.context["adminform"].form.errors
    document = Document.objects.get()
    assert document.original_name == "Письмо.pdf" and document.sent_at
    assert list(document.deliveries.values_list("organization", flat=True)) == [
        chosen.organization_id
    ]
    assert [m.to[0] for m in mail.outbox] == [chosen.user.email]
    assert other.user.email not in [m.to[0] for m in mail.outbox]
