from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Feedback reports"

    def ready(self):
        from reports import permissions  # noqa: F401  (registers the app's rules)
