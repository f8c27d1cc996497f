"""The Atom feed of new publications: each version of a feedback or progress review report
as it is published, corrections as entries of their own."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from peersupport.formats import long_date, month_year
from peersupport.links import record_url
from reports.selectors import reports_in_feed

FEED_LENGTH = 50
AUTHOR = "Local Government Association"


class PublicationFeed(Feed):
    """The latest 50 publications, latest first; a withdrawn version leaves the feed."""

    feed_type = Atom1Feed
    title = "Fire peer challenge reports"
    subtitle = "Feedback and progress review reports of fire and rescue peer challenges, as they are published"
    author_name = AUTHOR

    def link(self):
        return reverse("reports:report-list")

    def feed_url(self):
        return reverse("reports:report-feed")

    def items(self):
        return reports_in_feed(limit=FEED_LENGTH)

    def item_title(self, report):
        title = f"{report.challenge.authority.name}: {report.get_kind_display().lower()}"
        return f"{title}, corrected version {report.version}" if report.is_correction else title

    def item_description(self, report):
        if report.is_correction:
            return f"Corrected version {report.version}: {report.change_note}"
        challenge = report.challenge
        return f"{challenge.get_challenge_type_display()}, on site in {month_year(challenge.start_date)}. Published on {long_date(report.published_at)}."

    def item_link(self, report):
        return record_url("reports:report-detail", report.pk)

    # No item_guid: each entry's id is then its absolute link, as Atom asks (RFC 4287, 4.2.6).

    def item_pubdate(self, report):
        return report.published_at

    def item_updateddate(self, report):
        return report.published_at

    def item_author_name(self, report):
        return AUTHOR
