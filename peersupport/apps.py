from django.apps import AppConfig


class PeerSupportConfig(AppConfig):
    """The project itself: its GOV.UK kit (template tags), project-wide commands and system checks."""

    name = "peersupport"
    verbose_name = "Fire peer support"

    def ready(self):
        # Registers the project's system checks, and the session clocks started at sign-in.
        from peersupport import checks, middleware  # noqa: F401
