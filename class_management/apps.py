from django.apps import AppConfig


class ClassManagementConfig(AppConfig):
    name = "class_management"
    verbose_name = "Class management"
