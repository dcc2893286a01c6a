from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin, with the portal's staff site (portal/admin_site.py)."""

    default_site = "portal.admin_site.PortalAdminSite"
