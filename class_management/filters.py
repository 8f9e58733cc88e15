import django_filters

from class_management.models import ClassBundle, ClassBundleStatus, ClassInstallment


class ClassBundleFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ClassBundleStatus.choices)
    client_id = django_filters.NumberFilter(field_name="client_id")
    assigned_writer_id = django_filters.NumberFilter(field_name="assigned_writer_id")

    class Meta:
        model = ClassBundle
        fields = ("status", "client_id", "assigned_writer_id")


class ClassInstallmentFilter(django_filters.FilterSet):
    bundle_id = django_filters.NumberFilter(field_name="bundle_id")
    is_paid = django_filters.BooleanFilter()
    is_overdue = django_filters.BooleanFilter()

    class Meta:
        model = ClassInstallment
        fields = ("bundle_id", "is_paid", "is_overdue")
