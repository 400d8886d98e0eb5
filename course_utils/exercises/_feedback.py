"""How every exercise checker answers: PASS or FAIL with the reason, or 'not attempted yet'.

Checkers never raise into a learner's face for a wrong answer: they print and return a bool.
The placeholder a learner replaces is ``...`` (Ellipsis).
"""
from __future__ import annotations

NOT_ATTEMPTED = "not attempted yet"


def untouched(answer) -> bool:
    """True while the learner has not replaced the ``...`` placeholder."""
    return answer is Ellipsis or answer is None


def report(exercise: str, ok: bool, reason: str) -> bool:
    print(f"{'PASS' if ok else 'FAIL'}: {exercise}: {reason}")
    return bool(ok)


def not_attempted(exercise: str, hint: str = "replace the ... with your answer and run the cell again") -> bool:
    print(f"{exercise}: {NOT_ATTEMPTED} ({hint})")
    return False
