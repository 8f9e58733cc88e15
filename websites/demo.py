from websites.models import Website

DEMO_WEBSITES = (
    ("Alpha Essays", "alpha-essays.example.com", "alpha"),
    ("Beta Papers", "beta-papers.example.com", "beta"),
)


def seed(context: dict) -> None:
    context["websites"] = [
        Website.objects.get_or_create(slug=slug, defaults={"name": name, "domain": domain})[0]
        for name, domain, slug in DEMO_WEBSITES
    ]
