"""The cost and ownership tags every taggable resource of a wave carries (Security Hub DMS.3-DMS.5)."""

from __future__ import annotations

from dataclasses import dataclass, fields

from ._validation import fail

WAVE_TAG_KEY = "MigrationWave"
_MAX_TAG_VALUE = 256


@dataclass(frozen=True)
class WaveTags:
    """Tags applied to every taggable resource of a wave, beside `MigrationWave: <wave name>`.

    All five are required: they are what cost reports and Security Hub DMS.3-DMS.5 look for.
    """

    application: str
    environment: str
    owner: str
    cost_center: str
    data_classification: str

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, str) or not value.strip() or len(value) > _MAX_TAG_VALUE:
                fail(
                    f"WaveTags.{f.name}",
                    value,
                    f"must be a non-empty string of at most {_MAX_TAG_VALUE} characters",
                    f"give the {f.name.replace('_', ' ')} tag a value",
                )

    def as_dict(self) -> dict[str, str]:
        """The tags as CloudFormation keys: Application, Environment, Owner, CostCenter, DataClassification."""
        return {
            "Application": self.application,
            "Environment": self.environment,
            "Owner": self.owner,
            "CostCenter": self.cost_center,
            "DataClassification": self.data_classification,
        }
