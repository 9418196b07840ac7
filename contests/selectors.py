"""Reads of contests: what a juror may see, jury progress and results (with ties)."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.utils import timezone

from ppo.selectors import officer_organization

from .models import Contest, Criterion, Entry, EntryPhoto, Juror, Score


def contests_public() -> QuerySet[Contest]:
    return Contest.objects.filter(is_public=True).order_by("-submission_starts")


def contests_open_for_entries(today=None) -> QuerySet[Contest]:
    today = today or timezone.localdate()
    return Contest.objects.filter(submission_starts__lte=today, submission_ends__gte=today)


def _with_details(queryset: QuerySet[Entry]) -> QuerySet[Entry]:
    return queryset.select_related("nomination", "organization", "contest").prefetch_related(
        Prefetch("photos", queryset=EntryPhoto.objects.order_by("pk"))
    )


def entries_of(organization) -> QuerySet[Entry]:
    """A PPO's own entries (the officer's cabinet)."""
    return _with_details(Entry.objects.filter(organization=organization)).order_by("-submitted_at")


def juror_seat(user, contest: Contest) -> Juror | None:
    if not user.is_authenticated:
        return None
    return Juror.objects.filter(contest=contest, user=user).select_related("contest").first()


def seats_of(user) -> QuerySet[Juror]:
    return (
        Juror.objects.filter(user=user)
        .select_related("contest")
        .order_by("-contest__judging_starts")
    )


def excluded_organization_ids(juror: Juror) -> set[int]:
    """The juror's own PPO (as recorded on the seat, and the one they are an officer of)."""
    own = {juror.organization_id}
    organization = officer_organization(juror.user)
    if organization is not None:
        own.add(organization.pk)
    own.discard(None)
    return own


def entries_for_juror(juror: Juror) -> QuerySet[Entry]:
    """The entries a juror sees and scores: never their own PPO's."""
    return _with_details(
        Entry.objects.filter(contest_id=juror.contest_id).exclude(
            organization_id__in=excluded_organization_ids(juror)
        )
    ).order_by("nomination__order", "nomination_id", "pk")


def criteria_of(contest: Contest) -> list[Criterion]:
    return list(contest.criteria.order_by("order", "pk"))


def scores_by_entry(juror: Juror) -> dict[int, dict[int, int]]:
    """{entry_id: {criterion_id: value}} of one juror (one query)."""
    scores: dict[int, dict[int, int]] = defaultdict(dict)
    for entry_id, criterion_id, value in Score.objects.filter(juror=juror).values_list(
        "entry_id", "criterion_id", "value"
    ):
        scores[entry_id][criterion_id] = value
    return scores


@dataclass
class JurorProgress:
    juror: Juror
    scored: int
    total: int

    @property
    def finished(self) -> bool:
        return self.scored >= self.total


def jury_progress(contest: Contest) -> list[JurorProgress]:
    """Each juror's entries scored on every criterion out of the entries they must score
    (a constant number of queries, whatever the size of the jury)."""
    jurors = list(contest.jurors.select_related("user").order_by("-is_chair", "user__full_name"))
    entries = list(contest.entries.values_list("pk", "organization_id"))
    n_criteria = contest.criteria.count()
    complete = defaultdict(int)
    rows = (
        Score.objects.filter(juror__contest=contest)
        .values("juror_id", "entry_id")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        if row["n"] >= n_criteria:
            complete[row["juror_id"]] += 1
    officer_orgs = _officer_orgs([juror.user_id for juror in jurors])
    progress = []
    for juror in jurors:
        excluded = {juror.organization_id, officer_orgs.get(juror.user_id)} - {None}
        total = sum(1 for _pk, org in entries if org not in excluded)
        progress.append(JurorProgress(juror, complete[juror.pk], total))
    return progress


def _officer_orgs(user_ids) -> dict[int, int]:
    from ppo.selectors import appointments_in_force

    return dict(
        appointments_in_force()
        .filter(user_id__in=user_ids)
        .values_list("user_id", "organization_id")
    )


@dataclass
class ResultRow:
    entry: Entry
    score: Decimal | None
    place: int | None
    jurors: int
    tied: bool = False


def _quantize(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def contest_results(contest: Contest) -> dict:
    """{nomination (or None): [ResultRow, ...]} ranked by the mean over jurors of each juror's
    total; only complete scorings (every criterion) count. Equal means share a place (1, 1, 3)."""
    n_criteria = contest.criteria.count()
    totals = defaultdict(list)
    rows = (
        Score.objects.filter(entry__contest=contest)
        .values("entry_id", "juror_id")
        .annotate(total=Sum("value"), n=Count("pk"))
    )
    for row in rows:
        if row["n"] >= n_criteria:
            totals[row["entry_id"]].append(row["total"])
    entries = _with_details(contest.entries.all()).order_by("nomination__order", "nomination_id")
    groups: dict = defaultdict(list)
    for entry in entries:
        marks = totals.get(entry.pk, [])
        score = _quantize(Decimal(sum(marks)) / len(marks)) if marks else None
        groups[entry.nomination].append(ResultRow(entry, score, None, len(marks)))
    for group in groups.values():
        scored = [row for row in group if row.score is not None]
        for row in scored:
            row.place = 1 + sum(1 for other in scored if other.score > row.score)
        counts = defaultdict(int)
        for row in scored:
            counts[row.place] += 1
        for row in scored:
            row.tied = counts[row.place] > 1
        group.sort(key=lambda row: (row.place is None, row.place or 0, row.entry.title))
    return dict(groups)
