"""Recording HMICFRS inspections with their grades."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from authorities.choices import InspectionQuestion
from authorities.models import (
    Inspection,
    InspectionResult,
)
from authorities.services.guards import require_manager
from peersupport.services import save_with_history


@transaction.atomic
def inspection_save(*, by, authority, inspection=None, grades, **fields) -> Inspection:
    """Record an HMICFRS inspection of the authority, or correct one, with its grades:
    `grades` maps questions to grades, and a question left out or blank is not graded.

    LGA administrators and the region's principal adviser only. Refuses a grade that is not
    on the inspection's grade scale (errors keyed by question) and the date rules of
    Inspection.clean. The inspection and its grades are saved together or not at all, each
    change kept in the history under `by`."""
    require_manager(by, authority)
    inspection = inspection or Inspection(authority=authority, recorded_by=by)
    if inspection.authority_id != authority.pk:
        raise PermissionDenied("The inspection is of another authority.")
    for name, value in fields.items():
        setattr(inspection, name, value)
    grades = {question: grade for question, grade in grades.items() if grade}
    errors = {}
    try:
        inspection.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for question, grade in grades.items():
        try:
            InspectionResult(inspection=inspection, question=question, grade=grade).full_clean(exclude=["inspection"])
        except ValidationError as error:
            errors.setdefault(question, []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    save_with_history(inspection, by=by)
    results = {result.question: result for result in InspectionResult.objects.filter(inspection=inspection)}
    for question in InspectionQuestion.values:
        result, grade = results.get(question), grades.get(question)
        if result and not grade:
            result._history_user = by
            result.delete()
        elif grade and (result is None or result.grade != grade):
            result = result or InspectionResult(inspection=inspection, question=question)
            result.grade = grade
            save_with_history(result, by=by)
    return inspection
