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


class PoliticalGroup(models.TextChoices):
    """Recorded for member peers so that teams are politically balanced."""

    CONSERVATIVE = "conservative", "Conservative"
    LABOUR = "labour", "Labour"
    LIBERAL_DEMOCRAT = "liberal_democrat", "Liberal Democrat"
    GREEN = "green", "Green"
    REFORM_UK = "reform_uk", "Reform UK"
    INDEPENDENT = "independent", "Independent"
    OTHER = "other", "Other"


class ContactRole(models.TextChoices):
    CHIEF_FIRE_OFFICER = "chief_fire_officer", "Chief fire officer"
    AUTHORITY_CHAIR = "authority_chair", "Authority chair"
    IMPROVEMENT_LEAD = "improvement_lead", "Clerk or improvement lead"

    @property
    def slug(self):
        """The role as it stands in a web address."""
        return self.value.replace("_", "-")


class SpecialismGroup(models.TextChoices):
    OPA_AREA = "opa_area", "OpA key assessment areas"
    STRATEGIC_AREA = "strategic_area", "Strategic areas"
    THEME = "theme", "Themes"


class GradeScale(models.TextChoices):
    FOUR_GRADE = "four_grade", "Four grades (rounds before 2023)"
    FIVE_GRADE = "five_grade", "Five grades (from 2023)"


class InspectionGrade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    ADEQUATE = "adequate", "Adequate"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


# "Adequate" exists only on the five-grade scale used since 2023.
GRADES_BY_SCALE = {
    GradeScale.FOUR_GRADE: [
        InspectionGrade.OUTSTANDING,
        InspectionGrade.GOOD,
        InspectionGrade.REQUIRES_IMPROVEMENT,
        InspectionGrade.INADEQUATE,
    ],
    GradeScale.FIVE_GRADE: list(InspectionGrade),
}

GRADE_TAG_COLOURS = {
    InspectionGrade.OUTSTANDING: "green",
    InspectionGrade.GOOD: "turquoise",
    InspectionGrade.ADEQUATE: "yellow",
    InspectionGrade.REQUIRES_IMPROVEMENT: "orange",
    InspectionGrade.INADEQUATE: "red",
}


class InspectionQuestion(models.TextChoices):
    """HMICFRS's 11 graded questions, across the pillars effectiveness, efficiency and people."""

    UNDERSTANDING_RISK = "understanding_risk", "Understanding risk"
    PREVENTING_FIRES = "preventing_fires", "Preventing fires and other risks"
    PROTECTING_THE_PUBLIC = "protecting_the_public", "Protecting the public through fire regulation"
    RESPONDING_TO_FIRES = "responding_to_fires", "Responding to fires and other emergencies"
    MAJOR_INCIDENTS = "major_incidents", "Responding to major and multi-agency incidents"
    BEST_USE_OF_RESOURCES = "best_use_of_resources", "Making best use of resources"
    AFFORDABLE = "affordable", "Making the service affordable now and in future"
    VALUES_AND_CULTURE = "values_and_culture", "Promoting the right values and culture"
    RIGHT_PEOPLE = "right_people", "Getting the right people with the right skills"
    FAIRNESS_AND_DIVERSITY = "fairness_and_diversity", "Ensuring fairness and promoting diversity"
    PERFORMANCE_AND_LEADERS = "performance_and_leaders", "Managing performance and developing leaders"
