from websites.models import Website


def website_create(*, name: str, domain: str, slug: str, is_active: bool = True) -> Website:
    """Create a website (a new tenant)."""
    website = Website(name=name, domain=domain.lower(), slug=slug, is_active=is_active)
    website.full_clean()
    website.save()
    return website
