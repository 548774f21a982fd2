"""The account baseline: what exists once per account, before any migration stack."""

from __future__ import annotations

from typing import Any

from aws_cdk import Stack
from constructs import Construct

from dms_constructs import DmsServiceRoles


class AccountBaselineStack(Stack):
    """Creates the account-wide DMS service roles (`dms-vpc-role`, `dms-cloudwatch-logs-role`)."""

    def __init__(self, scope: Construct, id: str, **kwargs: Any) -> None:
        super().__init__(scope, id, **kwargs)
        self.service_roles = DmsServiceRoles(self, "DmsServiceRoles")
