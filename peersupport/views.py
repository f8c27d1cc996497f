"""The project's view kit: pages that need a permission, running a service from a form, and
forms about one parent record."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView


class ServiceFormMixin:
    """Runs a service from a valid form; a rule the service refuses becomes a form error,
    shown in the GOV.UK error summary like any other."""

    def form_valid(self, form):
        try:
            self.perform(form)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, field_errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, field_errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        return redirect(self.get_success_url())


class PermissionRequiredMixin(LoginRequiredMixin):
    """The page asks for `permission_required` (a rule in an app's permissions.py). Anyone
    signed out is sent to sign in; anyone signed in without it gets a 404: for them the page
    does not exist. Which record a page shows is scoped by its selector, so another's is a 404 too."""

    permission_required = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(self.permission_required):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ParentFormView(LoginRequiredMixin, ServiceFormMixin, FormView):
    """A form about one record, its parent (a peer, an authority, a challenge), found by the
    URL's `parent_lookup` among the records the `parents` selector gives the user: anyone
    else gets a 404. The page links back to the parent, names it `parent_name`, and returns
    to it once saved."""

    parent_name = None
    parents = None  # a selector taking `user`, such as peers_visible_to
    parent_lookup = "pk"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            lookup = {self.parent_lookup: kwargs[self.parent_lookup]}
            self.parent = get_object_or_404(self.parents(user=request.user), **lookup)
        return super().dispatch(request, *args, **kwargs)

    def before_form(self):
        """What the page checks before its form, on GET and POST alike: raise Http404 for
        anyone who may not be here, find the page's other records, or return a redirect when
        the form cannot be used now (None goes on to the form)."""
        return None

    def get(self, request, *args, **kwargs):
        return self.before_form() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.before_form() or super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**{self.parent_name: self.parent}, back_url=self.parent.get_absolute_url(), **kwargs)

    def get_success_url(self):
        return self.parent.get_absolute_url()
