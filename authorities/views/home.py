"""The home page."""

from django.views.generic import TemplateView

from challenges.permissions import can_book_challenges


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            can_book=user.is_authenticated and can_book_challenges(user), **kwargs
        )
