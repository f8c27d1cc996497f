from django.urls import path

from challenges.urls import action_plan, evaluation, factual_check, finding, insight, progress_review, report_text
from challenges.views.booking import ChallengeBookView, ChallengeRequestView, ChallengeRescheduleView, ChallengeScopeView
from challenges.views.calendar import CalendarFeedSettingsView, CalendarFeedView, ChallengeCalendarView, ChallengeIcsView
from challenges.views.challenge import ChallengeDetailView, ChallengeHistoryView, ChallengeListView
from challenges.views.document import ChallengeDocumentAddView, ChallengeDocumentDownloadView
from challenges.views.invitation import InvitationAnswerView
from challenges.views.plan import (
    TeamPlanAcceptView,
    TeamPlanBanView,
    TeamPlanPinView,
    TeamPlanUnbanView,
    TeamPlanUnpinView,
    TeamPlanView,
)
from challenges.views.programme_csv import (
    ProgrammeExportView,
    ProgrammeImportConfirmView,
    ProgrammeImportPreviewView,
    ProgrammeImportView,
)
from challenges.views.status import ChallengeStatusChangeView
from challenges.views.team import (
    TeamConcernAnswerView,
    TeamConcernRaiseView,
    TeamInvitationsSendView,
    TeamMemberAddView,
    TeamMemberProposeView,
    TeamPlaceWithdrawView,
    TeamRulesOverrideView,
    TeamView,
)

app_name = "challenges"

urlpatterns = [
    path("", ChallengeListView.as_view(), name="challenge-list"),
    path("export/", ProgrammeExportView.as_view(), name="programme-export"),
    path("import/", ProgrammeImportView.as_view(), name="programme-import"),
    path("import/check/", ProgrammeImportPreviewView.as_view(), name="programme-import-preview"),
    path("import/confirm/", ProgrammeImportConfirmView.as_view(), name="programme-import-confirm"),
    path("ask/", ChallengeRequestView.as_view(), name="challenge-request"),
    path("calendar/", ChallengeCalendarView.as_view(), name="challenge-calendar"),
    path("calendar/feeds/", CalendarFeedSettingsView.as_view(), name="calendar-feeds"),
    path("calendar/feed/<str:token>.ics", CalendarFeedView.as_view(), name="calendar-feed"),
    path("book/", ChallengeBookView.as_view(), name="challenge-book"),
    path("book/<str:journey>/<slug:step>/", ChallengeBookView.as_view(), name="challenge-book-step"),
    path("<int:pk>/", ChallengeDetailView.as_view(), name="challenge-detail"),
    path("<int:pk>/history/", ChallengeHistoryView.as_view(), name="challenge-history"),
    path("<int:pk>/calendar.ics", ChallengeIcsView.as_view(), name="challenge-ics"),
    path("<int:pk>/scope/", ChallengeScopeView.as_view(), name="challenge-scope"),
    path("<int:pk>/scope/<str:journey>/<slug:step>/", ChallengeScopeView.as_view(), name="challenge-scope-step"),
    path("<int:pk>/reschedule/", ChallengeRescheduleView.as_view(), name="challenge-reschedule"),
    path(
        "<int:pk>/reschedule/<str:journey>/<slug:step>/", ChallengeRescheduleView.as_view(),
        name="challenge-reschedule-step",
    ),
    path("<int:pk>/status/<slug:status>/", ChallengeStatusChangeView.as_view(), name="challenge-status"),
    path("<int:pk>/documents/add/", ChallengeDocumentAddView.as_view(), name="document-add"),
    path("<int:pk>/documents/<int:document_pk>/", ChallengeDocumentDownloadView.as_view(), name="document-download"),
    path("<int:pk>/team/add/", TeamMemberAddView.as_view(), name="team-member-add"),
    path("<int:pk>/team/", TeamView.as_view(), name="team"),
    path("<int:pk>/team/add/<int:peer_pk>/", TeamMemberProposeView.as_view(), name="team-member-propose"),
    path("<int:pk>/team/invitations/", TeamInvitationsSendView.as_view(), name="team-invitations-send"),
    path("<int:pk>/team/places/<int:place_pk>/withdraw/", TeamPlaceWithdrawView.as_view(), name="team-place-withdraw"),
    path("<int:pk>/team/places/<int:place_pk>/concern/", TeamConcernRaiseView.as_view(), name="team-concern-raise"),
    path("<int:pk>/team/concerns/<int:concern_pk>/answer/", TeamConcernAnswerView.as_view(), name="team-concern-answer"),
    path("<int:pk>/team/rules/override/", TeamRulesOverrideView.as_view(), name="team-rules-override"),
    path("plan/", TeamPlanView.as_view(), name="team-plan"),
    path("plan/accept/", TeamPlanAcceptView.as_view(), name="team-plan-accept"),
    path("plan/pin/", TeamPlanPinView.as_view(), name="team-plan-pin"),
    path("plan/pins/<int:pk>/remove/", TeamPlanUnpinView.as_view(), name="team-plan-unpin"),
    path("plan/ban/", TeamPlanBanView.as_view(), name="team-plan-ban"),
    path("plan/bans/<int:pk>/remove/", TeamPlanUnbanView.as_view(), name="team-plan-unban"),
    path("invitations/<str:token>/", InvitationAnswerView.as_view(), name="invitation-answer"),
    *finding.urlpatterns,
    *report_text.urlpatterns,
    *factual_check.urlpatterns,
    *action_plan.urlpatterns,
    *progress_review.urlpatterns,
    *evaluation.urlpatterns,
    *insight.urlpatterns,
]
