"""What a browser sends for GOV.UK inputs, and dates as pages print them: shared by every
app's view tests."""


def date_fields(prefix, date):
    """The three boxes of a GOV.UK date input (day, month, year); None leaves them empty."""
    if date is None:
        return {f"{prefix}_0": "", f"{prefix}_1": "", f"{prefix}_2": ""}
    return {f"{prefix}_0": str(date.day), f"{prefix}_1": str(date.month), f"{prefix}_2": f"{date.year:04d}"}


def date_parts(prefix, day, month, year):
    """The three boxes of a GOV.UK date input, typed as given (text that is no date, say)."""
    return {f"{prefix}_0": str(day), f"{prefix}_1": str(month), f"{prefix}_2": str(year)}


def short_date(date):
    """A date as tables print it: "7 Dec 2026"."""
    return f"{date.day} {date:%b %Y}"


def long_date(date):
    """A date as summaries print it: "7 December 2026"."""
    return f"{date.day} {date:%B %Y}"
