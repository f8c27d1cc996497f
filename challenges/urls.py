from django.urls import path

from challenges.views.challenge import ChallengeBookView, ChallengeDetailView, ChallengeListView
from challenges.views.finding import FindingCreateView
from challenges.views.team import TeamMemberAddView

app_name = "challenges"

urlpatterns = [
    path("", ChallengeListView.as_view(), name="challenge-list"),
    path("book/", ChallengeBookView.as_view(), name="challenge-book"),
    path("<int:pk>/", ChallengeDetailView.as_view(), name="challenge-detail"),
    path("<int:pk>/team/add/", TeamMemberAddView.as_view(), name="team-member-add"),
    path("<int:pk>/findings/add/", FindingCreateView.as_view(), name="finding-create"),
]
