"""Writes of contests. Keyword-only, atomic, validated; Russian messages for the user's mistakes."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from portal import uploads
from portal.organization import abbreviation
from portal.permissions import is_staff_member
from ppo.models import PrimaryOrganization
from ppo.selectors import officer_organization

from . import selectors
from .models import DEFAULT_CRITERIA, Contest, Criterion, Entry, EntryPhoto, Nomination, Score


def contest_apply_default_criteria(*, contest: Contest) -> int:
    """Give a contest without criteria the defaults of its kind; returns how many were added."""
    if contest.criteria.exists():
        return 0
    defaults = DEFAULT_CRITERIA.get(contest.kind, DEFAULT_CRITERIA["other"])
    Criterion.objects.bulk_create(
        [
            Criterion(contest=contest, title=title, max_score=max_score, order=index)
            for index, (title, max_score) in enumerate(defaults)
        ]
    )
    return len(defaults)


def _check_officer(user, organization: PrimaryOrganization) -> None:
    own = officer_organization(user)
    if own is None or own.pk != organization.pk:
        raise PermissionDenied("Работу подаёт ответственный своей ППО.")


def _check_content(contest: Contest, *, link: str, photo_count: int) -> None:
    if photo_count > contest.max_files_per_entry:
        raise ValidationError(
            {"photos": f"Не более {contest.max_files_per_entry} фотографий в одной работе."},
            code="too_many_photos",
        )
    if contest.kind == Contest.Kind.PHOTO and photo_count == 0:
        raise ValidationError(
            {"photos": "Добавьте хотя бы одну фотографию."}, code="photo_required"
        )
    if contest.needs_link and not link:
        raise ValidationError(
            {"link": "Укажите ссылку на блог, сообщество или видео."}, code="link_required"
        )


@transaction.atomic
def entry_submit(
    *,
    user,
    organization: PrimaryOrganization,
    contest: Contest,
    title: str,
    author: str,
    nomination: Nomination | None = None,
    description: str = "",
    link: str = "",
    photos: Iterable = (),
) -> Entry:
    _check_officer(user, organization)
    if not contest.accepts_entries():
        raise ValidationError(
            f"Приём работ на этот конкурс закрыт ({contest.submission_starts:%d.%m.%Y} — "
            f"{contest.submission_ends:%d.%m.%Y}).",
            code="closed",
        )
    if nomination is None and contest.nominations.exists():
        raise ValidationError({"nomination": "Выберите номинацию."}, code="nomination_required")
    photos = list(photos)
    _check_content(contest, link=link.strip(), photo_count=len(photos))
    entry = Entry(
        contest=contest,
        nomination=nomination,
        organization=organization,
        title=title.strip(),
        author=author.strip(),
        description=description.strip(),
        link=link.strip(),
        submitted_by=user,
    )
    entry.full_clean()
    entry.save()
    _add_photos(entry, photos)
    return entry


def _add_photos(entry: Entry, photos) -> None:
    for upload in photos:
        # The portal's one image pipeline: allow-listed formats, pixel and size caps, re-encoded
        # with EXIF (GPS) removed and orientation applied, a generated name. Its messages name
        # the file already.
        try:
            cleaned = uploads.check_image(upload, "contest_entry")
        except ValidationError as error:
            raise ValidationError({"photos": error.messages}) from None
        photo = EntryPhoto(entry=entry, file=cleaned.file)
        try:
            photo.full_clean(exclude=["entry"])
        except ValidationError as error:
            raise ValidationError(
                {"photos": [f"{upload.name}: {message}" for message in error.messages]}
            ) from None
        photo.save()


ENTRY_FIELDS = ("title", "author", "nomination", "description", "link")


@transaction.atomic
def entry_update(
    *,
    user,
    entry: Entry,
    add_photos: Iterable = (),
    remove_photo_ids: Iterable[int] = (),
    **changes,
) -> Entry:
    """Change an entry until the submission deadline."""
    _check_officer(user, entry.organization)
    if not entry.contest.accepts_entries():
        raise ValidationError(
            "Срок подачи работ прошёл: изменить работу уже нельзя.", code="closed"
        )
    unknown = set(changes) - set(ENTRY_FIELDS)
    if unknown:
        raise ValueError(f"Unknown entry fields: {unknown}")
    for name, value in changes.items():
        setattr(entry, name, value.strip() if isinstance(value, str) else value)
    add_photos = list(add_photos)
    remove_ids = set(remove_photo_ids)
    remaining = entry.photos.exclude(pk__in=remove_ids).count()
    _check_content(entry.contest, link=entry.link, photo_count=remaining + len(add_photos))
    entry.full_clean()
    entry.save(update_fields=[*changes, "updated_at"])
    entry.photos.filter(pk__in=remove_ids).delete()
    _add_photos(entry, add_photos)
    return entry


@transaction.atomic
def entry_score(*, user, entry: Entry, values: dict[int, int]) -> list[Score]:
    """A juror's scores of an entry (all criteria at once; re-scoring within the period
    replaces their own scores). An entry of the juror's own PPO does not exist for them."""
    contest = entry.contest
    juror = selectors.juror_seat(user, contest)
    if juror is None:
        raise PermissionDenied("Оценивают только члены жюри этого конкурса.")
    if entry.organization_id in selectors.excluded_organization_ids(juror):
        raise Http404("Работа не найдена.")
    if not contest.is_judging():
        raise ValidationError("Оценка работ сейчас закрыта.", code="not_judging")
    criteria = selectors.criteria_of(contest)
    errors = {}
    for criterion in criteria:
        value = values.get(criterion.pk)
        if value is None:
            errors[f"criterion_{criterion.pk}"] = "Поставьте балл."
        elif not 0 <= value <= criterion.max_score:
            errors[f"criterion_{criterion.pk}"] = f"Балл от 0 до {criterion.max_score}."
    if set(values) - {criterion.pk for criterion in criteria}:
        raise ValidationError("Критерий другого конкурса.", code="foreign_criterion")
    if errors:
        raise ValidationError(errors, code="bad_score")
    scores = []
    for criterion in criteria:
        score, _created = Score.objects.update_or_create(
            entry=entry, juror=juror, criterion=criterion, defaults={"value": values[criterion.pk]}
        )
        scores.append(score)
    return scores


@transaction.atomic
def contest_publish_results(*, user, contest: Contest) -> int:
    """Freeze each entry's mean score and place and publish the results page."""
    if not is_staff_member(user):
        raise PermissionDenied(f"Публикует итоги аппарат {abbreviation()}.")
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if contest.results_published:
        raise ValidationError("Итоги уже опубликованы.", code="already_published")
    if timezone.localdate() < contest.judging_starts:
        raise ValidationError("Оценка жюри ещё не началась.", code="too_early")
    updated = []
    for rows in selectors.contest_results(contest).values():
        for row in rows:
            row.entry.score, row.entry.place = row.score, row.place
            updated.append(row.entry)
    Entry.objects.bulk_update(updated, ["score", "place"])
    contest.results_published_at = timezone.now()
    contest.save(update_fields=["results_published_at"])
    return len(updated)
