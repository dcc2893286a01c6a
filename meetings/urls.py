from django.urls import path

from .feeds import MeetingAtomFeed, MeetingFeed
from .views import browse, directives, open_data, pages, standings
from .views.read_only import read_only

app_name = "meetings"

urlpatterns = [
    path("", read_only(pages.HomeView.as_view()), name="home"),
    path("meetings/", read_only(browse.MeetingListView.as_view()), name="meeting_list"),
    path("meetings/feed.rss", MeetingFeed(), name="feed_rss"),
    path("meetings/feed.atom", MeetingAtomFeed(), name="feed_atom"),
    path("meetings/calendar.ics", open_data.meeting_calendar, name="calendar"),
    path("meetings/meetings.csv", open_data.meeting_csv, name="meetings_csv"),
    path("meetings/<slug:slug>/", read_only(pages.MeetingDetailView.as_view()), name="meeting"),
    path("people/<slug:slug>/", read_only(pages.PersonDetailView.as_view()), name="person"),
    path("organizations/", read_only(standings.StandingsView.as_view()), name="standings"),
    path("directives/", read_only(directives.DirectiveListView.as_view()), name="directive_list"),
    path(
        "organizations/<slug:slug>/",
        read_only(pages.OrganizationDetailView.as_view()),
        name="organization",
    ),
    path("topics/<slug:slug>/", read_only(pages.TopicDetailView.as_view()), name="topic"),
    path("columns/<slug:slug>/", read_only(pages.ColumnDetailView.as_view()), name="column"),
    path(
        "organizations/<slug:slug>/assessments.csv",
        open_data.organization_csv,
        name="organization_csv",
    ),
]

# Each scope has its own feeds and calendar: /topics/<slug>/feed.rss, .../calendar.ics ...
for kind, prefix in [
    ("topic", "topics"),
    ("person", "people"),
    ("organization", "organizations"),
    ("column", "columns"),
]:
    scope = {"kind": kind}
    urlpatterns += [
        path(f"{prefix}/<slug:slug>/feed.rss", MeetingFeed(), scope, name=f"{kind}_feed_rss"),
        path(f"{prefix}/<slug:slug>/feed.atom", MeetingAtomFeed(), scope, name=f"{kind}_feed_atom"),
        path(
            f"{prefix}/<slug:slug>/calendar.ics",
            open_data.meeting_calendar,
            scope,
            name=f"{kind}_calendar",
        ),
    ]
