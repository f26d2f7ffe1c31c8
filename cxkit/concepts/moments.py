"""Moments of truth: a customer journey as typed steps, and what removing the needless ones does.

Pure model; no widget imports. Each step is a moment where the customer judges
the firm. Steps that do not serve the Successful Customer Outcome (SCO) are
candidates for removal; the rest are improved from misery towards magic.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

import pandas as pd


class InteractionType(str, Enum):
    """Who meets whom at a moment of truth."""

    PERSON_PERSON = "person-person"
    PERSON_SYSTEM = "person-system"
    SYSTEM_PERSON = "system-person"
    SYSTEM_SYSTEM = "system-system"
    PERSON_PRODUCT = "person-product"
    PRODUCT_PERSON = "product-person"

    @property
    def label(self) -> str:
        """Readable label, e.g. 'person → system'."""
        a, b = self.value.split("-")
        return f"{a} → {b}"


class Feeling(str, Enum):
    """How the moment feels to the customer."""

    MISERY = "misery"
    NEUTRAL = "neutral"
    MAGIC = "magic"


@dataclass(frozen=True)
class MomentOfTruth:
    """One step of the journey where the customer judges the firm."""

    step: str
    kind: InteractionType = InteractionType.PERSON_PERSON
    serves_sco: bool = True
    feeling: Feeling = Feeling.NEUTRAL

    def to_record(self) -> dict:
        """Plain JSON record (the step text exactly as typed)."""
        return {
            "step": self.step,
            "kind": self.kind.value,
            "serves_sco": self.serves_sco,
            "feeling": self.feeling.value,
        }

    @classmethod
    def from_record(cls, rec: object) -> MomentOfTruth:
        """Build from a record; a clear ValueError names the bad field."""
        if isinstance(rec, str):
            return cls(rec)
        if not isinstance(rec, dict):
            raise ValueError(
                f"A moment of truth must be a set of fields, not {type(rec).__name__}."
            )
        step = rec.get("step", "")
        if not isinstance(step, str):
            raise ValueError("A moment of truth's 'step' must be text.")
        try:
            kind = InteractionType(rec.get("kind", InteractionType.PERSON_PERSON.value))
        except ValueError:
            allowed = ", ".join(t.value for t in InteractionType)
            raise ValueError(
                f"Moment {step[:40]!r}: kind {rec.get('kind')!r} is not one of {allowed}."
            ) from None
        try:
            feeling = Feeling(rec.get("feeling", Feeling.NEUTRAL.value))
        except ValueError:
            raise ValueError(
                f"Moment {step[:40]!r}: feeling {rec.get('feeling')!r} must be misery, neutral or magic."
            ) from None
        return cls(step, kind, bool(rec.get("serves_sco", True)), feeling)


@dataclass(frozen=True)
class Journey:
    """A customer journey: the moments of truth in order."""

    name: str
    moments: tuple[MomentOfTruth, ...] = ()

    # -- editing (each returns a new journey, so an undo is just the old value) --
    def add(self, moment: MomentOfTruth, at: int | None = None) -> Journey:
        """A journey with the moment inserted at position `at` (default: the end)."""
        ms = list(self.moments)
        ms.insert(len(ms) if at is None else at, moment)
        return replace(self, moments=tuple(ms))

    def remove(self, index: int) -> Journey:
        """A journey without the moment at index."""
        self._check_index(index)
        return replace(self, moments=self.moments[:index] + self.moments[index + 1 :])

    def move(self, index: int, to: int) -> Journey:
        """A journey with the moment at index moved to position `to`."""
        self._check_index(index)
        ms = list(self.moments)
        m = ms.pop(index)
        ms.insert(max(0, min(to, len(ms))), m)
        return replace(self, moments=tuple(ms))

    def update(self, index: int, **changes: object) -> Journey:
        """A journey with some fields of one moment changed."""
        self._check_index(index)
        ms = list(self.moments)
        ms[index] = replace(ms[index], **changes)
        return replace(self, moments=tuple(ms))

    def _check_index(self, index: int) -> None:
        if not 0 <= index < len(self.moments):
            raise IndexError(
                f"There is no step {index + 1}; the journey has {len(self.moments)} steps."
            )

    # -- counting ------------------------------------------------------------
    def counts_by_type(self) -> dict[str, int]:
        """How many moments of each interaction type (every type listed, zeros included)."""
        out = {t.value: 0 for t in InteractionType}
        for m in self.moments:
            out[m.kind.value] += 1
        return out

    def counts_by_feeling(self) -> dict[str, int]:
        """How many moments of misery, neutral and magic."""
        out = {f.value: 0 for f in Feeling}
        for m in self.moments:
            out[m.feeling.value] += 1
        return out

    def removable(self) -> list[MomentOfTruth]:
        """The moments that do not serve the SCO: candidates to remove."""
        return [m for m in self.moments if not m.serves_sco]

    def removable_share(self) -> float:
        """The share of moments that could be removed (0 for an empty journey)."""
        return len(self.removable()) / len(self.moments) if self.moments else 0.0

    def after_removal(self) -> Journey:
        """The journey once every moment that does not serve the SCO is gone."""
        return replace(
            self,
            name=f"{self.name} (after)",
            moments=tuple(m for m in self.moments if m.serves_sco),
        )

    def table(self) -> pd.DataFrame:
        """One row per moment: step, type, serves SCO, feeling."""
        return pd.DataFrame(
            [
                {
                    "step": i + 1,
                    "moment": m.step,
                    "type": m.kind.label,
                    "serves SCO": "yes" if m.serves_sco else "no",
                    "feeling": m.feeling.value,
                }
                for i, m in enumerate(self.moments)
            ],
            columns=["step", "moment", "type", "serves SCO", "feeling"],
        )

    def to_record(self) -> dict:
        """Plain JSON record."""
        return {"name": self.name, "moments": [m.to_record() for m in self.moments]}

    @classmethod
    def from_record(cls, rec: object) -> Journey:
        """Build from a record saved with to_record."""
        if not isinstance(rec, dict):
            raise ValueError("A journey must be a set of fields with 'name' and 'moments'.")
        moments = rec.get("moments", [])
        if not isinstance(moments, list):
            raise ValueError("A journey's 'moments' must be a list.")
        return cls(str(rec.get("name", "")), tuple(MomentOfTruth.from_record(m) for m in moments))


def before_after(journey: Journey) -> pd.DataFrame:
    """Counts before and after removing what does not serve the SCO: total, per feeling, per type."""
    after = journey.after_removal()
    rows = {"all moments": (len(journey.moments), len(after.moments))}
    for f in Feeling:
        rows[f"moments of {f.value}"] = (
            journey.counts_by_feeling()[f.value],
            after.counts_by_feeling()[f.value],
        )
    for t in InteractionType:
        rows[t.label] = (journey.counts_by_type()[t.value], after.counts_by_type()[t.value])
    df = pd.DataFrame.from_dict(rows, orient="index", columns=["before", "after"])
    df["removed"] = df["before"] - df["after"]
    return df


def kestrel_motor_claim() -> Journey:
    """Kestrel Mutual's motor claim today, as the customer lives it ('getting back on the road')."""
    T = InteractionType
    F = Feeling
    steps = [
        ("Car won't start after the crash; I look for the policy number", T.PERSON_PRODUCT, True, F.MISERY),
        ("Call the claims line and wait in the queue", T.PERSON_SYSTEM, False, F.MISERY),
        ("Tell the accident story to the first agent", T.PERSON_PERSON, True, F.NEUTRAL),
        ("Transferred; tell the story again to a second agent", T.PERSON_PERSON, False, F.MISERY),
        ("Letter asks me to post a claim form already given on the phone", T.SYSTEM_PERSON, False, F.MISERY),
        ("Claim data re-keyed between the claims and repair systems", T.SYSTEM_SYSTEM, False, F.NEUTRAL),
        ("Call to chase: where is my hire car?", T.PERSON_PERSON, False, F.MISERY),
        ("Hire car delivered to my door", T.PERSON_PERSON, True, F.MAGIC),
        ("Text with the garage's repair date", T.SYSTEM_PERSON, True, F.MAGIC),
        ("Call to chase: the repair date slipped", T.PERSON_PERSON, False, F.MISERY),
        ("Collect the repaired car and drive away", T.PERSON_PRODUCT, True, F.MAGIC),
        ("Satisfaction survey asks about the call-handler's politeness", T.SYSTEM_PERSON, False, F.NEUTRAL),
    ]  # fmt: skip
    return Journey(
        "Motor claim: getting back on the road",
        tuple(MomentOfTruth(s, k, sv, f) for s, k, sv, f in steps),
    )
