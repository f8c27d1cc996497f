"""The authority's documents: uploading one, and downloading it for those who may see the challenge."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views import View

from challenges.forms.document import ChallengeDocumentForm
from challenges.models import ChallengeDocument
from challenges.selectors.challenge import challenges_visible_to
from challenges.services.document import challenge_document_add
from challenges.views.challenge import ChallengeChildFormView


class ChallengeDocumentAddView(ChallengeChildFormView):
    """The authority's contacts and LGA staff who oversee the challenge upload a document."""

    template_name = "challenges/challengedocument_form.html"
    form_class = ChallengeDocumentForm

    permission = "challenges.add_document"

    def perform(self, form):
        document = challenge_document_add(
            by=self.request.user, challenge=self.challenge, kind=form.cleaned_data["kind"], upload=form.cleaned_data["upload"]
        )
        messages.success(self.request, f"{document.get_kind_display()} uploaded")


class ChallengeDocumentDownloadView(LoginRequiredMixin, View):
    """A document, for the team, the authority and LGA staff who can see its challenge."""

    def get(self, request, pk, document_pk):
        challenge = get_object_or_404(challenges_visible_to(user=request.user), pk=pk)
        document = get_object_or_404(ChallengeDocument.objects.filter(challenge=challenge), pk=document_pk)
        try:
            handle = document.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, as_attachment=True, filename=document.original_name, content_type=document.content_type)
        response["X-Content-Type-Options"] = "nosniff"
        return response
