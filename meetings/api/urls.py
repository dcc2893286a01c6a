"""The read-only JSON API under /api/: the root, the records, the schema and the docs page."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from ..views.read_only import read_only
from . import views
from .schema_view import SchemaView


class PortalRouter(DefaultRouter):
    APIRootView = views.PortalAPIRootView


router = PortalRouter()
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("people", views.PersonViewSet, basename="person")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("columns", views.ColumnViewSet, basename="column")
router.register("directives", views.DirectiveViewSet, basename="directive")

app_name = "api"

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", read_only(views.ApiDocsView.as_view()), name="docs"),
    path("standings/", views.StandingsView.as_view(), name="standings"),
    *router.urls,
]
