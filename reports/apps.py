from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Feedback reports"

    def ready(self):
        # The app's rules, and its tasks, registered with Celery in every process (the web's
        # too), so that the pipeline finds its render task by name (reports/services/pipeline.py).
        from reports import permissions, tasks  # noqa: F401
