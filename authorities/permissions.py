"""Predicates for what a user may do with an authority, used to show or hide actions. The
views enforce the same rules by scoping their querysets with the selectors
(authorities_correctable_by, authorities_managed_by); a test checks that the two agree."""


def can_correct_authority(user) -> bool:
    """Correct the register record: LGA administrators."""
    return user.is_authenticated and user.is_lga_admin


def can_manage_authority(user, authority) -> bool:
    """Record contacts and inspections: LGA administrators and the region's principal adviser."""
    return user.is_authenticated and (
        user.is_lga_admin or (user.is_principal_adviser and user.region == authority.region)
    )
