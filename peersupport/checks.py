"""System checks of the project's own settings, beside Django's (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

# Caches that live inside one process: a change seen by one web process is not seen by another.
PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches, deploy=True)
def cache_shared_by_web_processes(app_configs, **kwargs):
    """Rendered search forms are cached and forgotten when their choices change
    (peersupport/filters.py); with a cache per process, only the process that saw the change
    forgets, and the others go on offering the old choices."""
    if settings.CACHES["default"]["BACKEND"] not in PROCESS_LOCAL_CACHES:
        return []
    return [
        Warning(
            "The cache belongs to one process: with more than one web process, search forms can offer choices "
            "that have since changed.",
            hint="Set CACHE_URL to a cache every web process shares, such as redis://127.0.0.1:6379/2.",
            id="peersupport.W001",
        )
    ]
