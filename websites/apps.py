from django.apps import AppConfig


class WebsitesConfig(AppConfig):
    name = "websites"
    verbose_name = "Websites"

    def ready(self) -> None:
        from core.reporting import website_zones_resolver_set
        from websites import receivers  # noqa: F401 - connects the receivers
        from websites.selectors import website_own_time_zones

        website_zones_resolver_set(website_own_time_zones)
