"""Web addresses of records, made cheaply: lists link every row, and Django's reverse()
searches the URL patterns afresh for each of them."""

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse

_MARK = 918273645  # a number no record's key is in the patterns used here


@lru_cache(maxsize=256)
def _pattern(name, kwarg, script_prefix, urlconf) -> tuple[str, str]:
    url = reverse(name, kwargs={kwarg: _MARK}, urlconf=urlconf)
    before, after = url.split(str(_MARK))
    return before, after


def record_url(name: str, value, kwarg: str = "pk") -> str:
    """reverse(name, kwargs={kwarg: value}) for a pattern taking one number or slug, from the
    pattern reversed once per site prefix and URL configuration."""
    before, after = _pattern(name, kwarg, get_script_prefix(), get_urlconf())
    return f"{before}{value}{after}"


def query_without(request, *names: str) -> str:
    """The request's query string without `names`: for the links to a list's other pages,
    which keep its search."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def record_url_maker(name: str, kwarg: str = "pk"):
    """A function giving record_url(name, value, kwarg) for each value, with the pattern looked
    up once: for the rows of a list."""
    before, after = _pattern(name, kwarg, get_script_prefix(), get_urlconf())
    return lambda value: f"{before}{value}{after}"
