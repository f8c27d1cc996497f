"""Recording HMICFRS inspections with their grades."""

import copy

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from authorities.choices import InspectionQuestion
from authorities.models import Inspection, InspectionResult
from peersupport.rules import require
from peersupport.services import record_create, record_update

INSPECTION_FIELDS = ["round_name", "grade_scale", "started_on", "ended_on", "report_published_on", "causes_of_concern"]


@transaction.atomic
def inspection_save(*, by, authority, inspection=None, grades, **fields) -> Inspection:
    """Record an HMICFRS inspection of the authority, or correct one, with its grades:
    `grades` maps questions to grades, and a question left out or blank is not graded.

    LGA administrators and the region's principal adviser only. Refuses a grade that is not
    on the inspection's grade scale (errors keyed by question) and the date rules of
    Inspection.clean. The inspection and its grades are saved together or not at all, each
    change kept in the history under `by`."""
    require("authorities.manage_authority", by, authority)
    if inspection is not None and inspection.authority_id != authority.pk:
        raise PermissionDenied("The inspection is of another authority.")
    if set(fields) - set(INSPECTION_FIELDS):
        raise TypeError(f"An inspection cannot have {', '.join(sorted(set(fields) - set(INSPECTION_FIELDS)))} changed here")
    candidate = copy.copy(inspection) if inspection else Inspection(authority=authority, recorded_by=by)
    for name, value in fields.items():
        setattr(candidate, name, value)
    grades = {question: grade for question, grade in grades.items() if grade}
    errors = {}
    try:
        candidate.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for question, grade in grades.items():
        try:
            InspectionResult(inspection=candidate, question=question, grade=grade).full_clean(exclude=["inspection"])
        except ValidationError as error:
            errors.setdefault(question, []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    results = {result.question: result for result in InspectionResult.objects.filter(inspection=inspection)} if inspection else {}
    changes = [
        (question, results.get(question), grades.get(question))
        for question in InspectionQuestion.values
        if (results[question].grade if question in results else None) != grades.get(question)
    ]
    if inspection is None:
        inspection = record_create(candidate, by=by)
    elif not record_update(inspection, by=by, fields=INSPECTION_FIELDS, data=fields) and changes:
        # The grades are part of the inspection: a change of grades alone is a change of the
        # inspection too, and its history row comes first, for the grades to join it.
        inspection._history_user = by
        inspection.save()
    for question, result, grade in changes:
        if result is None:
            record_create(InspectionResult(inspection=inspection, question=question, grade=grade), by=by)
        elif grade is None:
            result._history_user = by
            result.delete()
        else:
            record_update(result, by=by, fields=["grade"], data={"grade": grade})
    return inspection
