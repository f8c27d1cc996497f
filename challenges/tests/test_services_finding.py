import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from challenges.choices import ChallengeStatus, FindingArea, FindingKind, FindingState, RecommendationPriority
from challenges.models import Finding, FindingTemplate
from challenges.selectors.finding import findings_in_report, recommendations_numbered
from challenges.services import finding as finding_services
from challenges.services.finding import (
    FROZEN,
    FindingEditConflict,
    finding_accept,
    finding_delete,
    finding_edit,
    finding_move,
    finding_record,
    finding_reject,
    finding_template_delete,
    finding_template_save,
)

from .factories import ChallengeFactory, FindingFactory

pytestmark = pytest.mark.integration


def _record(by, challenge, text="Home fire safety visits are well targeted.", kind=FindingKind.STRENGTH, area=FindingArea.PREVENTION, **extras):
    return finding_record(by=by, challenge=challenge, kind=kind, area=area, text=text, **extras)


# finding_record


def test_finding_record_lead_peer_records_a_finding_into_the_report(challenge, lead_peer):
    finding = _record(lead_peer.user, challenge, text="  Home fire safety visits are well targeted.\n")

    assert Finding.objects.get() == finding
    assert (finding.challenge, finding.kind, finding.area, finding.text, finding.recorded_by, finding.state, finding.position) == (
        challenge, FindingKind.STRENGTH, FindingArea.PREVENTION, "Home fire safety visits are well targeted.", lead_peer.user,
        FindingState.ACCEPTED, 1,
    )


def test_finding_record_goes_to_the_end_of_its_area(challenge, lead_peer):
    first = _record(lead_peer.user, challenge)
    other_area = _record(lead_peer.user, challenge, area=FindingArea.PROTECTION)
    second = _record(lead_peer.user, challenge)

    assert (first.position, other_area.position, second.position) == (1, 1, 2)


def test_finding_record_challenge_manager_on_the_team_records_a_finding(challenge, challenge_manager):
    assert _record(challenge_manager.user, challenge).state == FindingState.ACCEPTED


def test_finding_record_team_member_records_a_draft(challenge, team_peer):
    finding = _record(team_peer.user, challenge)

    assert (finding.state, finding.position) == (FindingState.DRAFT, 0)


@pytest.mark.parametrize("role", ["other_peer_user", "lga_admin", "adviser", "fra_contact", "other_fra_contact", "anonymous"])
def test_finding_record_refused_to_anyone_not_on_the_team(challenge, user_for, role):
    with pytest.raises(PermissionDenied, match="^You cannot record findings for this challenge.$"):
        _record(user_for(role), challenge)

    assert Finding.objects.count() == 0


def test_finding_record_lead_peer_of_another_challenge_refused(challenge, lead_peer):
    with pytest.raises(PermissionDenied):
        _record(lead_peer.user, ChallengeFactory())


def test_finding_record_blank_text_refused(challenge, lead_peer):
    with pytest.raises(ValidationError) as error:
        _record(lead_peer.user, challenge, text="   \n  ")

    assert list(error.value.message_dict) == ["text"]
    assert Finding.objects.count() == 0


def test_finding_record_unknown_kind_refused(challenge, lead_peer):
    with pytest.raises(ValidationError) as error:
        _record(lead_peer.user, challenge, kind="grade")

    assert list(error.value.message_dict) == ["kind"]


def test_finding_record_area_outside_the_framework_refused(challenge, lead_peer):
    with pytest.raises(ValidationError) as error:
        _record(lead_peer.user, challenge, area=FindingArea.CALL_MANAGEMENT)

    assert error.value.message_dict == {"area": ["Choose an area from the list"]}


def test_finding_record_5000_characters_accepted_and_5001_refused(challenge, lead_peer):
    assert len(_record(lead_peer.user, challenge, text="x" * 5000).text) == 5000
    with pytest.raises(ValidationError) as error:
        _record(lead_peer.user, challenge, text="x" * 5001)

    assert list(error.value.message_dict) == ["text"]
    assert Finding.objects.count() == 1


def test_finding_record_recommendation_keeps_priority_and_clears_practice_fields(challenge, lead_peer):
    finding = _record(
        lead_peer.user, challenge, kind=FindingKind.RECOMMENDATION, priority=RecommendationPriority.HIGH,
        title="Not for a recommendation", why_it_matters="Nor this", practice_contact="Nor this", shared_with_sector=True,
    )

    assert (finding.priority, finding.title, finding.why_it_matters, finding.practice_contact, finding.shared_with_sector) == (
        RecommendationPriority.HIGH, "", "", "", False,
    )


def test_finding_record_strength_loses_a_priority(challenge, lead_peer):
    assert _record(lead_peer.user, challenge, priority=RecommendationPriority.HIGH).priority == ""


def test_finding_record_recommendation_without_priority_refused(challenge, lead_peer):
    with pytest.raises(ValidationError) as error:
        _record(lead_peer.user, challenge, kind=FindingKind.RECOMMENDATION)

    assert error.value.messages == ["A recommendation has a priority, and only a recommendation"]


def test_finding_record_notable_practice_keeps_its_fields(challenge, lead_peer):
    finding = _record(
        lead_peer.user, challenge, kind=FindingKind.NOTABLE_PRACTICE, title="Live on-call availability",
        why_it_matters="Neighbours send the nearest crew.", practice_contact="Sam Jones, area manager", shared_with_sector=True,
    )

    assert (finding.title, finding.why_it_matters, finding.practice_contact, finding.shared_with_sector) == (
        "Live on-call availability", "Neighbours send the nearest crew.", "Sam Jones, area manager", True,
    )


def test_finding_record_from_wording_remembers_it(challenge, lead_peer, lga_admin):
    template = finding_template_save(by=lga_admin, kind=FindingKind.STRENGTH, area=FindingArea.PREVENTION, text="Good work.")

    assert _record(lead_peer.user, challenge, template=template).template == template


@pytest.mark.parametrize("status", [ChallengeStatus.PUBLISHED, ChallengeStatus.PROGRESS_REVIEW, ChallengeStatus.CLOSED])
def test_finding_record_refused_once_published(challenge, lead_peer, status):
    challenge.status = status
    challenge.save()

    with pytest.raises(ValidationError) as error:
        _record(lead_peer.user, challenge)

    assert error.value.messages == [FROZEN]


# finding_edit


def test_finding_edit_saves_changes_and_moves_the_version_on(challenge, lead_peer):
    finding = _record(lead_peer.user, challenge)

    edited = finding_edit(by=lead_peer.user, finding=finding, version=1, text="Better words.", reason="Clearer")

    assert (edited.text, edited.version, edited.changed_by) == ("Better words.", 2, lead_peer.user)
    assert [h.text for h in finding.history.order_by("history_id")] == ["Home fire safety visits are well targeted.", "Better words."]
    assert finding.history.latest().history_change_reason == "Clearer"


def test_finding_edit_without_change_keeps_the_version(challenge, lead_peer):
    finding = _record(lead_peer.user, challenge)

    assert finding_edit(by=lead_peer.user, finding=finding, version=1, text=finding.text).version == 1


def test_finding_edit_two_people_from_one_version_second_refused_with_the_first_text(challenge, lead_peer, challenge_manager):
    finding = _record(lead_peer.user, challenge)
    lead_copy, manager_copy = Finding.objects.get(pk=finding.pk), Finding.objects.get(pk=finding.pk)

    finding_edit(by=lead_peer.user, finding=lead_copy, version=lead_copy.version, text="The lead's words.")
    with pytest.raises(FindingEditConflict) as conflict:
        finding_edit(by=challenge_manager.user, finding=manager_copy, version=manager_copy.version, text="The manager's words.")

    assert conflict.value.current.text == "The lead's words."
    assert conflict.value.messages == [
        f"{lead_peer.user.full_name} changed this finding while you were editing it. Your changes have not been saved: "
        "compare them with the finding as it is now, then save again."
    ]
    assert Finding.objects.get().text == "The lead's words."
    # Saved again from the version now shown, it overwrites knowingly.
    finding_edit(by=challenge_manager.user, finding=manager_copy, version=2, text="The manager's words.")
    assert (Finding.objects.get().text, Finding.objects.get().version) == ("The manager's words.", 3)


def test_finding_edit_to_another_area_goes_to_its_end(challenge, lead_peer):
    _record(lead_peer.user, challenge, area=FindingArea.PROTECTION)
    finding = _record(lead_peer.user, challenge)

    edited = finding_edit(by=lead_peer.user, finding=finding, version=1, area=FindingArea.PROTECTION)

    assert (edited.area, edited.position) == (FindingArea.PROTECTION, 2)


def test_finding_edit_to_another_kind_clears_the_old_kinds_fields(challenge, lead_peer):
    finding = _record(lead_peer.user, challenge, kind=FindingKind.RECOMMENDATION, priority=RecommendationPriority.LOW)

    edited = finding_edit(by=lead_peer.user, finding=finding, version=1, kind=FindingKind.STRENGTH, priority=RecommendationPriority.LOW)

    assert (edited.kind, edited.priority) == (FindingKind.STRENGTH, "")


def test_finding_edit_keeps_a_legacy_area(challenge, lead_peer):
    finding = FindingFactory(challenge=challenge, area=FindingArea.CALL_MANAGEMENT, recorded_by=lead_peer.user)

    edited = finding_edit(by=lead_peer.user, finding=finding, version=1, area=FindingArea.CALL_MANAGEMENT, text="Still 2009.")

    assert (edited.area, edited.text) == (FindingArea.CALL_MANAGEMENT, "Still 2009.")


def test_finding_edit_team_member_edits_their_own_draft_until_taken(challenge, team_peer, lead_peer):
    draft = _record(team_peer.user, challenge)

    assert finding_edit(by=team_peer.user, finding=draft, version=1, text="Mine, better.").text == "Mine, better."
    finding_accept(by=lead_peer.user, finding=draft)
    with pytest.raises(PermissionDenied):
        finding_edit(by=team_peer.user, finding=draft, version=2, text="Too late.")

    assert Finding.objects.get().text == "Mine, better."


@pytest.mark.parametrize("role", ["team_peer", "other_peer_user", "lga_admin", "adviser", "fra_contact"])
def test_finding_edit_refused_to_anyone_but_the_writers(challenge, lead_peer, user_for, role):
    finding = _record(lead_peer.user, challenge)

    with pytest.raises(PermissionDenied):
        finding_edit(by=user_for(role), finding=finding, version=1, text="Changed.")

    assert Finding.objects.get().text == finding.text


def test_finding_edit_refused_once_published(challenge, lead_peer):
    finding = _record(lead_peer.user, challenge)
    challenge.status = ChallengeStatus.PUBLISHED
    challenge.save()

    with pytest.raises(ValidationError) as error:
        finding_edit(by=lead_peer.user, finding=finding, version=1, text="Changed.")

    assert error.value.messages == [FROZEN]


def test_finding_edit_unknown_field_is_a_programming_error(challenge, lead_peer):
    finding = _record(lead_peer.user, challenge)

    with pytest.raises(TypeError, match="^A finding cannot have state changed here$"):
        finding_edit(by=lead_peer.user, finding=finding, version=1, state=FindingState.DRAFT)


# finding_accept, finding_reject


def test_finding_accept_takes_a_draft_to_the_end_of_its_area(challenge, lead_peer, team_peer):
    _record(lead_peer.user, challenge)
    draft = _record(team_peer.user, challenge)

    accepted = finding_accept(by=lead_peer.user, finding=draft)

    assert (accepted.state, accepted.position) == (FindingState.ACCEPTED, 2)


@pytest.mark.parametrize("role", ["team_peer", "lga_admin", "adviser", "fra_contact"])
def test_finding_accept_refused_to_anyone_but_the_writers(challenge, team_peer, user_for, role):
    draft = _record(team_peer.user, challenge)

    with pytest.raises(PermissionDenied):
        finding_accept(by=user_for(role), finding=draft)

    assert Finding.objects.get().state == FindingState.DRAFT


def test_finding_accept_only_a_draft(challenge, lead_peer):
    with pytest.raises(ValidationError, match="Only a draft finding can be accepted"):
        finding_accept(by=lead_peer.user, finding=_record(lead_peer.user, challenge))


def test_finding_reject_keeps_the_reason(challenge, lead_peer, team_peer):
    draft = _record(team_peer.user, challenge)

    rejected = finding_reject(by=lead_peer.user, finding=draft, reason="  Repeats the second strength ")

    assert (rejected.state, rejected.rejection_reason) == (FindingState.REJECTED, "Repeats the second strength")


def test_finding_reject_without_reason_refused(challenge, lead_peer, team_peer):
    draft = _record(team_peer.user, challenge)

    with pytest.raises(ValidationError) as error:
        finding_reject(by=lead_peer.user, finding=draft, reason="  ")

    assert error.value.message_dict == {"rejection_reason": ["Enter why the finding is rejected"]}


# finding_delete


def test_finding_delete_removes_it_and_history_keeps_it(challenge, lead_peer):
    finding = _record(lead_peer.user, challenge)

    finding_delete(by=lead_peer.user, finding=finding)

    assert Finding.objects.count() == 0
    assert finding.history.latest().history_type == "-"


def test_finding_delete_team_member_deletes_own_draft_not_anothers(challenge, team_peer, lead_peer):
    draft = _record(team_peer.user, challenge)
    accepted = _record(lead_peer.user, challenge)

    finding_delete(by=team_peer.user, finding=draft)
    with pytest.raises(PermissionDenied):
        finding_delete(by=team_peer.user, finding=accepted)

    assert list(Finding.objects.all()) == [accepted]


def test_finding_delete_refused_once_published(challenge, lead_peer):
    finding = _record(lead_peer.user, challenge)
    challenge.status = ChallengeStatus.CLOSED
    challenge.save()

    with pytest.raises(ValidationError):
        finding_delete(by=lead_peer.user, finding=finding)

    assert Finding.objects.count() == 1


# finding_move


def test_finding_move_swaps_with_its_neighbour_in_its_area(challenge, lead_peer):
    first, second, third = (_record(lead_peer.user, challenge, text=f"Finding {n}.") for n in (1, 2, 3))
    elsewhere = _record(lead_peer.user, challenge, area=FindingArea.PROTECTION)

    finding_move(by=lead_peer.user, finding=third, direction="up")
    finding_move(by=lead_peer.user, finding=first, direction="down")

    in_area = list(challenge.findings.filter(area=FindingArea.PREVENTION).order_by("position").values_list("text", flat=True))
    assert in_area == ["Finding 3.", "Finding 1.", "Finding 2."]
    elsewhere.refresh_from_db()
    assert elsewhere.position == 1


def test_finding_move_renumbers_gaps_left_by_deletions(challenge, lead_peer):
    first, second, third = (_record(lead_peer.user, challenge, text=f"Finding {n}.") for n in (1, 2, 3))
    finding_delete(by=lead_peer.user, finding=second)

    finding_move(by=lead_peer.user, finding=third, direction="up")

    assert list(challenge.findings.order_by("position").values_list("text", "position")) == [("Finding 3.", 1), ("Finding 1.", 2)]


@pytest.mark.parametrize(("index", "direction", "message"), [(0, "up", "already first"), (1, "down", "already last"), (0, "sideways", "Choose to move the finding up or down")])
def test_finding_move_beyond_the_ends_refused(challenge, lead_peer, index, direction, message):
    findings = [_record(lead_peer.user, challenge, text=f"Finding {n}.") for n in (1, 2)]

    with pytest.raises(ValidationError, match=message):
        finding_move(by=lead_peer.user, finding=findings[index], direction=direction)


@pytest.mark.parametrize("role", ["team_peer", "lga_admin", "adviser", "fra_contact"])
def test_finding_move_refused_to_anyone_but_the_writers(challenge, lead_peer, user_for, role):
    first, second = (_record(lead_peer.user, challenge, text=f"Finding {n}.") for n in (1, 2))

    with pytest.raises(PermissionDenied):
        finding_move(by=user_for(role), finding=second, direction="up")

    assert list(challenge.findings.order_by("position").values_list("text", flat=True)) == ["Finding 1.", "Finding 2."]


# The library of wording


def test_finding_template_save_and_delete_by_lga_staff(lga_admin):
    template = finding_template_save(by=lga_admin, kind=FindingKind.STRENGTH, area=FindingArea.PREVENTION, text=" Good. ")

    assert (template.text, template.saved_by) == ("Good.", lga_admin)
    finding_template_delete(by=lga_admin, template=template)
    assert FindingTemplate.objects.count() == 0


def test_finding_template_delete_leaves_findings_started_from_it(challenge, lead_peer, lga_admin):
    template = finding_template_save(by=lga_admin, kind=FindingKind.STRENGTH, area=FindingArea.PREVENTION, text="Good.")
    finding = _record(lead_peer.user, challenge, template=template)

    finding_template_delete(by=lga_admin, template=template)

    finding.refresh_from_db()
    assert (finding.template, finding.text) == (None, "Home fire safety visits are well targeted.")


@pytest.mark.parametrize("role", ["lead_peer", "fra_contact", "anonymous"])
def test_finding_template_save_refused_to_anyone_but_lga_staff(user_for, role):
    with pytest.raises(PermissionDenied, match="^Only LGA staff can keep the library of wording.$"):
        finding_template_save(by=user_for(role), kind=FindingKind.STRENGTH, area=FindingArea.PREVENTION, text="Good.")

    assert FindingTemplate.objects.count() == 0


# Two people at once: what the services find once they hold the challenge's lock


def test_finding_move_reads_the_finding_once_the_challenge_is_locked(challenge, lead_peer, monkeypatch):
    prevention = [_record(lead_peer.user, challenge, text=f"Finding {n}.") for n in (1, 2)]
    protection = _record(lead_peer.user, challenge, area=FindingArea.PROTECTION, text="Protection.")
    locked_challenge = finding_services._locked_challenge

    def edited_while_waiting(record):
        # The challenge manager moved the finding to Protection while this move waited for the lock.
        Finding.objects.filter(pk=prevention[1].pk).update(area=FindingArea.PROTECTION, position=2)
        return locked_challenge(record)

    monkeypatch.setattr(finding_services, "_locked_challenge", edited_while_waiting)
    finding_move(by=lead_peer.user, finding=prevention[1], direction="up")

    assert list(Finding.objects.filter(area=FindingArea.PROTECTION).order_by("position").values_list("pk", flat=True)) == [
        prevention[1].pk, protection.pk
    ]


def test_finding_move_of_a_finding_deleted_while_waiting_is_refused(challenge, lead_peer, monkeypatch):
    first, second = (_record(lead_peer.user, challenge, text=f"Finding {n}.") for n in (1, 2))
    locked_challenge = finding_services._locked_challenge

    def deleted_while_waiting(record):
        Finding.objects.filter(pk=second.pk).delete()
        return locked_challenge(record)

    monkeypatch.setattr(finding_services, "_locked_challenge", deleted_while_waiting)
    with pytest.raises(ValidationError) as refused:
        finding_move(by=lead_peer.user, finding=second, direction="up")

    assert refused.value.messages == ["The finding has been deleted"]


def test_finding_delete_a_second_time_changes_nothing(challenge, lead_peer):
    finding = _record(lead_peer.user, challenge)
    finding_delete(by=lead_peer.user, finding=finding)

    finding_delete(by=lead_peer.user, finding=finding)

    assert (Finding.objects.count(), finding.history.filter(history_type="-").count()) == (0, 1)


def test_finding_move_passes_only_findings_of_its_kind_in_its_area(challenge, lead_peer):
    """The report gives an area's strengths together, then its areas for consideration and its
    recommendations: a recommendation moved up goes above the one before it, never above a strength."""
    def make(kind):
        return FindingFactory(challenge=challenge, kind=kind, area=FindingArea.PREVENTION, recorded_by=lead_peer.user)

    strength, first, second = make(FindingKind.STRENGTH), make(FindingKind.RECOMMENDATION), make(FindingKind.RECOMMENDATION)

    finding_move(by=lead_peer.user, finding=second, direction="up")
    with pytest.raises(ValidationError) as refused:
        finding_move(by=lead_peer.user, finding=second, direction="up")

    assert refused.value.messages == ["This finding is already first in its area"]
    assert [f.pk for f in findings_in_report(challenge=challenge)] == [strength.pk, second.pk, first.pk]
    assert [f.number for f in recommendations_numbered(challenge=challenge)] == [1, 2]


def test_finding_edit_in_two_tabs_of_ones_own_says_so(challenge, lead_peer):
    finding = FindingFactory(challenge=challenge, recorded_by=lead_peer.user)
    finding_edit(by=lead_peer.user, finding=finding, version=1, text="First tab's words.")

    with pytest.raises(FindingEditConflict) as refused:
        finding_edit(by=lead_peer.user, finding=finding, version=1, text="Second tab's words.")

    assert refused.value.messages == [
        "You changed this finding in another tab or window while you were editing it. Your changes have not been saved: "
        "compare them with the finding as it is now, then save again."
    ]
