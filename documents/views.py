from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, ListView, TemplateView

from portal.access import PresidiumOrStaffRequiredMixin, StaffRequiredMixin, public
from portal.files import file_response
from portal.forms import apply_validation_error
from portal.organization import abbreviation
from ppo.access import OfficerRequiredMixin

from . import selectors, services
from .forms import (
    DigestSubscribeForm,
    DocumentSendForm,
    LibrarySearchForm,
    SubmissionForm,
    SubmissionProcessForm,
)
from .models import Delivery, Document, Submission
from .permissions import can_manage_documents
from .services import reminder_cooldown_message, reminder_message

# --- The public library -------------------------------------------------------------------------


@public
class LibraryView(ListView):
    template_name = "documents/library.html"
    context_object_name = "documents"

    @cached_property
    def search_form(self) -> LibrarySearchForm:
        return LibrarySearchForm(self.request.GET or None)

    @cached_property
    def query(self) -> str:
        form = self.search_form
        return form.cleaned_data["q"].strip() if form.is_bound and form.is_valid() else ""

    def get_queryset(self):
        if self.query:
            return selectors.search_public_documents(self.query)
        return selectors.public_documents()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = {}
        if not self.query:
            for document in context["documents"]:
                groups.setdefault(document.get_kind_display(), []).append(document)
        context["groups"] = groups
        context["search_form"] = self.search_form
        context["query"] = self.query
        context["subscribe_form"] = DigestSubscribeForm()
        return context


@public
class PublicFileView(View):
    def get(self, request, pk):
        document = get_object_or_404(selectors.public_documents(), pk=pk)
        return file_response(document.file, document.original_name)


# --- The officer's cabinet ----------------------------------------------------------------------


class CabinetDocumentListView(OfficerRequiredMixin, TemplateView):
    template_name = "documents/cabinet_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["deliveries"] = selectors.deliveries_of(self.organization)
        context["submissions"] = selectors.submissions_of(self.organization)[:20]
        return context


class OwnDeliveryMixin(OfficerRequiredMixin):
    """The delivery of a document to the officer's own PPO; any other document is 404."""

    def get_delivery(self) -> Delivery:
        return get_object_or_404(
            selectors.deliveries_of(self.organization), document_id=self.kwargs["pk"]
        )


class CabinetDownloadView(OwnDeliveryMixin, View):
    def get(self, request, pk):
        delivery = self.get_delivery()
        services.delivery_open(user=request.user, delivery=delivery)
        return file_response(delivery.document.file, delivery.document.original_name)


class AcknowledgeView(OwnDeliveryMixin, View):
    def post(self, request, pk):
        delivery = self.get_delivery()
        try:
            services.delivery_acknowledge(user=request.user, delivery=delivery)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Ознакомление с документом «%s» подтверждено.") % delivery.document
            )
        return redirect("documents:cabinet_list")


class SubmissionCreateView(OfficerRequiredMixin, FormView):
    template_name = "documents/submission_form.html"
    form_class = SubmissionForm

    def form_valid(self, form):
        try:
            submission = services.submission_create(
                user=self.request.user, organization=self.organization, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Документ «%(title)s» отправлен в %(name)s.")
            % {"title": submission.title, "name": abbreviation()},
        )
        return redirect("documents:cabinet_list")


class SubmissionFileView(OfficerRequiredMixin, View):
    def get(self, request, pk):
        submission = get_object_or_404(selectors.submissions_of(self.organization), pk=pk)
        return file_response(submission.file, submission.original_name)


# --- Staff pages --------------------------------------------------------------------------------


class DocumentMatrixView(PresidiumOrStaffRequiredMixin, TemplateView):
    """Documents x PPOs: sent, opened, acknowledged, overdue."""

    template_name = "documents/matrix.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind = self.request.GET.get("kind", "")
        if kind not in Document.Kind.values:
            kind = ""
        documents = selectors.matrix_documents(kind)
        today = selectors.today()
        rows = selectors.delivery_matrix(documents)
        context.update(
            documents=documents,
            rows=[
                (row.organization, [cell and cell.state(today) for cell in row.cells])
                for row in rows
            ],
            kinds=Document.Kind.choices,
            kind=kind,
            can_manage=can_manage_documents(self.request.user),
            State=Delivery.State,
        )
        return context


class DocumentSendView(StaffRequiredMixin, FormView):
    template_name = "documents/send_form.html"
    form_class = DocumentSendForm

    def form_valid(self, form):
        try:
            document = services.document_send(user=self.request.user, **form.service_kwargs())
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Документ «%(title)s» отправлен: ППО — %(n)s.")
            % {"title": document.title, "n": document.deliveries.count()},
        )
        return redirect("documents:document_detail", pk=document.pk)


class DocumentDetailView(PresidiumOrStaffRequiredMixin, TemplateView):
    """One document's deliveries: who opened and acknowledged it, and when."""

    template_name = "documents/document_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = get_object_or_404(Document, pk=self.kwargs["pk"])
        today = selectors.today()
        deliveries = list(selectors.document_deliveries(document))
        context.update(
            document=document,
            deliveries=[(delivery, delivery.state(today)) for delivery in deliveries],
            laggards=sum(1 for delivery in deliveries if delivery.is_laggard),
            overdue=sum(1 for delivery in deliveries if delivery.is_overdue(today)),
            can_manage=can_manage_documents(self.request.user),
            State=Delivery.State,
        )
        return context


class DocumentRemindView(StaffRequiredMixin, View):
    def post(self, request, pk):
        document = get_object_or_404(Document, pk=pk)
        result = services.document_remind_laggards(user=request.user, document=document)
        if result.mails:
            messages.success(request, reminder_message(result.mails))
        elif result.laggards:
            messages.info(request, reminder_cooldown_message())
        else:
            messages.info(request, _("Отстающих нет: напоминать некому."))
        return redirect("documents:document_detail", pk=document.pk)


class StaffFileView(PresidiumOrStaffRequiredMixin, View):
    def get(self, request, pk):
        document = get_object_or_404(Document, pk=pk)
        return file_response(document.file, document.original_name)


class InboxView(StaffRequiredMixin, ListView):
    template_name = "documents/inbox.html"
    context_object_name = "submissions"
    paginate_by = 50

    def get_queryset(self):
        status = self.request.GET.get("status", Submission.Status.NEW)
        self.status = status if status in Submission.Status.values else ""
        return selectors.submissions_inbox(self.status)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(status=self.status, statuses=Submission.Status.choices)
        context["process_form"] = SubmissionProcessForm()
        return context


class InboxFileView(StaffRequiredMixin, View):
    def get(self, request, pk):
        submission = get_object_or_404(Submission, pk=pk)
        return file_response(submission.file, submission.original_name)


class SubmissionProcessView(StaffRequiredMixin, View):
    def post(self, request, pk):
        submission = get_object_or_404(Submission, pk=pk)
        form = SubmissionProcessForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        try:
            services.submission_process(user=request.user, submission=submission, note=note)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Документ «%s» отмечен как обработанный.") % submission)
        return redirect(reverse("documents:inbox"))


# --- The public digest --------------------------------------------------------------------------


@public
class DigestSubscribeView(FormView):
    template_name = "documents/digest_subscribe.html"
    form_class = DigestSubscribeForm

    # Per address the service sends one confirmation at a time; per visitor, this many an hour.
    RATE_LIMIT = 10

    def form_valid(self, form):
        key = f"documents:digest-subscribe:{self.request.META.get('REMOTE_ADDR', '')}"
        cache.add(key, 0, timeout=3600)
        try:
            attempts = cache.incr(key)
        except ValueError:  # the cache is down (portal/cache.py): nothing is counted meanwhile
            attempts = 1
        if attempts > self.RATE_LIMIT:
            form.add_error(None, _("Слишком много попыток подписки. Попробуйте через час."))
            return self.form_invalid(form)
        services.digest_subscribe(email=form.cleaned_data["email"])
        return redirect("documents:digest_subscribe_sent")


@public
class DigestSubscribeSentView(TemplateView):
    template_name = "documents/digest_message.html"
    extra_context = {
        "title": gettext_lazy("Проверьте почту"),
        "text": gettext_lazy(
            "Мы отправили письмо со ссылкой для подтверждения подписки. Пока вы не "
            "откроете ссылку, дайджест приходить не будет."
        ),
    }


@public
class DigestConfirmView(TemplateView):
    """The link of the confirmation mail opens a page with a button; only its POST confirms.

    Mail scanners open every link of a message: a GET that confirmed would subscribe addresses
    whose owners never asked for it."""

    template_name = "documents/digest_message.html"

    def _refused(self, error: ValidationError):
        context = {"title": _("Подписка не подтверждена"), "text": " ".join(error.messages)}
        return self.render_to_response(context, status=400)

    def get(self, request, token):
        try:
            email = services.digest_confirm_email(token=token)
        except ValidationError as error:
            return self._refused(error)
        return self.render_to_response(
            {
                "title": _("Подтвердите подписку"),
                "text": _("Подписать адрес %(email)s на дайджест новостей %(name)s?")
                % {"email": email, "name": abbreviation()},
                "action_label": _("Подтвердить подписку"),
            }
        )

    def post(self, request, token):
        try:
            services.digest_confirm(token=token)
        except ValidationError as error:
            return self._refused(error)
        return self.render_to_response(
            {
                "title": _("Подписка подтверждена"),
                "text": _("Спасибо! Дайджест новостей %(name)s будет приходить на ваш адрес.")
                % {"name": abbreviation()},
            }
        )


@public
@method_decorator(csrf_exempt, name="dispatch")
class DigestUnsubscribeView(TemplateView):
    """The link of a digest opens a page with a button (GET changes nothing); its POST, or the
    mail client's RFC 8058 one-click POST (List-Unsubscribe-Post, no CSRF token), unsubscribes."""

    template_name = "documents/digest_message.html"

    def _refused(self, error: ValidationError):
        context = {"title": _("Не удалось отписаться"), "text": " ".join(error.messages)}
        return self.render_to_response(context, status=400)

    def get(self, request, token):
        try:
            email = services.digest_unsubscribe_email(token=token)
        except ValidationError as error:
            return self._refused(error)
        return self.render_to_response(
            {
                "title": _("Отписаться от дайджеста"),
                "text": _("Адрес %(email)s больше не будет получать дайджест новостей %(name)s.")
                % {"email": email, "name": abbreviation()},
                "action_label": _("Отписаться"),
            }
        )

    def post(self, request, token):
        try:
            email = services.digest_unsubscribe(token=token)
        except ValidationError as error:
            return self._refused(error)
        return self.render_to_response(
            {
                "title": _("Вы отписались"),
                "text": _("Адрес %s больше не будет получать дайджест новостей.") % email,
                "resubscribe": True,
            }
        )
