"""The settings read from the environment for running behind a TLS proxy: HTTPS redirect,
HSTS, the proxy's headers and trusted origins, and the session limits. The production
variables, as .env.example and README.md document them, pass `manage.py check --deploy`."""

import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

BASE_SETTINGS = Path(settings.BASE_DIR) / "peersupport" / "settings" / "base.py"
# Every variable the settings read that these tests set or rely on being unset.
VARIABLES = [
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SECURE_COOKIES", "SECURE_PROXY_SSL_HEADER",
    "CSRF_TRUSTED_ORIGINS", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD", "CLIENT_IP_HEADER", "TRUSTED_PROXY_COUNT",
]
SECRET_KEY = "production-like-secret-key-of-more-than-fifty-characters-7Qx!"


def _settings(monkeypatch, **variables):
    """peersupport/settings/base.py as it reads exactly these variables."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(BASE_SETTINGS))


def _https_settings(values):
    names = ["SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD"]
    return {name: values[name] for name in names}


def _production_variables(tmp_path):
    return {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "peersupport.settings.base",
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "peersupport.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://peersupport.example.org",
        "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
        "CACHE_URL": "redis://127.0.0.1:6379/2",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'throwaway.sqlite3'}",
    }


def _check_deploy(environment):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.integration
def test_check_deploy_reports_no_issues_with_the_production_variables(tmp_path):
    result = _check_deploy(_production_variables(tmp_path))

    assert (result.returncode, result.stdout) == (0, "System check identified no issues (0 silenced).\n")


@pytest.mark.integration
def test_check_deploy_warns_when_each_web_process_would_keep_its_own_cache(tmp_path):
    environment = _production_variables(tmp_path)
    del environment["CACHE_URL"]

    result = _check_deploy(environment)

    assert result.returncode == 1
    assert result.stderr.splitlines()[:5] == [
        "SystemCheckError: System check identified some issues:",
        "",
        "WARNINGS:",
        "?: (peersupport.W001) The cache belongs to one process: with more than one web process, search forms can "
        "offer choices that have since changed.",
        "\tHINT: Set CACHE_URL to a cache every web process shares, such as redis://127.0.0.1:6379/2.",
    ]


@pytest.mark.unit
def test_production_defaults_redirect_to_https_and_send_hsts(monkeypatch):
    values = _settings(monkeypatch, DEBUG="false", SECRET_KEY=SECRET_KEY)

    assert _https_settings(values) == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
    }
    assert ("SECURE_PROXY_SSL_HEADER" in values, values["CSRF_TRUSTED_ORIGINS"]) == (False, [])


@pytest.mark.unit
def test_debug_defaults_serve_plain_http_without_hsts(monkeypatch):
    # `make run` serves http://127.0.0.1:8000 with DEBUG on.
    values = _settings(monkeypatch, DEBUG="true")

    assert _https_settings(values) == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": False,
    }


@pytest.mark.unit
def test_https_settings_can_be_overridden(monkeypatch):
    values = _settings(
        monkeypatch, DEBUG="false", SECRET_KEY=SECRET_KEY, SECURE_SSL_REDIRECT="false", SECURE_HSTS_SECONDS="600",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="false", SECURE_HSTS_PRELOAD="false",
    )

    assert _https_settings(values) == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 600,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": False,
    }


@pytest.mark.unit
def test_proxy_variables_are_read(monkeypatch):
    values = _settings(
        monkeypatch, DEBUG="false", SECRET_KEY=SECRET_KEY, SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
        CSRF_TRUSTED_ORIGINS="https://peersupport.example.org,https://www.peersupport.example.org",
        CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR", TRUSTED_PROXY_COUNT="1",
    )

    assert values["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://peersupport.example.org", "https://www.peersupport.example.org"]
    assert (values["AXES_IPWARE_META_PRECEDENCE_ORDER"], values["AXES_IPWARE_PROXY_COUNT"]) == (
        ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"), 1
    )


@pytest.mark.unit
def test_client_address_is_the_connections_unless_a_header_is_named(monkeypatch):
    values = _settings(monkeypatch, DEBUG="false", SECRET_KEY=SECRET_KEY)

    assert (values["AXES_IPWARE_META_PRECEDENCE_ORDER"], values["AXES_IPWARE_PROXY_COUNT"]) == (("REMOTE_ADDR",), 0)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("variables", "message"),
    [
        (
            {"SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO"},
            "SECURE_PROXY_SSL_HEADER must be a header and its value, e.g. HTTP_X_FORWARDED_PROTO,https.",
        ),
        (
            {"CLIENT_IP_HEADER": "X-Forwarded-For"},
            "CLIENT_IP_HEADER must be a request.META name such as HTTP_X_FORWARDED_FOR, not 'X-Forwarded-For'.",
        ),
    ],
)
def test_malformed_proxy_variables_are_refused(monkeypatch, variables, message):
    with pytest.raises(ImproperlyConfigured) as refused:
        _settings(monkeypatch, DEBUG="false", SECRET_KEY=SECRET_KEY, **variables)

    assert str(refused.value) == message


@pytest.mark.unit
def test_session_limits():
    assert (
        settings.SESSION_IDLE_TIMEOUT_SECONDS,
        settings.SESSION_COOKIE_AGE,
        settings.SESSION_EXPIRE_AT_BROWSER_CLOSE,
        settings.SESSION_ACTIVITY_REFRESH_SECONDS,
        settings.SESSION_TIMEOUT_WARNING_SECONDS,
    ) == (30 * 60, 12 * 60 * 60, True, 60, 2 * 60)


@pytest.mark.unit
def test_sign_in_lockout_rule():
    assert (
        settings.AXES_FAILURE_LIMIT,
        settings.AXES_COOLOFF_TIME.total_seconds(),
        settings.AXES_LOCKOUT_PARAMETERS,
        settings.AXES_RESET_ON_SUCCESS,
    ) == (5, 15 * 60, [["username", "ip_address"]], True)


@pytest.mark.unit
def test_test_suite_speaks_plain_http():
    assert settings.SECURE_SSL_REDIRECT is False
