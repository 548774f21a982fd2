"""A hash of CloudFormation resources' properties as synthesized, for custom resources that must update
exactly when those resources do (the pause before an update, the connection test of an endpoint)."""

from __future__ import annotations

import hashlib
import json

import jsii
from aws_cdk import CfnResource, IResolveContext, IStringProducer, Lazy, Stack


@jsii.implements(IStringProducer)
class _Fingerprint:
    """A hash of resources' properties as synthesized (tags included; raw property overrides are not
    seen), computed when the template is written."""

    def __init__(self, *resources: CfnResource) -> None:
        self._resources = resources

    def produce(self, context: IResolveContext) -> str:
        stack = Stack.of(self._resources[0])
        document = [stack.resolve(resource._cfn_properties) for resource in self._resources]
        return hashlib.sha256(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest()


def fingerprint(*resources: CfnResource) -> str:
    """A token for the SHA-256 of `resources`' synthesized properties, resolved at synth."""
    return Lazy.uncached_string(_Fingerprint(*resources))
