from django.urls import path

from . import views

app_name = "challenges"

urlpatterns = [
    path("", views.ChallengeListView.as_view(), name="challenge-list"),
    path("book/", views.ChallengeBookView.as_view(), name="challenge-book"),
    path("<int:pk>/", views.ChallengeDetailView.as_view(), name="challenge-detail"),
    path("<int:pk>/team/add/", views.TeamMemberAddView.as_view(), name="team-member-add"),
    path("<int:pk>/findings/add/", views.FindingCreateView.as_view(), name="finding-create"),
]
