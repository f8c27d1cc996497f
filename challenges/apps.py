from django.apps import AppConfig, apps


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = "Peer challenges"

    def ready(self):
        from challenges import permissions  # noqa: F401  (registers the app's rules)
        from challenges.selectors.insight import INSIGHT_READS, INSIGHT_RECORDS
        from peersupport.records_version import watch

        # The insight's figures are kept until one of the records they read changes.
        watch(INSIGHT_RECORDS, [apps.get_model(label) for label in INSIGHT_READS])
