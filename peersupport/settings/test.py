"""Settings for the test suite: the base settings, made fast and self-contained."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from .base import *  # noqa: E402,F403
from .base import BASE_DIR, DATABASES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "build" / "test-media"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Nothing is cached between requests, so that each test's exact query counts hold in any
# order; the tests of the caches themselves switch a real one on.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

# The test client and the live server speak plain HTTP.
SECURE_SSL_REDIRECT = False

# One test database per test run, named after the process, so that two runs on one machine
# (a developer's and CI's, say) never drop each other's database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a separate Celery worker process sees the same data.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "build" / f"test-db-{os.getpid()}.sqlite3")}
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}

# Tasks run in-process in tests; the `celery_worker` fixture switches to a real worker.
CELERY_TASK_ALWAYS_EAGER = True

# Emails are kept in memory (django.core.mail.outbox, pytest-django's `mailoutbox`), never sent.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# WhiteNoise finds static files when asked, through the finders, instead of scanning a
# collected folder that tests do not build.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
