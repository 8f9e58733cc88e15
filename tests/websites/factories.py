import factory

from websites.models import Website


class WebsiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Website
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Website {n}")
    slug = factory.Sequence(lambda n: f"site-{n}")
    domain = factory.LazyAttribute(lambda o: f"{o.slug}.example.com")
