from django.urls import path

from .views import browse, pages

app_name = "meetings"

urlpatterns = [
    path("", pages.HomeView.as_view(), name="home"),
    path("meetings/", browse.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/<slug:slug>/", pages.MeetingDetailView.as_view(), name="meeting"),
    path("people/<slug:slug>/", pages.PersonDetailView.as_view(), name="person"),
    path(
        "organizations/<slug:slug>/",
        pages.OrganizationDetailView.as_view(),
        name="organization",
    ),
    path("topics/<slug:slug>/", pages.TopicDetailView.as_view(), name="topic"),
    path("columns/<slug:slug>/", pages.ColumnDetailView.as_view(), name="column"),
]
