"""The app's tables. Import models from here."""

from attendance_app.models.activities import (
    DEFAULT_DELIVERY_METHODS,
    Activity,
    ActivityMode,
    DeliveryMethod,
    MissedPromptPolicy,
)
from attendance_app.models.certificates import (
    Certificate,
    CertificateFingerprint,
    CertificateVisibility,
    CourseCertificateSettings,
)
from attendance_app.models.claims import ActivityLogEntry, Claim, ClaimSource, LogAction, LogCategory
from attendance_app.models.classroom import (
    AttendanceStatus,
    CheckIn,
    CheckInOutcome,
    ClassroomSettings,
    LowAttendanceWarning,
    Mark,
    MarkAudit,
    MarkSource,
    Registration,
    RegistrationStatus,
    Slot,
)
from attendance_app.models.coaching import CoachAssignment
from attendance_app.models.cycles import CreditRequirement, PeriodKind
from attendance_app.models.external import CallbackOutcome, CallbackReceipt
from attendance_app.models.mirrors import (
    CertificateMirror,
    CohortMembershipMirror,
    CourseAccessRoleMirror,
    EnrollmentMirror,
    GradeSummaryMirror,
    PublishedBlockMirror,
)
from attendance_app.models.presence import (
    Attendance,
    PromptEvidence,
    PromptKind,
    PromptOutcome,
    Segment,
    TimingAccommodation,
)
from attendance_app.models.reports import ReportFile, ReportPreset, ReportStatus
from attendance_app.models.sponsors import SponsorSettings
from attendance_app.models.switches import FeatureSwitch, SwitchScope
from attendance_app.models.units import (
    AUTOMATIC_FREQUENCY,
    ActivityUnitRule,
    CreditIncrement,
    CreditUnit,
    ManagedBy,
    Rounding,
)

__all__ = [
    "AUTOMATIC_FREQUENCY",
    "DEFAULT_DELIVERY_METHODS",
    "Activity",
    "ActivityLogEntry",
    "ActivityMode",
    "ActivityUnitRule",
    "Attendance",
    "AttendanceStatus",
    "CallbackOutcome",
    "CallbackReceipt",
    "Certificate",
    "CertificateFingerprint",
    "CertificateMirror",
    "CertificateVisibility",
    "CheckIn",
    "CheckInOutcome",
    "Claim",
    "ClaimSource",
    "ClassroomSettings",
    "CoachAssignment",
    "CohortMembershipMirror",
    "CourseAccessRoleMirror",
    "CourseCertificateSettings",
    "CreditIncrement",
    "CreditRequirement",
    "CreditUnit",
    "DeliveryMethod",
    "EnrollmentMirror",
    "FeatureSwitch",
    "GradeSummaryMirror",
    "LogAction",
    "LogCategory",
    "LowAttendanceWarning",
    "ManagedBy",
    "Mark",
    "MarkAudit",
    "MarkSource",
    "MissedPromptPolicy",
    "PeriodKind",
    "PromptEvidence",
    "PromptKind",
    "PromptOutcome",
    "PublishedBlockMirror",
    "Registration",
    "RegistrationStatus",
    "ReportFile",
    "ReportPreset",
    "ReportStatus",
    "Rounding",
    "Segment",
    "Slot",
    "SponsorSettings",
    "SwitchScope",
    "TimingAccommodation",
]
