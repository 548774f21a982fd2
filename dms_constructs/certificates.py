"""CA certificates for endpoints that verify the database's server certificate (`verify-ca`, `verify-full`)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Optional

from aws_cdk import aws_dms as dms
from constructs import Construct

from ._validation import fail, identifier_from, is_token

_BEGIN = "-----BEGIN CERTIFICATE-----"
_END = "-----END CERTIFICATE-----"
_PRIVATE_KEY = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")
_CERTIFICATE_ARN = re.compile(r"^arn:[a-z-]+:dms:[a-z0-9-]+:\d{12}:cert:[A-Za-z0-9-]+$")


class EndpointCertificate:
    """The CA bundle (root and intermediate certificates, PEM) that signed the database's server certificate.

    From PEM text or a file, the library creates one `AWS::DMS::Certificate` per endpoint; its identifier
    carries a hash of the PEM, so a new bundle deploys as a new certificate rather than colliding with the
    old one. For Amazon RDS and Aurora use the RDS bundle, e.g.
    https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem (or the regional bundle).

    `AWS::DMS::Certificate` takes no tags in CloudFormation, so Security Hub DMS.2 can only be met by
    tagging the certificate after deployment.
    """

    def __init__(self, *, pem: Optional[str] = None, arn: Optional[str] = None, source: str) -> None:
        self._pem = pem
        self._arn = arn
        self._source = source

    @staticmethod
    def from_pem_string(pem: str) -> "EndpointCertificate":
        """A CA bundle given as PEM text (one or more `-----BEGIN CERTIFICATE-----` blocks)."""
        return EndpointCertificate(pem=_check_pem("EndpointCertificate.from_pem_string", pem), source="pem")

    @staticmethod
    def from_pem_file(path: str) -> "EndpointCertificate":
        """A CA bundle read from a PEM file at synth time (e.g. the RDS `global-bundle.pem`)."""
        field = "EndpointCertificate.from_pem_file"
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            fail(field, str(path), f"cannot be read ({err.__class__.__name__})", "give the path of a readable PEM file")
        return EndpointCertificate(pem=_check_pem(field, text), source=str(path))

    @staticmethod
    def from_arn(arn: str) -> "EndpointCertificate":
        """An `AWS::DMS::Certificate` that already exists, by ARN (`arn:<partition>:dms:<region>:<account>:cert:<id>`)."""
        if not is_token(arn) and not _CERTIFICATE_ARN.match(arn or ""):
            fail(
                "EndpointCertificate.from_arn",
                arn,
                "is not a DMS certificate ARN",
                "use the form arn:aws:dms:<region>:<account>:cert:<id>",
            )
        return EndpointCertificate(arn=arn, source="arn")

    @property
    def pem(self) -> Optional[str]:
        """The PEM text, or None for a certificate referenced by ARN."""
        return self._pem

    def _bind(self, scope: Construct, *, identifier: str) -> str:
        """The certificate ARN for an endpoint whose DMS identifier is `identifier`; creates the
        `AWS::DMS::Certificate` under `scope` (id `Certificate`) when the PEM was given."""
        if self._arn is not None:
            return self._arn
        assert self._pem is not None
        digest = hashlib.sha256(self._pem.encode("utf-8")).hexdigest()[:8]
        certificate_identifier = identifier_from(
            "EndpointCertificate identifier", identifier, "ca", digest, max_length=255
        )
        resource = dms.CfnCertificate(
            scope,
            "Certificate",
            certificate_identifier=certificate_identifier,
            certificate_pem=self._pem,
        )
        return resource.ref


def _check_pem(field: str, pem: str) -> str:
    """PEM text that holds at least one certificate and no private key."""
    text = pem.strip() if isinstance(pem, str) else ""
    if _BEGIN not in text or _END not in text or text.index(_BEGIN) > text.rindex(_END):
        shown = text[:40] + ("..." if len(text) > 40 else "")
        fail(
            field,
            shown,
            "is not a PEM certificate bundle",
            f"give the CA certificate(s) in PEM form, from {_BEGIN} to {_END}",
        )
    if _PRIVATE_KEY.search(text):
        fail(
            field,
            "<PEM with a private key>",
            "contains a private key, which must never go into a template",
            "give only the CA certificate(s); DMS needs no private key to verify a server",
        )
    return text + "\n"
