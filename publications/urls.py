from django.urls import path

from . import views

app_name = "publications"

urlpatterns = [
    # The officer's cabinet
    path("cabinet/publications/", views.PublicationListView.as_view(), name="list"),
    path("cabinet/publications/new/", views.PublicationCreateView.as_view(), name="create"),
    path("cabinet/publications/<int:pk>/", views.PublicationDetailView.as_view(), name="detail"),
    path(
        "cabinet/publications/<int:pk>/edit/",
        views.PublicationUpdateView.as_view(),
        name="update",
    ),
    path(
        "cabinet/publications/<int:pk>/archive-photos/",
        views.PublicationArchivePhotosView.as_view(),
        name="archive_photos",
    ),
    path(
        "cabinet/publications/<int:pk>/submit/",
        views.PublicationSubmitView.as_view(),
        name="submit",
    ),
    # Staff
    path("staff/moderation/", views.ModerationQueueView.as_view(), name="queue"),
    path("staff/moderation/<int:pk>/", views.ModerationReviewView.as_view(), name="review"),
    path(
        "staff/moderation/<int:pk>/approve/",
        views.ModerationActionView.as_view(action="approve"),
        name="approve",
    ),
    path(
        "staff/moderation/<int:pk>/request-changes/",
        views.ModerationActionView.as_view(action="request_changes"),
        name="request_changes",
    ),
    path(
        "staff/moderation/<int:pk>/reject/",
        views.ModerationActionView.as_view(action="reject"),
        name="reject",
    ),
    path(
        "staff/moderation/<int:pk>/crosspost-retry/",
        views.CrosspostRetryView.as_view(),
        name="crosspost_retry",
    ),
    path(
        "staff/publications/new/",
        views.StaffPublicationCreateView.as_view(),
        name="staff_create",
    ),
    path(
        "staff/publications/<int:pk>/edit/",
        views.StaffPublicationUpdateView.as_view(),
        name="staff_update",
    ),
    path(
        "staff/publications/<int:pk>/archive-photos/",
        views.StaffPublicationArchivePhotosView.as_view(),
        name="staff_archive_photos",
    ),
    # The public
    path("news/", views.NewsListView.as_view(), name="news"),
    path("news/feed/", views.news_feed, name="news_feed"),
    path("news/feed/atom/", views.news_atom_feed, name="news_atom"),
    path("news/<int:pk>/", views.NewsDetailView.as_view(), name="news_detail"),
    # A photo file of a news not yet public (its stored name without "private/").
    path("news/photos/<path:name>", views.PublicationPhotoFileView.as_view(), name="photo_file"),
]
