"""The account baseline: what exists once per account, before any migration stack."""

from __future__ import annotations

from typing import Any

from aws_cdk import Stack
from constructs import Construct

from dms_constructs import DmsServiceRoles


class AccountBaselineStack(Stack):
    """Creates the account-wide DMS service roles (`dms-vpc-role`, `dms-cloudwatch-logs-role`), retained
    when the stack is deleted.

    Only for an environment that creates the roles (`ServiceRolesMode.CREATE`): where they exist already
    the stage builds no baseline stack, since a stack without resources is no valid template
    (CloudFormation: "Resources section must exist and be non-empty"; CDK's default validation rules,
    F0001, refuse it at synth).
    """

    def __init__(self, scope: Construct, id: str, **kwargs: Any) -> None:
        super().__init__(scope, id, **kwargs)
        self.service_roles = DmsServiceRoles(self, "DmsServiceRoles")
