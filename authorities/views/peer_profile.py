"""What a peer keeps up to date themself (LGA staff can too): contact details and specialisms."""

from django.contrib import messages

from authorities.forms.peer import PeerContactForm, PeerSpecialismsForm
from authorities.services.peer import peer_update_contact, peer_update_specialisms
from authorities.views.peer import PeerChildFormView


class PeerContactUpdateView(PeerChildFormView):
    template_name = "authorities/peer_contact_form.html"
    form_class = PeerContactForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "peer": self.peer}

    def get_initial(self):
        return {"email": self.peer.email, "phone": self.peer.phone}

    def perform(self, form):
        peer_update_contact(by=self.request.user, peer=self.peer, **form.cleaned_data)
        messages.success(self.request, "Contact details saved")


class PeerSpecialismsUpdateView(PeerChildFormView):
    template_name = "authorities/peer_specialisms_form.html"
    form_class = PeerSpecialismsForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "peer": self.peer}

    def get_initial(self):
        return {
            "specialisms": list(self.peer.specialisms.all()),
            "tags": ", ".join(tag.name for tag in self.peer.tags.all()),
        }

    def perform(self, form):
        peer_update_specialisms(by=self.request.user, peer=self.peer, **form.cleaned_data)
        messages.success(self.request, "Specialisms saved")
