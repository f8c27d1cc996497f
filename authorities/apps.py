from django.apps import AppConfig


class AuthoritiesConfig(AppConfig):
    name = "authorities"
    verbose_name = "Authorities and people"

    def ready(self):
        from authorities import permissions  # noqa: F401  (registers the app's rules)
