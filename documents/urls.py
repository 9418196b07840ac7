from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("documents/", views.LibraryView.as_view(), name="library"),
    path("documents/<int:pk>/file/", views.PublicFileView.as_view(), name="public_file"),
    path("documents/sent/", views.DocumentMatrixView.as_view(), name="matrix"),
    path("documents/sent/new/", views.DocumentSendView.as_view(), name="document_send"),
    path("documents/sent/<int:pk>/", views.DocumentDetailView.as_view(), name="document_detail"),
    path("documents/sent/<int:pk>/file/", views.StaffFileView.as_view(), name="staff_file"),
    path(
        "documents/sent/<int:pk>/remind/",
        views.DocumentRemindView.as_view(),
        name="document_remind",
    ),
    path("documents/inbox/", views.InboxView.as_view(), name="inbox"),
    path("documents/inbox/<int:pk>/file/", views.InboxFileView.as_view(), name="inbox_file"),
    path(
        "documents/inbox/<int:pk>/process/",
        views.SubmissionProcessView.as_view(),
        name="submission_process",
    ),
    path("cabinet/documents/", views.CabinetDocumentListView.as_view(), name="cabinet_list"),
    path(
        "cabinet/documents/<int:pk>/download/",
        views.CabinetDownloadView.as_view(),
        name="cabinet_download",
    ),
    path(
        "cabinet/documents/<int:pk>/acknowledge/",
        views.AcknowledgeView.as_view(),
        name="acknowledge",
    ),
    path("cabinet/documents/send/", views.SubmissionCreateView.as_view(), name="submission_create"),
    path(
        "cabinet/documents/sent-to-chro/<int:pk>/file/",
        views.SubmissionFileView.as_view(),
        name="submission_file",
    ),
    path("digest/", views.DigestSubscribeView.as_view(), name="digest_subscribe"),
    path("digest/sent/", views.DigestSubscribeSentView.as_view(), name="digest_subscribe_sent"),
    path("digest/confirm/<str:token>/", views.DigestConfirmView.as_view(), name="digest_confirm"),
    path(
        "digest/unsubscribe/<str:token>/",
        views.DigestUnsubscribeView.as_view(),
        name="digest_unsubscribe",
    ),
]
