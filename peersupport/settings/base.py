"""Settings for every environment, read only from environment variables.

`.env.example` lists each variable with a safe value. Defaults give the zero-set-up
demo: a SQLite file in the project folder and Celery tasks run in-process.
"""

import datetime
import re
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY: it has no default outside DEBUG mode.")
    SECRET_KEY = "insecure-development-key-used-only-when-DEBUG-is-true"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "django_filters",
    "simple_history",
    "rules",
    "axes",
    "peersupport",
    "authorities",
    "challenges",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "peersupport.middleware.NoStoreWhenSignedInMiddleware",
    "peersupport.middleware.SessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "peersupport.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "peersupport.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two requests writing at once (a double click, two tabs) wait their turn: each
    # transaction takes SQLite's write lock when it begins, rather than failing with
    # "database is locked" when a reader tries to become a writer.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache keeps rendered search forms (peersupport/filters.py). Unset, each process keeps its
# own; with several web processes, name a shared one (Redis) so that a change seen by one is
# seen by all.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

AUTH_USER_MODEL = "authorities.User"
# django-axes comes first so that it refuses a locked-out sign-in before any password is
# checked. The service's permissions are django-rules rules (each app's permissions.py);
# Django's model permissions serve the admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Sign-in throttling (django-axes): five wrong passwords in a row for one account from one
# address pause signing in there for 15 minutes; another address, or the right password after
# the pause, is not held back, and signing in clears the count. An LGA administrator can end a
# pause early from the user admin ("Allow signing in again").
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Only failed attempts are kept (for the count above): a record of every successful sign-in
# would be personal data kept for no purpose.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# The sign-in form's field, holding the email address; counted as the form cleans it.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "authorities.forms.sign_in.axes_username"
AXES_LOCKOUT_CALLABLE = "authorities.views.sign_in.locked_out"
# Behind a proxy the client's address is in a header the proxy sets: name it as Django's
# request.META spells it (HTTP_X_FORWARDED_FOR), and say how many proxy addresses follow the
# client's in it. Unset, the address the connection comes from is the client's.
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="")
if CLIENT_IP_HEADER and not re.fullmatch(r"HTTP_[A-Z0-9_]+", CLIENT_IP_HEADER):
    raise ImproperlyConfigured(f"CLIENT_IP_HEADER must be a request.META name such as HTTP_X_FORWARDED_FOR, not {CLIENT_IP_HEADER!r}.")
AXES_IPWARE_META_PRECEDENCE_ORDER = (CLIENT_IP_HEADER, "REMOTE_ADDR") if CLIENT_IP_HEADER else ("REMOTE_ADDR",)
AXES_IPWARE_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Sessions (ASVS V7): a signed-in session ends after 30 minutes without a request and 12 hours
# after signing in, whatever the role (peersupport.middleware.SessionTimeoutMiddleware), and
# when the browser closes. Two minutes before the idle limit, pages warn and offer to stay
# signed in. "Last active" is written at most once a minute, not on every request.
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_IDLE_TIMEOUT_SECONDS = 30 * 60
SESSION_ACTIVITY_REFRESH_SECONDS = 60
SESSION_TIMEOUT_WARNING_SECONDS = 2 * 60

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# GOV.UK Frontend comes from npm and our stylesheet is compiled from it at set-up
# (`make setup`); both are served from here, never copied into the repository.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    BASE_DIR / "build" / "static",
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    # The reports' open-licence fonts (Noto, from npm): never fetched at render time.
    ("fonts", BASE_DIR / "node_modules" / "@fontsource"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploaded and generated files (feedback reports). Never served directly: every
# download goes through a view that checks who may see it.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
# In production, an S3-compatible bucket instead of the folder (django-storages): name it in
# AWS_STORAGE_BUCKET_NAME, with AWS_S3_ENDPOINT_URL for a provider other than AWS and
# AWS_S3_REGION_NAME; the credentials come from the usual AWS variables (AWS_ACCESS_KEY_ID,
# AWS_SECRET_ACCESS_KEY) or the machine's role. The bucket stays private: files are read
# through the views above, never linked to.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "default_acl": "private",
            "querystring_auth": True,
        },
    }

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# No inline script or style anywhere, so the policy can stay this strict.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# HTTPS. Behind a TLS-terminating proxy, SECURE_PROXY_SSL_HEADER names the header the proxy
# sets on HTTPS requests and its value ("HTTP_X_FORWARDED_PROTO,https"); trust it only if the
# proxy overwrites that header from clients. Without it Django sees every request as plain
# HTTP and SECURE_SSL_REDIRECT would redirect forever.
_proxy_ssl_header = env.str("SECURE_PROXY_SSL_HEADER", default="")
if _proxy_ssl_header:
    _header, _, _value = (part.strip() for part in _proxy_ssl_header.partition(","))
    if not (_header and _value):
        raise ImproperlyConfigured("SECURE_PROXY_SSL_HEADER must be a header and its value, e.g. HTTP_X_FORWARDED_PROTO,https.")
    SECURE_PROXY_SSL_HEADER = (_header, _value)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
# "preload" only makes the domain eligible for browsers' built-in list: its owner still has to
# submit it (hstspreload.org), which commits every subdomain to HTTPS.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)

# Celery: with no broker configured, tasks run in-process as soon as they are queued.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or None
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# Reports render on a queue of their own ("reports"), so that a slow render never holds up the
# emails on the default queue ("celery"); a worker consumes both (`make worker`, README).
CELERY_TASK_ROUTES = {
    "reports.report_render": {"queue": "reports"},
    "reports.committee_paper_render": {"queue": "reports"},
}

# Periodic work, run by Celery beat; on the embedded default `manage.py run_periodic_work` runs
# every entry once. Each app adds its own.
CELERY_BEAT_SCHEDULE = {
    # Emails not sent when they were written: the broker or the mail server was down.
    "send-due-emails": {"task": "peersupport.emails_send_due", "schedule": 60.0},
    # Report versions no worker took up (the broker was down) are sent again; those a worker
    # started and never finished (it was killed) are taken back (reports/services/pipeline.py).
    "sweep-reports": {"task": "reports.reports_sweep", "schedule": 60.0},
    # Challenges go on site on their first day; steps running late are flagged (at 6 am).
    "challenges-daily": {"task": "challenges.challenges_daily", "schedule": crontab(hour=6, minute=0)},
}

# Email, sent through the outbox (peersupport/outbox/). EMAIL_URL names the mail server, such
# as smtp+tls://user:password@smtp.example.org:587; unset, each email is written to a file in
# build/mail/, for the demo.
if env.str("EMAIL_URL", default=""):
    vars().update({name: value for name, value in env.email_url("EMAIL_URL").items() if value is not None})
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = BASE_DIR / "build" / "mail"
# A mail server that does not answer fails the attempt, to be tried again later, rather than
# holding the worker until the task's time limit.
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Fire peer support <peer.support@local.gov.uk>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint narrates every rendering step at INFO, django-axes every sign-in.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "axes")},
}

# The service's own address, for links in emails and calendar feeds, which leave the request.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# The LGA's switchboard: the phone number the committee paper gives for its contact officer
# (reports/services/committee_paper.py).
LGA_SWITCHBOARD = env.str("LGA_SWITCHBOARD", default="020 7664 3000")
