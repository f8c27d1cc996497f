from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = "Peer challenges"

    def ready(self):
        from challenges import permissions  # noqa: F401  (registers the app's rules)
