from django.urls import path

from . import views

app_name = "contests"

urlpatterns = [
    path("contests/", views.ContestListView.as_view(), name="contest_list"),
    path("contests/photos/<int:pk>/", views.EntryPhotoView.as_view(), name="entry_photo"),
    path("contests/<slug:slug>/", views.ContestDetailView.as_view(), name="contest_detail"),
    path("cabinet/contests/", views.CabinetContestListView.as_view(), name="cabinet_list"),
    path(
        "cabinet/contests/<slug:slug>/entries/new/",
        views.EntryCreateView.as_view(),
        name="entry_create",
    ),
    path(
        "cabinet/contests/entries/<int:pk>/edit/",
        views.EntryUpdateView.as_view(),
        name="entry_update",
    ),
    path("jury/", views.JuryContestListView.as_view(), name="jury_list"),
    path("jury/<slug:slug>/", views.JuryEntryListView.as_view(), name="jury_entries"),
    path("jury/<slug:slug>/entries/<int:pk>/", views.EntryScoreView.as_view(), name="entry_score"),
    path("jury/<slug:slug>/progress/", views.JuryProgressView.as_view(), name="jury_progress"),
]
