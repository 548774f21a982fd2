"""DMS best-practice checks at synth: the AWS Security Hub DMS controls and a few more, as a cdk-nag v3 pack.

    from aws_cdk import Validations
    from dms_constructs.checks import DmsChecks

    Validations.of(app).add_plugins(DmsChecks(app, required_tag_keys=["Owner"]))

See docs/RULES.md for every rule, what it checks and the fix.
"""

from .pack import DmsChecks
from .rules import MULTI_AZ_RULE_ID, PACK_NAME, RULES, Rule, rules_markdown

__all__ = ["DmsChecks", "MULTI_AZ_RULE_ID", "PACK_NAME", "RULES", "Rule", "rules_markdown"]
