"""Follow-ups of the news: nothing uploaded is lost on a bad form; photos taken from the archive."""

import pytest
from django.urls import reverse

from media_archive.models import MediaItem
from publications import services
from publications.models import Publication, PublicationPhoto
from tests.media_archive.factories import AlbumFactory, PhotoFactory, jpeg_bytes
from tests.publications.factories import publication_in_state, upload
from tests.publications.test_views import form_data

Status = Publication.Status
pytestmark = pytest.mark.django_db


def draft_of(world, organization=None, **kwargs):
    organization = organization or world.org_a
    author = world.officer_a if organization == world.org_a else world.officer_b
    return publication_in_state(
        "draft", organization=organization, author=author, staff=world.staff, **kwargs
    )


# --- Nothing uploaded is lost ---------------------------------------------------------------


def test_new_publication_without_title_keeps_its_two_photos(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("publications:create"),
            {**form_data(title=""), "photos": [upload("one.jpg"), upload("two.png", "PNG")]},
            follow=True,
        )
    publication = Publication.objects.get()
    assert publication.status == Status.DRAFT and publication.title == ""
    assert publication.lead == "Профком поздравил медсестёр больницы."
    assert sorted(publication.photos.values_list("original_name", flat=True)) == [
        "one.jpg",
        "two.png",
    ]
    assert response.redirect_chain[-1][0] == reverse("publications:update", args=[publication.pk])
    assert response.context["form"].errors["title"] == ["Напишите заголовок."]
    page = response.content.decode()
    assert "Напишите заголовок." in page
    assert "one.jpg" in page and "two.png" in page  # both photos are on the re-rendered page
    assert len(response.context["formset"].forms) == 2
    assert "Черновик сохранён, но не всё получилось" in page
    # The untitled draft is listed under a placeholder, and cannot be submitted.
    assert "Без заголовка" in client.get(reverse("publications:list")).content.decode()
    response = client.post(reverse("publications:submit", args=[publication.pk]), follow=True)
    assert response.context["form"].errors["title"] == ["Напишите заголовок."]
    publication.refresh_from_db()
    assert publication.status == Status.DRAFT


@pytest.mark.parametrize(
    ("vk_url", "message"),
    [
        ("vk.com wall post", "Введите полный адрес, начиная с https://"),  # the form refuses
        ("https://example.com/wall-1_2", "должна начинаться с https://vk.com/"),  # the service
    ],
)
def test_wrong_vk_link_keeps_photos_text_and_what_was_typed(client, world, vk_url, message):
    client.force_login(world.officer_a)
    response = client.post(
        reverse("publications:create"),
        {**form_data(vk_url=vk_url, action="submit"), "photos": [upload("a.jpg"), upload("b.jpg")]},
        follow=True,
    )
    publication = Publication.objects.get()
    assert publication.status == Status.DRAFT  # not submitted with an error on the page
    assert publication.title == "День медицинской сестры" and publication.vk_url == ""
    assert publication.photos.count() == 2
    assert message in str(response.context["form"].errors["vk_url"])
    assert f'value="{vk_url}"' in response.content.decode()  # what was typed is shown again
    # Correcting the link alone then saves it; the photos stay.
    client.post(
        reverse("publications:update", args=[publication.pk]),
        {
            **form_data(vk_url="https://vk.com/wall-1_2"),
            "photo-TOTAL_FORMS": "0",
            "photo-INITIAL_FORMS": "0",
        },
    )
    publication.refresh_from_db()
    assert publication.vk_url == "https://vk.com/wall-1_2" and publication.photos.count() == 2


def test_editing_with_an_emptied_title_keeps_the_old_title_and_adds_the_photo(client, world):
    draft = draft_of(world)
    client.force_login(world.officer_a)
    response = client.post(
        reverse("publications:update", args=[draft.pk]),
        {
            **form_data(title="", lead="Новый анонс."),
            "photo-TOTAL_FORMS": "0",
            "photo-INITIAL_FORMS": "0",
            "photos": [upload("new.jpg")],
        },
        follow=True,
    )
    draft.refresh_from_db()
    assert draft.title == "Субботник в больничном парке"  # the valid old value is kept
    assert draft.lead == "Новый анонс."
    assert list(draft.photos.values_list("original_name", flat=True)) == ["new.jpg"]
    assert response.context["form"].errors["title"] == ["Напишите заголовок."]


def test_wrong_photo_caption_order_does_not_lose_new_photos(client, world):
    draft = draft_of(world)
    services.publication_add_photos(
        user=world.officer_a, publication=draft, files=[upload("old.jpg")]
    )
    photo = draft.photos.get()
    client.force_login(world.officer_a)
    response = client.post(
        reverse("publications:update", args=[draft.pk]),
        {
            **form_data(title="Новый заголовок"),
            "photo-TOTAL_FORMS": "1",
            "photo-INITIAL_FORMS": "1",
            "photo-0-id": str(photo.pk),
            "photo-0-caption": "Подпись",
            "photo-0-credit": "",
            "photo-0-order": "минус один",
            "photos": [upload("new.jpg")],
        },
        follow=True,
    )
    draft.refresh_from_db()
    assert draft.title == "Новый заголовок"
    assert draft.photos.count() == 2
    photo_form = next(f for f in response.context["formset"].forms if f.instance.pk == photo.pk)
    assert photo_form.errors["order"]
    assert 'value="минус один"' in response.content.decode()


# --- Photos from the archive ----------------------------------------------------------------


@pytest.fixture
def archive(world):
    own = AlbumFactory(organization=world.org_a, title="Спартакиада (демо)")
    agreed = PhotoFactory(album=own, caption="Старт забега", author_credit="Фото И. Кузьминой")
    internal = PhotoFactory(album=own, caption="Без согласия", rights=MediaItem.Rights.INTERNAL)
    other = PhotoFactory(album=AlbumFactory(organization=world.org_b), caption="Чужой кадр")
    return {"agreed": agreed, "internal": internal, "other": other}


def test_officer_picks_own_consented_photos_only(
    client, world, archive, django_capture_on_commit_callbacks
):
    draft = draft_of(world)
    client.force_login(world.officer_a)
    url = reverse("publications:archive_photos", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "Старт забега" in page
    assert "Без согласия" not in page and "Чужой кадр" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"items": [archive["agreed"].pk]})
    assert response.status_code == 302
    assert response["Location"] == reverse("publications:update", args=[draft.pk])
    photo = draft.photos.get()
    assert photo.archive_item_id == archive["agreed"].pk
    assert (photo.caption, photo.credit) == ("Старт забега", "Фото И. Кузьминой")
    assert photo.image.name != archive["agreed"].original.name  # a copy of its own
    with photo.image.open("rb") as copy, archive["agreed"].original.open("rb") as source:
        assert copy.read() == source.read()
    photo.refresh_from_db()
    assert photo.has_renditions  # the usual rendition task made them
    # Picking it again adds nothing; the picker marks it as taken.
    client.post(url, {"items": [archive["agreed"].pk]})
    assert draft.photos.count() == 1
    assert "уже в публикации" in client.get(url).content.decode()


@pytest.mark.parametrize("key", ["internal", "other", "missing"])
def test_crafted_post_of_a_forbidden_archive_photo_adds_nothing(client, world, archive, key):
    draft = draft_of(world)
    client.force_login(world.officer_a)
    pk = archive[key].pk if key != "missing" else 999_999
    response = client.post(
        reverse("publications:archive_photos", args=[draft.pk]),
        {"items": [archive["agreed"].pk, pk]},
    )
    assert response.status_code == 403
    assert not PublicationPhoto.objects.exists()


def test_officer_b_cannot_pick_into_a_publication_of_a(client, world, archive):
    draft = draft_of(world)
    client.force_login(world.officer_b)
    response = client.post(
        reverse("publications:archive_photos", args=[draft.pk]),
        {"items": [archive["other"].pk]},
    )
    assert response.status_code == 404
    assert not PublicationPhoto.objects.exists()


def test_service_refuses_other_ppo_photo_even_without_the_view(world, archive):
    from django.core.exceptions import PermissionDenied

    draft = draft_of(world)
    with pytest.raises(PermissionDenied):
        services.publication_add_archive_photos(
            user=world.officer_a, publication=draft, item_ids=[archive["other"].pk]
        )


def test_staff_pick_any_consented_photo(client, world, archive):
    draft = draft_of(world)
    client.force_login(world.staff)
    url = reverse("publications:staff_archive_photos", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "Чужой кадр" in page and "Без согласия" not in page
    response = client.post(url, {"items": [archive["other"].pk]})
    assert response["Location"] == reverse("publications:staff_update", args=[draft.pk])
    assert draft.photos.get().caption == "Чужой кадр"


def test_photo_limit_refuses_the_whole_pick_with_a_message(client, world, archive, settings):
    settings.PORTAL_PUBLICATION_MAX_PHOTOS = 2
    draft = draft_of(world)
    services.publication_add_photos(user=world.officer_a, publication=draft, files=[upload()])
    second = PhotoFactory(album=archive["agreed"].album, caption="Финиш")
    client.force_login(world.officer_a)
    response = client.post(
        reverse("publications:archive_photos", args=[draft.pk]),
        {"items": [archive["agreed"].pk, second.pk]},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Выбрано фотографий: 2, а добавить можно ещё только 1" in page
    assert "не больше 2 фотографий" in page
    assert f'value="{second.pk}" checked' in page  # the ticks are kept to correct
    assert draft.photos.count() == 1


def test_empty_pick_asks_to_tick(client, world, archive):
    draft = draft_of(world)
    client.force_login(world.officer_a)
    response = client.post(reverse("publications:archive_photos", args=[draft.pk]), {})
    assert "Отметьте фотографии" in response.content.decode()


def test_not_editable_publication_refuses_the_pick(client, world, archive):
    submitted = publication_in_state(
        "submitted", organization=world.org_a, author=world.officer_a, staff=world.staff
    )
    client.force_login(world.officer_a)
    response = client.post(
        reverse("publications:archive_photos", args=[submitted.pk]),
        {"items": [archive["agreed"].pk]},
    )
    assert response.status_code == 302
    assert not PublicationPhoto.objects.exists()


def test_form_button_saves_then_opens_the_picker(client, world, archive):
    client.force_login(world.officer_a)
    page = client.get(reverse("publications:create")).content.decode()
    assert "Добавить из фотоархива" in page
    response = client.post(reverse("publications:create"), form_data(action="archive"))
    publication = Publication.objects.get()
    assert response["Location"] == reverse("publications:archive_photos", args=[publication.pk])


def test_no_archive_button_without_usable_photos(client, world):
    client.force_login(world.officer_b)
    assert (
        "Добавить из фотоархива" not in client.get(reverse("publications:create")).content.decode()
    )


def test_picker_queries_do_not_grow_with_photos(client, world, django_assert_max_num_queries):
    draft = draft_of(world)
    client.force_login(world.officer_a)
    url = reverse("publications:archive_photos", args=[draft.pk])
    for albums in (1, 4):  # 2 photos in 1 album, then 8 photos in 4 albums
        for _ in range(albums - MediaItem.objects.values("album").distinct().count()):
            album = AlbumFactory(organization=world.org_a)
            PhotoFactory.create_batch(2, album=album)
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


def test_copy_is_a_stored_file_not_the_archive_one(world, archive):
    """Deleting the archive item leaves the publication's photo whole."""
    draft = draft_of(world)
    services.publication_add_archive_photos(
        user=world.officer_a, publication=draft, item_ids=[archive["agreed"].pk]
    )
    archive["agreed"].delete()
    photo = draft.photos.get()
    with photo.image.open("rb") as copy:
        assert copy.read() == jpeg_bytes()


def test_staff_form_button_opens_the_staff_picker(client, world, archive):
    draft = draft_of(world)
    client.force_login(world.staff)
    response = client.post(
        reverse("publications:staff_update", args=[draft.pk]),
        {**form_data(action="archive"), "photo-TOTAL_FORMS": "0", "photo-INITIAL_FORMS": "0"},
    )
    assert response["Location"] == reverse("publications:staff_archive_photos", args=[draft.pk])


def test_submit_with_a_rejected_photo_stays_a_draft(client, world):
    client.force_login(world.officer_a)
    response = client.post(
        reverse("publications:create"),
        {
            **form_data(action="submit"),
            "photos": [upload("good.jpg"), upload("bad.jpg", content=b"x")],
        },
        follow=True,
    )
    publication = Publication.objects.get()
    assert publication.status == Status.DRAFT and publication.photos.count() == 1
    assert "«bad.jpg»" in str(response.context["form"].errors["photos"])
