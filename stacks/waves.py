"""The migration waves of the reference app. Add a wave by adding a function to WAVES."""

from __future__ import annotations

from typing import Callable

from constructs import Construct

from dms_constructs import (
    IDmsServiceRoles,
    MigrationNetwork,
    MigrationWave,
    ReplicationInstanceCapacity,
    Notifications,
    WaveTags,
)

from .config import EnvironmentConfig


def wave_props(config: EnvironmentConfig, network: MigrationNetwork, roles: IDmsServiceRoles, application: str, data_classification: str) -> dict:
    """Props every wave of an environment shares, derived from its config."""
    return dict(
        identifier_prefix=config.name,
        network=network,
        service_roles=roles,
        capacity=ReplicationInstanceCapacity(
            instance_class=config.instance_class,
            allocated_storage_gib=config.allocated_storage_gib,
            multi_az=config.multi_az,
            single_az_reason=config.single_az_reason,
        ),
        removal_policy=config.removal_policy,
        log_retention=config.log_retention,
        alarms=config.alarms,
        notifications=Notifications(email_addresses=config.alarm_emails),
        tags=WaveTags(
            application=application,
            environment=config.name,
            owner=config.owner,
            cost_center=config.cost_center,
            data_classification=data_classification,
        ),
    )


def orders_wave(scope: Construct, config: EnvironmentConfig, network: MigrationNetwork, roles: IDmsServiceRoles) -> MigrationWave:
    """The orders database: on-premises MySQL to Aurora MySQL."""
    return MigrationWave(scope, "Orders", name="orders", **wave_props(config, network, roles, "orders", "confidential"))


WaveBuilder = Callable[[Construct, EnvironmentConfig, MigrationNetwork, IDmsServiceRoles], MigrationWave]

WAVES: list[WaveBuilder] = [orders_wave]
