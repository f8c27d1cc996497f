"""The home page: what the service is, and links to each person's work."""

from django.views.generic import TemplateView


class HomeView(TemplateView):
    template_name = "home.html"
