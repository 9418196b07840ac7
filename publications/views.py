"""Views of publications: the officer's cabinet, the staff moderation pages, the public news."""

from pathlib import PurePosixPath

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms.utils import ErrorDict
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView, View

from portal.access import StaffRequiredMixin, public
from portal.forms import apply_validation_error
from portal.organization import abbreviation, current_organization
from portal.pagecache import PublicPageCacheMixin
from portal.periods import Period
from portal.storage import SplitStorage
from portal.uploads import inline_response
from ppo.access import OfficerRequiredMixin
from ppo.selectors import organizations_matching

from . import selectors, services
from .forms import (
    ApproveForm,
    ArchivePhotoPickForm,
    CommentForm,
    NewsFilterForm,
    PhotoFormSet,
    PublicationForm,
    StaffPublicationForm,
)
from .models import CrossPost, Publication
from .permissions import can_edit_publication, can_submit_publication
from .versions import versions_diff

SESSION_ERRORS = "publication-errors-%s"


def _stash_errors(request, publication, *, photos=(), fields=None, values=None, photo_forms=None):
    """Keep the messages (and what the user typed into the wrong fields) for the edit page the
    browser is redirected to."""
    request.session[SESSION_ERRORS % publication.pk] = {
        "photos": list(photos),
        "fields": {name: list(messages_) for name, messages_ in (fields or {}).items()},
        "values": dict(values or {}),
        "photo_forms": dict(photo_forms or {}),
    }


def _error_fields(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {field: list(messages_) for field, messages_ in error.message_dict.items()}
    return {"__all__": list(error.messages)}


def _restore_errors(form, errors: dict, values: dict) -> None:
    """Show stashed messages on an unbound form, with the values the user had typed."""
    form._errors, form.cleaned_data = ErrorDict(), {}
    for name, value in values.items():
        if name in form.fields:
            form.initial[name] = value
    for field, field_messages in errors.items():
        form.add_error(field if field in form.fields else None, field_messages)


# --- Editing (shared by the officer's cabinet and staff) ------------------------------------


class PublicationEditMixin:
    """The form of a publication: text, new photos, and captions/order of stored photos.

    Nothing the author typed or uploaded is lost: whatever is valid is saved to the draft (a
    draft may be incomplete, even untitled; only submission needs the full set), the accepted
    photos are attached, and the edit page of the draft comes back with a message next to each
    wrong field (showing what was typed) and per rejected file next to the photo field."""

    template_name = "publications/publication_form.html"
    form_class = PublicationForm
    publication: Publication | None = None
    _stash: dict | None = None

    def organization_for_new(self):
        raise NotImplementedError

    def detail_url(self, publication) -> str:
        raise NotImplementedError

    def edit_url(self, publication) -> str:
        raise NotImplementedError

    def archive_url(self, publication) -> str:
        raise NotImplementedError

    def get_form(self, data=None, files=None):
        kwargs = {"instance": self.publication, "data": data, "files": files}
        form = self.form_class(**kwargs)
        if isinstance(form, StaffPublicationForm) and self.publication is not None:
            form.fields["organization"].initial = self.publication.organization_id
            form.fields["organization"].disabled = True
        if data is None and self.publication is not None:
            self._stash = self.request.session.pop(SESSION_ERRORS % self.publication.pk, None)
            for check in selectors.social_link_checks(self.publication):
                field = form.fields[check["field"]]
                field.help_text = _("%(help)s Проверка сохранённой ссылки: %(status)s") % {
                    "help": field.help_text,
                    "status": check["message"],
                }
        if self._stash:
            errors = dict(self._stash.get("fields", {}))
            if self._stash.get("photos"):
                errors["photos"] = [*errors.get("photos", []), *self._stash["photos"]]
            _restore_errors(form, errors, self._stash.get("values", {}))
        return form

    def get_formset(self, data=None):
        if self.publication is None:
            return None
        formset = PhotoFormSet(
            data, queryset=self.publication.photos.order_by("order", "pk"), prefix="photo"
        )
        stashed = (self._stash or {}).get("photo_forms", {}) if data is None else {}
        for photo_form in formset.forms if stashed else ():
            entry = stashed.get(str(photo_form.instance.pk))
            if entry:
                _restore_errors(photo_form, entry["errors"], entry["values"])
        return formset

    def render(self, form, formset, status=200):
        context = self.get_context_data(form=form, formset=formset)
        return self.render_to_response(context, status=status)

    def get_context_data(self, **kwargs):
        from media_archive.selectors import photos_for_publication

        context = super().get_context_data(**kwargs)
        context["publication"] = self.publication
        context["layout"] = self.layout
        if self.publication and self.publication.status == Publication.Status.CHANGES_REQUESTED:
            context["moderator_comment"] = (
                selectors.publication_history(self.publication)
                .filter(to_status=Publication.Status.CHANGES_REQUESTED)
                .last()
            )
        context["cancel_url"] = (
            self.detail_url(self.publication) if self.publication else self.list_url()
        )
        context["archive_available"] = photos_for_publication(self.request.user).exists()
        return context

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        return self.render(form, self.get_formset())

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST, request.FILES)
        formset = self.get_formset(request.POST)
        form_valid = form.is_valid()
        formset_valid = formset is None or formset.is_valid()
        if self.publication is None and "organization" in form.errors:
            return self.render(form, formset)  # whose news it would be is unknown
        text = {n: form.cleaned_data[n] for n in services.TEXT_FIELDS if n in form.cleaned_data}
        if self.publication is not None:
            text = {name: value for name, value in text.items() if name in form.changed_data}
        action = request.POST.get("action")
        try:
            outcome = services.publication_save(
                user=request.user,
                publication=self.publication,
                organization=None if self.publication else self.organization_for_new(form),
                text=text,
                photos=[
                    {**f.cleaned_data, "photo": f.instance}
                    for f in (formset.forms if formset is not None else ())
                    if f.instance.pk and f.has_changed() and not f.errors
                ],
                files=form.cleaned_data.get("photos") or [],
                credit=form.cleaned_data.get("photo_credit", ""),
                # Submit only what the author has seen whole: not with a wrong field.
                submit=action == "submit" and form_valid and formset_valid,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render(form, formset)
        return self.respond(request, action, outcome, form, formset)

    def respond(self, request, action, outcome, form, formset):
        """Back to the edit page with every message (and what was typed) when anything was
        wrong; on to the publication, or the archive picker, when all of it went through."""
        publication = outcome.publication
        fields = {name: list(errors) for name, errors in form.errors.items()}
        for name, field_messages in outcome.errors.items():
            fields.setdefault(name, []).extend(field_messages)
        photo_forms = {}
        if formset is not None and not formset.is_valid():
            photo_forms = {
                str(f.instance.pk): {
                    "errors": {name: list(e) for name, e in f.errors.items()},
                    "values": {name: f.data.get(f.add_prefix(name), "") for name in f.errors},
                }
                for f in formset.forms
                if f.errors and f.instance.pk
            }
            if formset.non_form_errors():
                fields.setdefault("__all__", []).extend(formset.non_form_errors())
        if fields or outcome.photo_errors or photo_forms:
            _stash_errors(
                request,
                publication,
                photos=outcome.photo_errors,
                fields=fields,
                values={
                    name: request.POST.get(name, "")
                    for name in fields
                    if name in services.TEXT_FIELDS
                },
                photo_forms=photo_forms,
            )
            if outcome.photos_saved:
                messages.info(request, _("Принято фотографий: %d.") % len(outcome.photos_saved))
            messages.warning(
                request,
                _("Черновик сохранён, но не всё получилось: смотрите сообщения у полей."),
            )
            return redirect(self.edit_url(publication))
        if action == "archive":
            return redirect(self.archive_url(publication))
        if outcome.submitted:
            messages.success(request, _("Публикация отправлена на модерацию."))
        else:
            messages.success(request, _("Черновик сохранён."))
        return redirect(self.detail_url(publication))


class ArchivePhotosMixin:
    """«Добавить из фотоархива»: the archive photos the user may use, with checkboxes.

    Which photos those are is the archive's decision (media_archive.selectors.
    photos_for_publication); the service checks the ids against it again."""

    template_name = "publications/publication_archive_photos.html"
    paginate_by = 48

    def get_publication(self) -> Publication:
        raise NotImplementedError

    def render_page(self, publication, *, selected=(), form=None, status=200):
        from media_archive.selectors import photos_for_publication

        page = Paginator(photos_for_publication(self.request.user), self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        photos = list(publication.photos.all())
        limit = settings.PORTAL_PUBLICATION_MAX_PHOTOS
        context = self.get_context_data(
            publication=publication,
            layout=self.layout,
            page_obj=page,
            items=page.object_list,
            selected=set(selected),
            taken={p.archive_item_id for p in photos if p.archive_item_id},
            photo_count=len(photos),
            free=max(limit - len(photos), 0),
            limit=limit,
            form=form or ArchivePhotoPickForm(),
            edit_url=self.edit_url(publication),
        )
        return self.render_to_response(context, status=status)

    def _editable(self, publication):
        if can_edit_publication(self.request.user, publication):
            return None
        messages.error(
            self.request,
            _("Публикацию в состоянии «%s» изменить нельзя.") % publication.get_status_display(),
        )
        return redirect(self.detail_url(publication))

    def get(self, request, *args, **kwargs):
        publication = self.get_publication()
        return self._editable(publication) or self.render_page(publication)

    def post(self, request, *args, **kwargs):
        publication = self.get_publication()
        refused = self._editable(publication)
        if refused:
            return refused
        form = ArchivePhotoPickForm(request.POST)
        if not form.is_valid():
            return self.render_page(publication, form=form)
        item_ids = form.cleaned_data["items"]
        try:
            saved, errors = services.publication_add_archive_photos(
                user=request.user, publication=publication, item_ids=item_ids
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render_page(publication, selected=item_ids, form=form)
        if saved:
            messages.success(request, _("Добавлено фотографий из архива: %d.") % len(saved))
        elif not errors:
            messages.info(request, _("Эти фотографии уже есть в публикации."))
        for message in errors:
            messages.warning(request, message)
        return redirect(self.edit_url(publication))


class OwnPublicationMixin(OfficerRequiredMixin):
    """A publication of the officer's own PPO; another PPO's is 404."""

    def get_publication(self) -> Publication:
        if not hasattr(self, "_publication"):
            self._publication = get_object_or_404(
                selectors.publication_for_editing(selectors.publications_of(self.organization)),
                pk=self.kwargs["pk"],
            )
        return self._publication


class CabinetUrlsMixin:
    layout = "layouts/cabinet.html"

    def list_url(self):
        return reverse("publications:list")

    def detail_url(self, publication):
        return reverse("publications:detail", kwargs={"pk": publication.pk})

    def edit_url(self, publication):
        return reverse("publications:update", kwargs={"pk": publication.pk})

    def archive_url(self, publication):
        return reverse("publications:archive_photos", kwargs={"pk": publication.pk})


class PublicationListView(OfficerRequiredMixin, ListView):
    template_name = "publications/publication_list.html"
    context_object_name = "publications"
    paginate_by = 25

    def get_queryset(self):
        return selectors.publications_of(self.organization)


class PublicationCreateView(
    OfficerRequiredMixin, CabinetUrlsMixin, PublicationEditMixin, TemplateView
):
    def organization_for_new(self, form):
        return self.organization


class PublicationUpdateView(
    OwnPublicationMixin, CabinetUrlsMixin, PublicationEditMixin, TemplateView
):
    def get(self, request, *args, **kwargs):
        self.publication = self.get_publication()
        if not can_edit_publication(request.user, self.publication):
            return self._not_editable()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.publication = self.get_publication()
        if not can_edit_publication(request.user, self.publication):
            return self._not_editable()
        return super().post(request, *args, **kwargs)

    def _not_editable(self):
        messages.error(
            self.request,
            _("Публикацию в состоянии «%s» изменить нельзя.")
            % self.publication.get_status_display(),
        )
        return redirect(self.detail_url(self.publication))


class PublicationArchivePhotosView(
    OwnPublicationMixin, CabinetUrlsMixin, ArchivePhotosMixin, TemplateView
):
    pass


class PublicationDetailView(OwnPublicationMixin, TemplateView):
    template_name = "publications/publication_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        publication = self.get_publication()
        context.update(
            publication=publication,
            history=selectors.publication_history(publication),
            can_edit=can_edit_publication(self.request.user, publication),
            can_submit=can_submit_publication(self.request.user, publication),
            link_checks=selectors.social_link_checks(publication),
        )
        return context


class PublicationSubmitView(OwnPublicationMixin, CabinetUrlsMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        publication = self.get_publication()
        try:
            services.publication_submit(user=request.user, publication=publication)
        except ValidationError as error:
            if publication.status in Publication.AUTHOR_EDITABLE:
                _stash_errors(request, publication, fields=_error_fields(error))
                messages.error(request, _("Перед отправкой заполните публикацию полностью."))
                return redirect(self.edit_url(publication))
            messages.error(request, " ".join(error.messages))
            return redirect(self.detail_url(publication))
        messages.success(request, _("Публикация отправлена на модерацию."))
        return redirect(self.detail_url(publication))


# --- Staff: moderation and the ЧРО's own news -----------------------------------------------


class StaffUrlsMixin:
    layout = "base.html"

    def list_url(self):
        return reverse("publications:queue")

    def detail_url(self, publication):
        return reverse("publications:review", kwargs={"pk": publication.pk})

    def edit_url(self, publication):
        return reverse("publications:staff_update", kwargs={"pk": publication.pk})

    def archive_url(self, publication):
        return reverse("publications:staff_archive_photos", kwargs={"pk": publication.pk})


class ModerationQueueView(StaffRequiredMixin, ListView):
    template_name = "publications/moderation_queue.html"
    context_object_name = "queue"
    paginate_by = 50

    def get_queryset(self):
        return selectors.moderation_queue()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["scheduled"] = selectors.scheduled_publications()[:20]
        context["crosspost_failures"] = selectors.crosspost_failures()[:20]
        return context


class ModerationReviewView(StaffRequiredMixin, TemplateView):
    template_name = "publications/moderation_review.html"

    @cached_property
    def publication(self):
        return get_object_or_404(
            selectors.publication_for_editing(selectors.publications_for_staff()),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        publication = self.publication
        crossposts = list(selectors.crossposts_of(publication))
        versions = selectors.last_submitted_versions(publication)
        context.update(
            version_diff=versions_diff(*versions) if len(versions) == 2 else None,
            submitted_once=len(versions) == 1,
            publication=publication,
            history=selectors.publication_history(publication),
            can_edit=can_edit_publication(self.request.user, publication),
            can_decide=publication.status == Publication.Status.SUBMITTED,
            approve_form=kwargs.get("approve_form") or ApproveForm(),
            crossposts=crossposts,
            crosspost_failed=any(row.status == CrossPost.Status.FAILED for row in crossposts),
            link_checks=selectors.social_link_checks(publication),
            changes_form=kwargs.get("changes_form") or CommentForm(prefix="changes"),
            reject_form=kwargs.get("reject_form") or CommentForm(prefix="reject"),
        )
        return context


class ModerationActionView(ModerationReviewView):
    """POST only: approve / request changes / reject (illegal ones are refused by the service)."""

    http_method_names = ["post"]
    action = ""

    def post(self, request, *args, **kwargs):
        publication = self.publication
        user = request.user
        if self.action == "approve":
            form, key = ApproveForm(request.POST), "approve_form"
        else:
            form = CommentForm(request.POST, prefix=self.action.replace("request_", ""))
            key = "changes_form" if self.action == "request_changes" else "reject_form"
        if form.is_valid():
            try:
                if self.action == "approve":
                    services.publication_approve(
                        user=user, publication=publication, **form.cleaned_data
                    )
                elif self.action == "request_changes":
                    services.publication_request_changes(
                        user=user, publication=publication, **form.cleaned_data
                    )
                else:
                    services.publication_reject(
                        user=user, publication=publication, **form.cleaned_data
                    )
            except ValidationError as error:
                if error.code == "illegal_transition":  # e.g. decided meanwhile in another tab
                    messages.error(request, " ".join(error.messages))
                    return redirect("publications:review", pk=publication.pk)
                apply_validation_error(form, error)
            else:
                publication.refresh_from_db()
                if self.action == "approve" and form.cleaned_data.get("crosspost"):
                    messages.info(
                        request,
                        _(
                            "Публикация в соцсетях %(name)s поручена порталу; итог — на "
                            "странице модерации новости."
                        )
                        % {"name": abbreviation()},
                    )
                messages.success(
                    request,
                    _("«%(title)s»: %(status)s.")
                    % {
                        "title": publication.title,
                        "status": publication.get_status_display().lower(),
                    },
                )
                return redirect("publications:queue")
        return self.render_to_response(self.get_context_data(**{key: form}), status=200)


class CrosspostRetryView(StaffRequiredMixin, View):
    """«Повторить»: send a live publication's failed cross-posts again."""

    http_method_names = ["post"]

    def post(self, request, pk):
        publication = get_object_or_404(selectors.publications_for_staff(), pk=pk)
        try:
            count = services.publication_crosspost_retry(user=request.user, publication=publication)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if count:
                messages.success(
                    request,
                    _("Отправка в соцсети %(name)s повторяется.") % {"name": abbreviation()},
                )
            else:
                messages.info(request, _("Повторять нечего: ошибок отправки нет."))
        return redirect("publications:review", pk=publication.pk)


class StaffPublicationCreateView(
    StaffRequiredMixin, StaffUrlsMixin, PublicationEditMixin, TemplateView
):
    form_class = StaffPublicationForm

    def organization_for_new(self, form):
        return form.cleaned_data.get("organization")


class StaffPublicationUpdateView(
    StaffRequiredMixin, StaffUrlsMixin, PublicationEditMixin, TemplateView
):
    form_class = StaffPublicationForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.publication = get_object_or_404(
            selectors.publication_for_editing(selectors.publications_for_staff()),
            pk=kwargs["pk"],
        )
        if self.test_func() and not can_edit_publication(request.user, self.publication):
            messages.error(request, _("Отклонённую публикацию изменить нельзя."))
            return HttpResponseRedirect(self.detail_url(self.publication))
        return super().dispatch(request, *args, **kwargs)


class StaffPublicationArchivePhotosView(
    StaffRequiredMixin, StaffUrlsMixin, ArchivePhotosMixin, TemplateView
):
    def get_publication(self) -> Publication:
        return get_object_or_404(
            selectors.publication_for_editing(selectors.publications_for_staff()),
            pk=self.kwargs["pk"],
        )


# --- The public news ------------------------------------------------------------------------


@public
class NewsListView(PublicPageCacheMixin, ListView):
    template_name = "publications/news_list.html"
    page_cache_groups = ("news", "ppo")
    context_object_name = "publications"
    paginate_by = 10

    @cached_property
    def filter_form(self):
        return NewsFilterForm(
            self.request.GET or None,
            find_organizations=organizations_matching,
            months=selectors.news_months(),
        )

    def get_queryset(self):
        form = self.filter_form
        filters = {}
        if form.is_bound:
            form.is_valid()
            # The filters that are right apply; a wrong one is explained next to its field.
            data = form.cleaned_data
            month = None
            if data.get("month"):
                month = Period.parse_month(data["month"]).first_day
            filters = {
                "organization": data.get("ppo"),
                "category": data.get("category", ""),
                "month": month,
                "query": data.get("q", ""),
            }
        return selectors.news_feed(**filters)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filter_query"] = query.urlencode()
        choices = []
        for organization in self.filter_form.ppo_choices:
            query["ppo"] = organization.slug
            choices.append((organization, query.urlencode()))
        context["ppo_choices"] = choices
        return context


@public
class NewsDetailView(PublicPageCacheMixin, DetailView):
    template_name = "publications/news_detail.html"
    page_cache_groups = ("news", "ppo")
    context_object_name = "publication"

    def get_queryset(self):
        return selectors.news_detail_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        photos = list(self.object.photos.all())
        context["photos"] = photos
        og_image = next((p for p in photos if p.web), None)
        context["og_image"] = og_image
        # Object stores give absolute URLs already; build_absolute_uri keeps those as they are.
        context["og_image_url"] = og_image and self.request.build_absolute_uri(og_image.web.url)
        context["absolute_url"] = self.request.build_absolute_uri(self.object.get_absolute_url())
        return context


@public
class PublicationPhotoFileView(View):
    """A photo file of a news kept private (``name`` without the ``private/`` of its stored
    name): to whoever may see the news (selectors.publications_visible_to): its PPO's officers
    and staff before it is published, everyone once it is (until its files are moved public).
    A file moved public since the page was made is redirected to its public address; anything
    else is 404, for the anonymous too (no login page telling that the file exists)."""

    def get(self, request, name):
        found = selectors.photo_by_file(request.user, SplitStorage.private_name(name))
        if found is None:
            moved = selectors.photo_by_file(request.user, SplitStorage.public_name(name))
            if moved is None:
                raise Http404(_("Файл не найден."))
            photo, field = moved
            return HttpResponseRedirect(getattr(photo, field).url)
        photo, field = found
        file = getattr(photo, field)
        try:
            return inline_response(file, PurePosixPath(name).name)
        except OSError as error:  # the record names a file that is not in the storage
            raise Http404(_("Файл не найден.")) from error


class NewsFeed(Feed):
    def title(self):
        return f"Новости {current_organization().short_name}"

    def description(self):
        return f"Новости {current_organization().full_name_genitive} и её первичных организаций"

    def link(self):
        return reverse("publications:news")

    def items(self):
        return selectors.news_feed()[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_pubdate(self, item):
        return item.public_at

    def item_author_name(self, item):
        if item.organization:
            return item.organization.short_name
        return current_organization().short_name

    def item_categories(self, item):
        return [item.get_category_display()] if item.category else []


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description


news_feed = login_not_required(NewsFeed())
news_atom_feed = login_not_required(NewsAtomFeed())
