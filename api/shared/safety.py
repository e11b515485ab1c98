"""What the safety API views share: a case as the queue and its detail show it."""

from community.safety.models import Case
from community.safety.selectors import report_reasons


def present_cases(cases: list[Case]) -> list[Case]:
    """Sets what the serializers read: the thing's visibility now, and reports by reason."""
    reasons = report_reasons(case_ids=[case.pk for case in cases]) if cases else {}
    for case in cases:
        described = getattr(case, "described", None)
        case.visibility = described.visibility if described is not None else None
        case.removed = described is None or described.removed
        case.reasons = [
            {"reason": reason, "count": count} for reason, count in reasons.get(case.pk, {}).items()
        ]
    return cases
