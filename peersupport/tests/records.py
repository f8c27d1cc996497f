"""What a queryset holds, for exact assertions on selectors: shared by every app's tests."""


def slugs(queryset) -> list[str]:
    """The records' slugs, sorted."""
    return sorted(queryset.values_list("slug", flat=True))


def pks(queryset) -> list[int]:
    """The records' primary keys, sorted."""
    return sorted(record.pk for record in queryset)
