from django.apps import AppConfig


class AdminManagementConfig(AppConfig):
    name = "admin_management"
    verbose_name = "Admin management"

    def ready(self) -> None:
        from django.contrib import admin

        # The admin index links the report pages (admin_management.admin_pages).
        admin.site.index_template = "admin/reports_index.html"
