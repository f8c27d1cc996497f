from authorities.models.authority import Authority, AuthorityContact
from authorities.models.inspection import Inspection, InspectionResult
from authorities.models.peer import Peer, PeerTag, Specialism
from authorities.models.training import TrainingRecord
from authorities.models.unavailability import Unavailability
from authorities.models.user import User, UserManager

__all__ = [
    "Authority", "AuthorityContact", "Inspection", "InspectionResult", "Peer", "PeerTag", "Specialism",
    "TrainingRecord", "Unavailability", "User", "UserManager",
]
