"""The read-only JSON API under /api/: the root, the records, the schema and the docs page."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from ..views.read_only import read_only
from . import views
from .schema_view import SchemaView


class PortalRouter(DefaultRouter):
    APIRootView = views.PortalAPIRootView

    def get_api_root_view(self, api_urls=None):
        """The root lists the registered lists, as DefaultRouter's does, and the units'
        table, which is a list of its own, not a viewset."""
        list_name = self.routes[0].name
        lists = {
            prefix: list_name.format(basename=basename) for prefix, _, basename in self.registry
        }
        return self.APIRootView.as_view(api_root_dict={**lists, "standings": "standings"})


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
