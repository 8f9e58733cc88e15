import factory

from accounts.models import Role, User
from tests.websites.factories import WebsiteFactory

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    """A client of its own new website unless told otherwise."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    role = Role.CLIENT
    website = factory.SubFactory(WebsiteFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ClientFactory(UserFactory):
    role = Role.CLIENT


class WriterFactory(UserFactory):
    role = Role.WRITER


class AdminFactory(UserFactory):
    role = Role.ADMIN
    is_staff = True


class SuperAdminFactory(UserFactory):
    role = Role.SUPERADMIN
    website = None
    is_staff = True
    is_superuser = True
