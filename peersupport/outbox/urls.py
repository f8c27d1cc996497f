from django.urls import path

from peersupport.outbox.views import OutboxEmailResendView, OutboxListView

app_name = "outbox"

urlpatterns = [
    path("", OutboxListView.as_view(), name="email-list"),
    path("<int:pk>/resend/", OutboxEmailResendView.as_view(), name="email-resend"),
]
