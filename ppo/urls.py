from django.urls import path

from . import views

app_name = "ppo"

urlpatterns = [
    path("ppo/", views.OrganizationListView.as_view(), name="organization_list"),
    # ".json" keeps it apart from the PPO pages (a slug has no dot).
    path("ppo/suggest.json", views.OrganizationSuggestView.as_view(), name="suggest"),
    path("ppo/<slug:slug>/", views.OrganizationDetailView.as_view(), name="organization_detail"),
    path("cabinet/", views.CabinetView.as_view(), name="cabinet"),
    path(
        "cabinet/first-steps/dismiss/",
        views.FirstStepsDismissView.as_view(),
        name="first_steps_dismiss",
    ),
    path("cabinet/channels/new/", views.ChannelCreateView.as_view(), name="channel_create"),
    path("cabinet/channels/<int:pk>/", views.ChannelDetailView.as_view(), name="channel_detail"),
    path(
        "cabinet/channels/<int:pk>/edit/", views.ChannelUpdateView.as_view(), name="channel_update"
    ),
    path(
        "cabinet/channels/<int:pk>/retire/",
        views.ChannelRetireView.as_view(),
        name="channel_retire",
    ),
    path("cabinet/membership/", views.MembershipView.as_view(), name="membership"),
]
