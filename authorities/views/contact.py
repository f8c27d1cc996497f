"""An authority's named contacts: its chief fire officer, chair, and clerk or improvement lead."""

from django.contrib import messages
from django.http import Http404
from django.utils.functional import cached_property

from authorities.choices import ContactRole
from authorities.forms.authority import AuthorityContactForm
from authorities.selectors.authority import authorities_managed_by, authority_contact_for_role
from authorities.services.authority import authority_contact_remove, authority_contact_save
from authorities.views.authority import AuthorityFormView
from peersupport.forms import ConfirmForm


class AuthorityContactMixin:
    """The contact role the URL names (404 if none) and the contact recorded for it, if any."""

    parents = staticmethod(authorities_managed_by)

    @cached_property
    def role(self):
        role = {choice.slug: choice for choice in ContactRole}.get(self.kwargs["role"])
        if role is None:
            raise Http404
        return role

    @cached_property
    def contact(self):
        return authority_contact_for_role(authority=self.authority, role=self.role)

    def get_context_data(self, **kwargs):
        return super().get_context_data(role=self.role, contact=self.contact, **kwargs)


class AuthorityContactUpdateView(AuthorityContactMixin, AuthorityFormView):
    """Add or change the authority's contact for one role."""

    template_name = "authorities/authority_contact_form.html"
    form_class = AuthorityContactForm

    def get_initial(self):
        return {"name": self.contact.name, "email": self.contact.email} if self.contact else {}

    def perform(self, form):
        authority_contact_save(by=self.request.user, authority=self.authority, role=self.role, **form.cleaned_data)
        messages.success(self.request, f"{self.role.label} saved")


class AuthorityContactDeleteView(AuthorityContactMixin, AuthorityFormView):
    """Ask, then remove the authority's contact for one role."""

    template_name = "authorities/authority_contact_delete.html"
    form_class = ConfirmForm

    def get_form_kwargs(self):
        if self.contact is None:
            raise Http404
        return {**super().get_form_kwargs(), "button": "Remove contact"}

    def perform(self, form):
        authority_contact_remove(by=self.request.user, contact=self.contact)
        messages.success(self.request, f"{self.contact.name} removed as {self.role.label.lower()}")
