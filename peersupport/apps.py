from django.apps import AppConfig


class PeerSupportConfig(AppConfig):
    """The project itself: its GOV.UK kit (template tags) and project-wide commands."""

    name = "peersupport"
    verbose_name = "Fire peer support"
