from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from portal.access import public
from portal.forms import apply_validation_error
from portal.organization import abbreviation
from portal.permissions import is_staff_member
from ppo.access import OfficerRequiredMixin
from ppo.selectors import officer_organization

from . import selectors, services
from .forms import EntryForm, ScoreForm
from .models import Contest, EntryPhoto
from .permissions import can_edit_entry, can_view_unpublished_results

# --- Public pages -------------------------------------------------------------------------------


@public
class ContestListView(ListView):
    template_name = "contests/contest_list.html"
    context_object_name = "contests"

    def get_queryset(self):
        return selectors.contests_public()


@public
class ContestDetailView(DetailView):
    template_name = "contests/contest_detail.html"
    context_object_name = "contest"

    def get_queryset(self):
        return selectors.contests_public().prefetch_related("nominations", "criteria")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        contest = self.object
        show = contest.results_published or can_view_unpublished_results(self.request.user)
        context["results"] = selectors.contest_results(contest) if show else None
        context["is_preview"] = show and not contest.results_published
        context["juror"] = selectors.juror_seat(self.request.user, contest)
        return context


@public
class EntryPhotoView(View):
    """A photo of an entry: public once the results are out; before that only the entry's own
    PPO, jurors who may see the entry, and staff."""

    def get(self, request, pk):
        photo = get_object_or_404(EntryPhoto.objects.select_related("entry__contest"), pk=pk)
        entry = photo.entry
        allowed = entry.contest.results_published or is_staff_member(request.user)
        if not allowed:
            own = officer_organization(request.user)
            allowed = own is not None and own.pk == entry.organization_id
        if not allowed:
            juror = selectors.juror_seat(request.user, entry.contest)
            allowed = juror is not None and entry.organization_id not in (
                selectors.excluded_organization_ids(juror)
            )
        if not allowed:
            raise Http404
        response = FileResponse(photo.file.open("rb"), content_type="image/jpeg")
        if photo.file.name.endswith(".png"):
            response["Content-Type"] = "image/png"
        response["Cache-Control"] = "private, max-age=3600"
        return response


# --- The officer's cabinet ----------------------------------------------------------------------


class CabinetContestListView(OfficerRequiredMixin, TemplateView):
    template_name = "contests/cabinet_contests.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["open_contests"] = selectors.contests_open_for_entries()
        context["entries"] = selectors.entries_of(self.organization)
        return context


class EntryCreateView(OfficerRequiredMixin, FormView):
    template_name = "contests/entry_form.html"
    form_class = EntryForm

    def dispatch(self, request, *args, **kwargs):
        self.contest = get_object_or_404(Contest, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "contest": self.contest}

    def get_context_data(self, **kwargs):
        return super().get_context_data(contest=self.contest, **kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            entry = services.entry_submit(
                user=self.request.user,
                organization=self.organization,
                contest=self.contest,
                **data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Работа «%s» подана на конкурс.") % entry.title)
        return redirect("contests:cabinet_list")


class EntryUpdateView(OfficerRequiredMixin, FormView):
    template_name = "contests/entry_form.html"
    form_class = EntryForm

    def get_entry(self):
        if not hasattr(self, "entry"):
            self.entry = get_object_or_404(
                selectors.entries_of(self.organization), pk=self.kwargs["pk"]
            )
        return self.entry

    def get_form_kwargs(self):
        entry = self.get_entry()
        return {**super().get_form_kwargs(), "contest": entry.contest, "instance": entry}

    def get_context_data(self, **kwargs):
        entry = self.get_entry()
        return super().get_context_data(
            contest=entry.contest,
            entry=entry,
            can_edit=can_edit_entry(self.request.user, entry),
            **kwargs,
        )

    def form_valid(self, form):
        entry = self.get_entry()
        data = dict(form.cleaned_data)
        add_photos = data.pop("photos", [])
        remove = [photo.pk for photo in data.pop("remove_photos", [])]
        changes = {name: data[name] for name in form.changed_data if name in data}
        try:
            services.entry_update(
                user=self.request.user,
                entry=entry,
                add_photos=add_photos,
                remove_photo_ids=remove,
                **changes,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Изменения работы сохранены."))
        return redirect("contests:cabinet_list")


# --- The jury -----------------------------------------------------------------------------------


class JuryContestListView(TemplateView):
    template_name = "contests/jury_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["seats"] = selectors.seats_of(self.request.user)
        return context


class JurorRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        self.contest = get_object_or_404(Contest, slug=kwargs["slug"])
        self.juror = selectors.juror_seat(request.user, self.contest)
        if self.juror is None:
            raise PermissionDenied(_("Страница для членов жюри этого конкурса."))
        return super().dispatch(request, *args, **kwargs)


class JuryEntryListView(JurorRequiredMixin, TemplateView):
    template_name = "contests/jury_entries.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = list(selectors.entries_for_juror(self.juror))
        scores = selectors.scores_by_entry(self.juror)
        n_criteria = self.contest.criteria.count()
        rows = [(entry, len(scores.get(entry.pk, {})) >= n_criteria) for entry in entries]
        context.update(
            contest=self.contest,
            juror=self.juror,
            rows=rows,
            scored=sum(1 for _entry, done in rows if done),
        )
        return context


class EntryScoreView(JurorRequiredMixin, FormView):
    """The scoring form; an entry of the juror's own PPO is 404, by link or by crafted POST."""

    template_name = "contests/entry_score.html"
    form_class = ScoreForm

    def get_entry(self):
        if not hasattr(self, "entry"):
            self.entry = get_object_or_404(
                selectors.entries_for_juror(self.juror), pk=self.kwargs["pk"]
            )
        return self.entry

    def get_form_kwargs(self):
        entry = self.get_entry()
        return {
            **super().get_form_kwargs(),
            "criteria": selectors.criteria_of(self.contest),
            "initial_scores": selectors.scores_by_entry(self.juror).get(entry.pk, {}),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            contest=self.contest,
            entry=self.get_entry(),
            is_judging=self.contest.is_judging(),
            **kwargs,
        )

    def form_valid(self, form):
        entry = self.get_entry()
        try:
            services.entry_score(user=self.request.user, entry=entry, values=form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Оценки работы «%s» сохранены.") % entry.title)
        return redirect("contests:jury_entries", slug=self.contest.slug)


class JuryProgressView(TemplateView):
    """The chair (and staff) see which jurors have not finished."""

    template_name = "contests/jury_progress.html"

    def dispatch(self, request, *args, **kwargs):
        self.contest = get_object_or_404(Contest, slug=kwargs["slug"])
        juror = selectors.juror_seat(request.user, self.contest)
        if not (is_staff_member(request.user) or (juror and juror.is_chair)):
            raise PermissionDenied(
                _("Ход оценки видят председатель жюри и аппарат %(name)s.")
                % {"name": abbreviation()}
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            contest=self.contest, progress=selectors.jury_progress(self.contest), **kwargs
        )
