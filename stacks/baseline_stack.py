"""The account baseline: what exists once per account, before any migration stack."""

from __future__ import annotations

from typing import Any, Optional

from aws_cdk import Stack
from constructs import Construct

from dms_constructs import DmsServiceRoles

from .config import ServiceRolesMode


class AccountBaselineStack(Stack):
    """Creates the account-wide DMS service roles (`dms-vpc-role`, `dms-cloudwatch-logs-role`), retained
    when the stack is deleted.

    With `service_roles=ServiceRolesMode.IMPORT` the roles exist already and the stack holds nothing for
    them (`service_roles` is None); the CDK CLI skips a stack without resources (and deletes an earlier
    deployment of it, leaving the retained roles in place).

    :param service_roles: Default: `ServiceRolesMode.CREATE`.
    """

    def __init__(
        self, scope: Construct, id: str, *, service_roles: ServiceRolesMode = ServiceRolesMode.CREATE, **kwargs: Any
    ) -> None:
        super().__init__(scope, id, **kwargs)
        self.service_roles: Optional[DmsServiceRoles] = (
            DmsServiceRoles(self, "DmsServiceRoles") if service_roles is ServiceRolesMode.CREATE else None
        )
