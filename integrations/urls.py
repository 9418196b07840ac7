from django.urls import path

from . import views

app_name = "integrations"

urlpatterns = [
    path("integrations/channels/", views.ChannelCollectionListView.as_view(), name="channels"),
    path(
        "integrations/channels/<int:pk>/refresh/",
        views.ChannelRefreshView.as_view(),
        name="channel_refresh",
    ),
    path("integrations/union-pages/", views.UnionPageListView.as_view(), name="union_pages"),
]
