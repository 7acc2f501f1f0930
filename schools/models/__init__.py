"""The school's own rows: the tenant, its people and its configuration.

``school`` holds the tenant and its set-up; ``reference`` the lists of
social networks and mobile providers (Appendices 4 and 5).
"""

from schools.models.reference import (
    PhoneProvider,
    PhoneProviderDefault,
    SocialNetwork,
    SocialNetworkDefault,
)
from schools.models.school import (
    RESERVED_SLUGS,
    TRAINING_DEFAULTS,
    Membership,
    OverallResponsibility,
    ReviewRoute,
    School,
    SchoolClass,
    TrainingRequirement,
    TrainingRule,
    YearGroup,
    training_rules,
    validate_school_slug,
    validate_time_zone,
)

__all__ = [
    "RESERVED_SLUGS",
    "TRAINING_DEFAULTS",
    "Membership",
    "OverallResponsibility",
    "PhoneProvider",
    "PhoneProviderDefault",
    "ReviewRoute",
    "School",
    "SchoolClass",
    "SocialNetwork",
    "SocialNetworkDefault",
    "TrainingRequirement",
    "TrainingRule",
    "YearGroup",
    "training_rules",
    "validate_school_slug",
    "validate_time_zone",
]
