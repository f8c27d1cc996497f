"""Run once, in this process, every task Celery beat runs on a schedule.

On the embedded default there is no beat process: run this from cron, or by hand, to do the
periodic work (send the emails still waiting, and whatever the apps add to
CELERY_BEAT_SCHEDULE)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from peersupport.celery import app


class Command(BaseCommand):
    help = "Run every task in CELERY_BEAT_SCHEDULE once, in this process, and print what each returned."

    def handle(self, *args, **options):
        # Outside a worker, Celery finds the apps' tasks.py modules only when asked to.
        app.loader.import_default_modules()
        failed = []
        for entry, schedule in settings.CELERY_BEAT_SCHEDULE.items():
            name = schedule["task"]
            if name not in app.tasks:
                failed.append(entry)
                self.stderr.write(f"{entry}: no task is named {name}")
                continue
            result = app.tasks[name].apply(args=schedule.get("args", ()), kwargs=schedule.get("kwargs", {}))
            if result.failed():
                failed.append(entry)
                self.stderr.write(f"{entry}: {name} failed: {result.result!r}")
            else:
                self.stdout.write(f"{entry}: {name} returned {result.result!r}")
        if failed:
            raise CommandError(f"Periodic work failed: {', '.join(failed)}")
