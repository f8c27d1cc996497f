"""The authority's action plan."""

from django.urls import path

from challenges.views.action_plan import (
    ActionPlanCsvView,
    ActionPlanFinaliseView,
    ActionPlanView,
    PlannedActionAddView,
    PlannedActionChangeView,
    PlannedActionRemoveView,
    PlannedActionStatusView,
    RecommendationRespondView,
)

urlpatterns = [
    path("<int:pk>/action-plan/", ActionPlanView.as_view(), name="action-plan"),
    path("<int:pk>/action-plan.csv", ActionPlanCsvView.as_view(), name="action-plan-csv"),
    path("<int:pk>/action-plan/final/", ActionPlanFinaliseView.as_view(), name="action-plan-finalise"),
    path(
        "<int:pk>/action-plan/recommendations/<int:finding_pk>/respond/", RecommendationRespondView.as_view(),
        name="action-plan-respond",
    ),
    path(
        "<int:pk>/action-plan/recommendations/<int:finding_pk>/actions/add/", PlannedActionAddView.as_view(),
        name="action-plan-action-add",
    ),
    path("<int:pk>/action-plan/actions/<int:action_pk>/change/", PlannedActionChangeView.as_view(), name="action-plan-action-change"),
    path("<int:pk>/action-plan/actions/<int:action_pk>/status/", PlannedActionStatusView.as_view(), name="action-plan-action-status"),
    path("<int:pk>/action-plan/actions/<int:action_pk>/remove/", PlannedActionRemoveView.as_view(), name="action-plan-action-remove"),
]
