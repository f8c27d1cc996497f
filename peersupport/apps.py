from django.apps import AppConfig


class PeerSupportConfig(AppConfig):
    """The project itself: its GOV.UK kit (template tags), project-wide commands and system checks."""

    name = "peersupport"
    verbose_name = "Fire peer support"

    def ready(self):
        from peersupport import checks  # noqa: F401  (registers the project's system checks)
