"""The DMS rule table and the checks behind it, as plain Python over resolved CloudFormation.

Each check returns COMPLIANT, NON_COMPLIANT or NOT_APPLICABLE. A value CDK could not resolve at synth
(a parameter, an import, an attribute of another resource) makes the check NOT_APPLICABLE: an
unresolved token never produces a finding.
"""

from __future__ import annotations

# Every name of the former module, so that `from dms_constructs.checks import rules` (and `rules.X`) keeps working.
from ._model import (
    C as C,
    CERTIFICATE as CERTIFICATE,
    ENDPOINT as ENDPOINT,
    EVENT_SUBSCRIPTION as EVENT_SUBSCRIPTION,
    IAM_MANAGED_POLICY as IAM_MANAGED_POLICY,
    IAM_POLICY as IAM_POLICY,
    IAM_ROLE as IAM_ROLE,
    NA as NA,
    NC as NC,
    Options as Options,
    Outcome as Outcome,
    PACK_NAME as PACK_NAME,
    REPLICATION_CONFIG as REPLICATION_CONFIG,
    REPLICATION_INSTANCE as REPLICATION_INSTANCE,
    REPLICATION_SUBNET_GROUP as REPLICATION_SUBNET_GROUP,
    REPLICATION_TASK as REPLICATION_TASK,
    Rule as Rule,
    VPC_ROLE_NAME as VPC_ROLE_NAME,
    _TAG_RULE_IDS as _TAG_RULE_IDS,
    _id as _id,
)
from .instances import (
    _after_vpc_role as _after_vpc_role,
    _auto_minor_upgrade as _auto_minor_upgrade,
    _customer_managed_key as _customer_managed_key,
    _multi_az as _multi_az,
    _not_public as _not_public,
    _reachable as _reachable,
    _tagged as _tagged,
    vpc_role_ids as vpc_role_ids,
)
from .task_logging import (
    LOG_SEVERITIES_AT_LEAST_DEFAULT as LOG_SEVERITIES_AT_LEAST_DEFAULT,
    SOURCE_LOG_COMPONENTS as SOURCE_LOG_COMPONENTS,
    TARGET_LOG_COMPONENTS as TARGET_LOG_COMPONENTS,
    _source_logging as _source_logging,
    _target_logging as _target_logging,
    _task_settings as _task_settings,
    logging_outcome as logging_outcome,
)
from .endpoints import (
    SECRETS_SETTINGS_BY_ENGINE as SECRETS_SETTINGS_BY_ENGINE,
    SSL_MODES_BY_ENGINE as SSL_MODES_BY_ENGINE,
    WALLET_ENGINES as WALLET_ENGINES,
    _DYNAMIC_SECRET_REFERENCES as _DYNAMIC_SECRET_REFERENCES,
    _engine as _engine,
    _is_pem_only_certificate as _is_pem_only_certificate,
    _mongodb_auth as _mongodb_auth,
    _neptune_iam as _neptune_iam,
    _no_plaintext_password as _no_plaintext_password,
    _password_values as _password_values,
    _redis_tls as _redis_tls,
    _secrets_manager as _secrets_manager,
    _ssl as _ssl,
    is_plaintext_secret as is_plaintext_secret,
)
from .iam import (
    GET_SECRET_VALUE as GET_SECRET_VALUE,
    _GLOBAL_DMS as _GLOBAL_DMS,
    _REGIONAL_DMS as _REGIONAL_DMS,
    _attached_to as _attached_to,
    _regional_principal as _regional_principal,
    _statements_grant as _statements_grant,
    classify_service_principal as classify_service_principal,
    dms_service_principals as dms_service_principals,
    role_grants as role_grants,
)
from .table import (
    MULTI_AZ_RULE_ID as MULTI_AZ_RULE_ID,
    RULES as RULES,
    RULES_BY_TYPE as RULES_BY_TYPE,
    rule as rule,
    rules_markdown as rules_markdown,
)
from .._values import (
    INVALID as INVALID,
    MISSING as MISSING,
    UNKNOWN as UNKNOWN,
    action_matches as action_matches,
    as_bool as as_bool,
    as_list as as_list,
    as_str as as_str,
    contains_text as contains_text,
    get as get,
    is_intrinsic as is_intrinsic,
    is_unresolved as is_unresolved,
    join_to_text as join_to_text,
    json_document as json_document,
)
from .._view import Resource as Resource, StackView as StackView
