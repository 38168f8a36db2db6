"""Part A's models, by stage. Django looks for an app's models in ``models.py``: each stage
keeps its own (``registration/``, ``hearing/``, ``decision/``) and this module imports them
all, so the app label stays ``competition`` and the tables and migrations stay as they are."""

from cadrex.competition.decision.models import (
    VETTING_METHODS,
    Adjustment,
    AdjustmentKind,
    Appointment,
    AppointmentStatus,
    BallotMode,
    BallotPaper,
    BallotRound,
    BallotStatus,
    BallotVoter,
    Probation,
    ProbationOutcome,
    Talk,
    VettingCandidate,
    VettingOpinion,
)
from cadrex.competition.hearing.models import (
    ChainEntry,
    Hearing,
    HearingContestant,
    HearingStatus,
    Juror,
    Jury,
    Recusal,
    Score,
    ScoringState,
    TieBreak,
)
from cadrex.competition.registration.models import (
    ENDED,
    REACHED_OFFICE,
    Application,
    ApplicationStatus,
    DailyCount,
    DeclarationStatus,
    Opening,
    OpeningDeclaration,
    OpeningStatus,
)

__all__ = [
    # registration (A1–A7)
    "DeclarationStatus",
    "OpeningDeclaration",
    "OpeningStatus",
    "Opening",
    "ApplicationStatus",
    "ENDED",
    "REACHED_OFFICE",
    "Application",
    "DailyCount",
    # hearing (A8)
    "HearingStatus",
    "Hearing",
    "ScoringState",
    "HearingContestant",
    "Jury",
    "Juror",
    "Recusal",
    "Score",
    "TieBreak",
    "ChainEntry",
    # decision (A9–A12, C4)
    "VettingOpinion",
    "VettingCandidate",
    "VETTING_METHODS",
    "BallotMode",
    "BallotStatus",
    "BallotRound",
    "BallotPaper",
    "BallotVoter",
    "AppointmentStatus",
    "Appointment",
    "ProbationOutcome",
    "Probation",
    "AdjustmentKind",
    "Adjustment",
    "Talk",
]
