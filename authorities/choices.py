from django.db import models


class Region(models.TextChoices):
    """The nine English regions, each with one or more LGA principal advisers."""

    NORTH_EAST = "north_east", "North East"
    NORTH_WEST = "north_west", "North West"
    YORKSHIRE_AND_THE_HUMBER = "yorkshire_and_the_humber", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east_midlands", "East Midlands"
    WEST_MIDLANDS = "west_midlands", "West Midlands"
    EAST_OF_ENGLAND = "east_of_england", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south_east", "South East"
    SOUTH_WEST = "south_west", "South West"


class Governance(models.TextChoices):
    COMBINED_FIRE_AUTHORITY = "combined_fire_authority", "Combined fire authority"
    COUNTY_COUNCIL = "county_council", "County council"
    METROPOLITAN = "metropolitan", "Metropolitan fire and rescue authority"
    PFCC = "pfcc", "Police, fire and crime commissioner"
    MAYORAL_COMBINED_AUTHORITY = "mayoral_combined_authority", "Mayoral combined authority"
    LONDON_FIRE_COMMISSIONER = "london_fire_commissioner", "London Fire Commissioner"


class AuthorityStatus(models.TextChoices):
    CURRENT = "current", "Current"
    ABOLISHED = "abolished", "Abolished"


class Role(models.TextChoices):
    LGA_ADMIN = "lga_admin", "LGA administrator"
    PRINCIPAL_ADVISER = "principal_adviser", "Principal adviser"
    PEER = "peer", "Peer"
    FRA_CONTACT = "fra_contact", "Fire and rescue authority contact"


class PeerType(models.TextChoices):
    OFFICER = "officer", "Officer peer"
    MEMBER = "member", "Member peer"
    BEYOND_SECTOR = "beyond_sector", "Peer from beyond the sector"
    CHALLENGE_MANAGER = "challenge_manager", "LGA challenge manager"
