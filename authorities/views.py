from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import DetailView, TemplateView

from challenges.permissions import can_book_challenges
from challenges.selectors import challenges_for_authority
from reports.selectors import reports_published_for_authority

from .forms import LoginForm
from .selectors import authorities_visible_to


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            can_book=user.is_authenticated and can_book_challenges(user), **kwargs
        )


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


class AuthorityDetailView(LoginRequiredMixin, DetailView):
    template_name = "authorities/authority_detail.html"
    context_object_name = "authority"

    def get_queryset(self):
        return authorities_visible_to(user=self.request.user).select_related("succeeded_by")

    def get_context_data(self, **kwargs):
        authority = self.object
        return super().get_context_data(
            challenges=challenges_for_authority(authority=authority),
            published_reports=reports_published_for_authority(authority=authority),
            **kwargs,
        )
