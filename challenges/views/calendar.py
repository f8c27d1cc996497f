"""The calendar of visits: a month as an HTML table, iCalendar feeds that calendar apps
subscribe to at a secret address, and one challenge's .ics download."""

import calendar
import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.views import View
from django.views.generic import TemplateView

from authorities.choices import Region
from authorities.permissions import is_lga_admin
from challenges.filters.challenge import CalendarFilter, calendar_months
from challenges.ical import calendar_of
from challenges.models import Challenge
from challenges.permissions import is_on_team
from challenges.selectors.calendar import challenges_for_feed, feed_for_token, visits_between, visits_by_day
from challenges.selectors.challenge import challenges_visible_to
from challenges.services.calendar_feed import calendar_feed_for, calendar_feed_renew
from peersupport.formats import month_year
from peersupport.links import query_without, record_url_maker
from peersupport.views import PermissionRequiredMixin

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _month_param(day):
    return f"{day:%Y-%m}"


class ChallengeCalendarView(PermissionRequiredMixin, TemplateView):
    """A month of visits as a table of weeks (a row each) and days (a column each), with the
    visits of each day linked; previous and next month links keep the filters."""

    permission_required = "challenges.view_challenges"
    template_name = "challenges/challenge_calendar.html"

    def get_context_data(self, **kwargs):
        filterset = CalendarFilter(self.request.GET, queryset=challenges_visible_to(user=self.request.user), request=self.request)
        valid = filterset.is_valid()
        month = (filterset.form.cleaned_data.get("month") if valid else None) or timezone.localdate()
        first = month.replace(day=1)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        days = visits_by_day(visits_between(queryset=filterset.qs, first=first, last=last), first=first, last=last) if valid else {}
        link = record_url_maker("challenges:challenge-detail")
        today = timezone.localdate()
        weeks = [
            [_day_cell(day, days.get(day, []), in_month=day.month == first.month, today=today, link=link) for day in week]
            for week in calendar.Calendar().monthdatescalendar(first.year, first.month)
        ]
        query = query_without(self.request, "month")
        earliest, latest = calendar_months()
        # The first and last months of the calendar have no link beyond them, which would only
        # lead to an error.
        previous_month = (first - datetime.timedelta(days=1)).replace(day=1) if first > earliest else None
        next_month = last + datetime.timedelta(days=1) if first < latest else None
        return super().get_context_data(
            filter=filterset, weeks=weeks, weekdays=WEEKDAYS, month_name=month_year(first),
            previous_href=f"?{query + '&' if query else ''}month={_month_param(previous_month)}" if previous_month else "",
            previous_name=month_year(previous_month),
            next_href=f"?{query + '&' if query else ''}month={_month_param(next_month)}" if next_month else "",
            next_name=month_year(next_month),
            visit_count=len({visit["pk"] for visits in days.values() for visit in visits}), **kwargs,
        )


def _day_cell(day, visits, *, in_month, today, link):
    """One day of the month's table as HTML, written here rather than by the template: a
    month has 35 to 42 of them, and the template language made them the page's slowest part."""
    visit_list = format_html(
        '<ul class="govuk-list govuk-body-s">{}</ul>',
        format_html_join("", '<li><a class="govuk-link" href="{}">{}</a></li>',
                         ((link(visit["pk"]), visit["authority__short_name"]) for visit in visits)),
    ) if visits else ""
    return format_html(
        '<td class="govuk-table__cell"{}><span class="govuk-body-s {}">{}'
        '<time datetime="{}">{}<span class="govuk-visually-hidden"> {}</span></time></span>{}</td>',
        format_html(' data-testid="day-{}"', day.isoformat()) if visits else "",
        "govuk-!-font-weight-bold" if in_month else "app-calendar__other-month",
        mark_safe('<span class="govuk-visually-hidden">Today, </span>') if day == today else "",
        day.isoformat(), day.day, f"{day:%B}", visit_list,
    )


class CalendarFeedSettingsView(PermissionRequiredMixin, TemplateView):
    """The user's feed addresses to subscribe to, and a button that replaces them."""

    permission_required = "challenges.view_challenges"
    template_name = "challenges/calendar_feeds.html"

    def get_context_data(self, **kwargs):
        feed = calendar_feed_for(user=self.request.user)
        base = self.request.build_absolute_uri(reverse("challenges:calendar-feed", args=[feed.token]))
        is_staff = self.request.user.has_perm("challenges.book_challenge")
        # Only those who oversee every region have a feed for each: a principal adviser's feed
        # holds their region's visits, and another region's would always be empty.
        regions = [(region.label, f"{base}?region={region.value}") for region in Region] if is_lga_admin(self.request.user) else []
        return super().get_context_data(feed_url=base, regions=regions, is_staff=is_staff, **kwargs)

    def post(self, request, *args, **kwargs):
        calendar_feed_renew(user=request.user)
        messages.success(request, "Your calendar addresses have changed: the old ones no longer work")
        return redirect("challenges:calendar-feeds")


class CalendarFeedView(View):
    """The feed a calendar app fetches, at the user's secret address, without signing in:
    for LGA staff the programme they oversee (all or one region's), for a peer the visits of
    the teams they are on. An unknown or replaced address is a 404."""

    def get(self, request, token):
        feed = feed_for_token(token=token)
        if feed is None:
            raise Http404
        user = feed.user
        if user.has_perm("challenges.book_challenge"):
            challenges = challenges_visible_to(user=user)
            region = request.GET.get("region", "")
            if region:
                if region not in Region.values:
                    raise Http404
                challenges = challenges.filter(authority__region=region)
                name = f"Peer challenges in {Region(region).label}"
            else:
                name = "Peer challenges"
        elif user.has_perm("challenges.view_challenges"):
            challenges = is_on_team.filter(Challenge.objects.all(), user)
            name = "Your peer challenge visits"
        else:
            raise Http404
        return _ics_response(calendar_of(challenges_for_feed(queryset=challenges), name=name), "peer-challenges.ics", inline=True)


class ChallengeIcsView(LoginRequiredMixin, View):
    """One challenge's visit as an .ics file to add to a calendar."""

    def get(self, request, pk):
        challenge = get_object_or_404(challenges_for_feed(queryset=challenges_visible_to(user=request.user)), pk=pk)
        name = f"{challenge.get_challenge_type_display()}: {challenge.authority.short_name}"
        return _ics_response(calendar_of([challenge], name=name), f"peer-challenge-{challenge.pk}.ics")


def _ics_response(body, filename, inline=False):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
