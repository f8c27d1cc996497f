"""Who may see and change authorities and the peer pool: one rule each, registered as the
permissions that views check, templates ask and selectors scope querysets by (see
peersupport/rules.py). The peer pool is personal data: for LGA staff and the peer alone."""

from django.db.models import Q

from authorities.choices import AuthorityStatus, Role
from peersupport.rules import add_perm, record_rule, user_rule


def _has_role(role):
    return user_rule(lambda user: user.is_authenticated and user.role == role, f"is_{role}")


# Who the user is

is_lga_admin = _has_role(Role.LGA_ADMIN)
is_principal_adviser = _has_role(Role.PRINCIPAL_ADVISER)
is_peer = _has_role(Role.PEER)
is_fra_contact = _has_role(Role.FRA_CONTACT)
is_lga_staff = is_lga_admin | is_principal_adviser


# The user and an authority


@record_rule(scope=lambda user: Q(region=user.region) if is_principal_adviser(user) else False)
def is_region_adviser(user, authority) -> bool:
    """The principal adviser for the authority's region."""
    return is_principal_adviser(user) and authority is not None and authority.region == user.region


@record_rule(scope=lambda user: Q(pk=user.authority_id) if is_fra_contact(user) else False)
def is_authority_contact(user, authority) -> bool:
    """A contact at the authority itself."""
    return is_fra_contact(user) and authority is not None and authority.pk == user.authority_id


@record_rule(scope=lambda user: Q(status=AuthorityStatus.CURRENT))
def is_current_authority(user, authority) -> bool:
    """The authority exists today, rather than having been merged into a successor."""
    return authority is not None and authority.status == AuthorityStatus.CURRENT


# The user and a peer


@record_rule(scope=lambda user: Q(user_id=user.pk) if is_peer(user) else False)
def is_the_peer(user, peer) -> bool:
    """The peer themself, signed in."""
    return is_peer(user) and peer is not None and peer.user_id == user.pk


can_view_authority = is_lga_staff | is_authority_contact
can_manage_authority = is_lga_admin | is_region_adviser
can_view_peer = is_lga_staff | is_the_peer

# The register: LGA staff list it and see every authority, an FRA contact their own; LGA
# administrators correct it; the region's adviser also keeps contacts and inspections.
add_perm("authorities.view_register", is_lga_staff, refusal="Only LGA staff can see the register.")
add_perm("authorities.see_authority", can_view_authority, refusal="You cannot see this authority.")
add_perm("authorities.correct_authority", is_lga_admin, refusal="Only LGA administrators can correct the register.")
add_perm(
    "authorities.manage_authority", can_manage_authority,
    refusal="Only LGA administrators and the region's principal adviser can change this.",
)

# The peer pool: LGA staff search, add, correct, import, export and keep training; a peer
# sees their own record and keeps their contact details, specialisms and dates away.
add_perm("authorities.view_peer_pool", is_lga_staff, refusal="Only LGA staff can see the peer pool.")
add_perm("authorities.keep_peer_pool", is_lga_staff, refusal="Only LGA staff can change this.")
add_perm("authorities.see_peer", can_view_peer, refusal="You can see only your own record.")
add_perm("authorities.view_own_record", is_peer, refusal="Only peers have a record in the pool.")
add_perm("authorities.change_peer_details", can_view_peer, refusal="You can change only your own record.")
add_perm("peersupport.see_outbox", is_lga_staff, refusal="Only LGA staff can see the outbox.")
