from django.urls import path

from . import views

app_name = "media_archive"

urlpatterns = [
    path("archive/", views.AlbumListView.as_view(), name="album_list"),
    path("archive/<int:pk>/", views.AlbumDetailView.as_view(), name="album_detail"),
    path("archive/<int:pk>/zip/", views.AlbumZipView.as_view(), name="album_zip"),
    path(
        "archive/items/<int:pk>/original/",
        views.ItemOriginalView.as_view(),
        name="item_original",
    ),
    path(
        "archive/items/<int:pk>/image/<slug:size>/",
        views.ItemImageView.as_view(),
        name="item_image",
    ),
    path("archive/exports/<int:pk>/", views.ExportDownloadView.as_view(), name="export_download"),
    path("cabinet/archive/", views.CabinetAlbumListView.as_view(), name="cabinet_album_list"),
    path(
        "cabinet/archive/new/", views.CabinetAlbumCreateView.as_view(), name="cabinet_album_create"
    ),
    path(
        "cabinet/archive/<int:pk>/",
        views.CabinetAlbumDetailView.as_view(),
        name="cabinet_album_detail",
    ),
    path(
        "cabinet/archive/<int:pk>/edit/",
        views.CabinetAlbumUpdateView.as_view(),
        name="cabinet_album_update",
    ),
    path(
        "cabinet/archive/<int:pk>/photos/",
        views.CabinetPhotoUploadView.as_view(),
        name="cabinet_photo_upload",
    ),
    path(
        "cabinet/archive/<int:pk>/video/",
        views.CabinetVideoAddView.as_view(),
        name="cabinet_video_add",
    ),
    path(
        "cabinet/archive/items/<int:pk>/delete/",
        views.CabinetItemDeleteView.as_view(),
        name="cabinet_item_delete",
    ),
]
