"""Who may write what, checked by every service."""

from django.core.exceptions import PermissionDenied

from authorities.selectors.authority import authorities_managed_by


def require_lga_staff(user):
    if not (user.is_authenticated and user.is_lga_staff):
        raise PermissionDenied("Only LGA staff can change this.")


def require_self_or_lga_staff(user, peer):
    if not (user.is_authenticated and (user.is_lga_staff or (user.is_peer and peer.user_id == user.pk))):
        raise PermissionDenied("You can change only your own record.")


def require_lga_admin(user):
    if not (user.is_authenticated and user.is_lga_admin):
        raise PermissionDenied("Only LGA administrators can correct the register.")


def require_manager(user, authority):
    if not authorities_managed_by(user=user).filter(pk=authority.pk).exists():
        raise PermissionDenied("Only LGA administrators and the region's principal adviser can change this.")
