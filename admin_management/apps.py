from django.apps import AppConfig


class AdminManagementConfig(AppConfig):
    name = "admin_management"
    verbose_name = "Admin management"
