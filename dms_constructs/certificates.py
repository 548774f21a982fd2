"""Certificates for endpoints that verify the database's server certificate (`verify-ca`, `verify-full`):
a CA bundle in PEM form, an Oracle wallet, or an `AWS::DMS::Certificate` that exists already."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Optional

from aws_cdk import aws_dms as dms
from constructs import Construct

from ._validation import fail, is_token
from .facts import ORACLE_WALLET, PEM
from .naming import IdentifierRegistry

_BEGIN = "-----BEGIN CERTIFICATE-----"
_END = "-----END CERTIFICATE-----"
_PRIVATE_KEY = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")
_CERTIFICATE_ARN = re.compile(r"^arn:[a-z-]+:dms:[a-z0-9-]+:\d{12}:cert:[A-Za-z0-9-]+$")

# `EndpointCertificate.kind` of a CA bundle in PEM form (`CertificatePem`), and of an Oracle wallet
# (`CertificateWallet`): the facts table names what each engine verifies against.
EXISTING = "existing"
"""`EndpointCertificate.kind` of a certificate referenced by ARN (its format is not known here)."""

# How to make the wallet DMS needs for Oracle SSL: the DMS User Guide, "Using SSL with AWS Database
# Migration Service", section "SSL support for an Oracle endpoint" (an auto-login wallet holding the CA
# certificate as a trusted certificate; DMS takes the binary `cwallet.sso` as it is).
ORAPKI_STEPS = (
    "orapki wallet create -wallet <dir> -auto_login_only; "
    "orapki wallet add -wallet <dir> -trusted_cert -cert <ca>.pem -auto_login_only"
)


class EndpointCertificate:
    """What DMS verifies the database's server certificate against.

    - a CA bundle (root and intermediate certificates, PEM) for every engine but Oracle:
      `from_pem_string` / `from_pem_file`; for Amazon RDS and Aurora use the RDS bundle, e.g.
      https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem (or the regional bundle);
    - an Oracle wallet (`cwallet.sso`) for Oracle endpoints: `from_oracle_wallet_file` (DMS takes only
      wallets for Oracle SSL; a PEM bundle fails when the endpoint connects);
    - an `AWS::DMS::Certificate` that exists already, for any engine: `from_certificate_arn`.

    From a PEM or a wallet the library creates one `AWS::DMS::Certificate` per endpoint; its identifier
    carries a hash of the content, so a new bundle or wallet deploys as a new certificate rather than
    colliding with the old one (the certificate's properties are create-only).

    `AWS::DMS::Certificate` takes no tags in CloudFormation, so Security Hub DMS.2 can only be met by
    tagging the certificate after deployment.

    Build one with the factory methods; the constructor is their common implementation.

    :param pem: the CA bundle as PEM text. Default: none.
    :param wallet: the Oracle wallet's bytes. Default: none.
    :param arn: an existing `AWS::DMS::Certificate`'s ARN. Default: none.
    :param source: where the content came from, for messages.
    """

    def __init__(
        self,
        *,
        pem: Optional[str] = None,
        wallet: Optional[bytes] = None,
        arn: Optional[str] = None,
        source: str,
    ) -> None:
        self._pem = pem
        self._wallet = wallet
        self._arn = arn
        self._source = source

    @staticmethod
    def from_pem_string(pem: str) -> "EndpointCertificate":
        """A CA bundle given as PEM text (one or more `-----BEGIN CERTIFICATE-----` blocks)."""
        return EndpointCertificate(pem=_check_pem("EndpointCertificate.from_pem_string", pem), source="<PEM text>")

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
    def from_oracle_wallet_file(path: str) -> "EndpointCertificate":
        """An Oracle auto-login wallet (`cwallet.sso`) that holds the CA certificate, read at synth time,
        for Oracle endpoints (`verify-ca`). The library uploads it as the certificate's `CertificateWallet`
        (base64). Make it with `orapki` (DMS User Guide, "Using SSL with AWS Database Migration Service"):

            orapki wallet create -wallet <dir> -auto_login_only
            orapki wallet add -wallet <dir> -trusted_cert -cert <ca>.pem -auto_login_only

        then pass `<dir>/cwallet.sso`. The file must exist, be non-empty and be the binary wallet, not a
        PEM text file nor the password-protected `ewallet.p12`.
        """
        field = "EndpointCertificate.from_oracle_wallet_file"
        wallet_path = Path(path)
        try:
            content = wallet_path.read_bytes()
        except OSError as err:
            fail(
                field,
                str(path),
                f"cannot be read ({err.__class__.__name__})",
                f"give the path of the Oracle wallet file cwallet.sso (make it with orapki: {ORAPKI_STEPS})",
            )
        if not content:
            fail(field, str(path), "is empty", f"give the cwallet.sso that orapki wrote ({ORAPKI_STEPS})")
        if b"-----BEGIN " in content[:4096] or content.lstrip()[:5] == b"-----":
            fail(
                field,
                str(path),
                "is a PEM text file, not an Oracle wallet (DMS takes only wallets for Oracle SSL)",
                f"make a wallet that holds this CA with orapki ({ORAPKI_STEPS}) and pass <dir>/cwallet.sso",
            )
        if wallet_path.suffix.lower() in (".p12", ".pfx"):
            fail(
                field,
                str(path),
                "is a password-protected PKCS#12 wallet, which DMS cannot open",
                f"pass the auto-login wallet cwallet.sso ({ORAPKI_STEPS})",
            )
        return EndpointCertificate(wallet=content, source=str(path))

    @staticmethod
    def from_certificate_arn(arn: str) -> "EndpointCertificate":
        """An `AWS::DMS::Certificate` that already exists (a PEM bundle or an Oracle wallet imported
        earlier), by ARN: `arn:<partition>:dms:<region>:<account>:cert:<id>`. Usable by every engine;
        for an Oracle endpoint it must be a wallet."""
        return EndpointCertificate._existing("EndpointCertificate.from_certificate_arn", arn)

    @staticmethod
    def from_arn(arn: str) -> "EndpointCertificate":
        """The same as `from_certificate_arn` (kept for existing callers)."""
        return EndpointCertificate._existing("EndpointCertificate.from_arn", arn)

    @staticmethod
    def _existing(field: str, arn: str) -> "EndpointCertificate":
        if not is_token(arn) and not (isinstance(arn, str) and _CERTIFICATE_ARN.match(arn)):
            fail(field, arn, "is not a DMS certificate ARN", "use the form arn:<partition>:dms:<region>:<account>:cert:<id>")
        return EndpointCertificate(arn=arn, source=arn)

    @property
    def kind(self) -> str:
        """`pem` (a CA bundle), `oracle-wallet`, or `existing` (referenced by ARN)."""
        if self._arn is not None:
            return EXISTING
        return ORACLE_WALLET if self._wallet is not None else PEM

    @property
    def pem(self) -> Optional[str]:
        """The PEM text, or None for a wallet or a certificate referenced by ARN."""
        return self._pem

    @property
    def source(self) -> str:
        """Where the certificate came from: the file path, `<PEM text>` or the ARN."""
        return self._source

    def _bind(self, scope: Construct, *, identifier: str) -> str:
        """The certificate ARN for an endpoint whose DMS identifier is `identifier`; creates the
        `AWS::DMS::Certificate` under `scope` (id `Certificate`) from a PEM or a wallet."""
        if self._arn is not None:
            return self._arn
        if self._wallet is not None:
            digest = hashlib.sha256(self._wallet).hexdigest()[:8]
            certificate_identifier = IdentifierRegistry.of(scope).derive(
                "EndpointCertificate identifier", "certificate", identifier, "wallet", digest
            )
            resource = dms.CfnCertificate(
                scope,
                "Certificate",
                certificate_identifier=certificate_identifier,
                certificate_wallet=base64.b64encode(self._wallet).decode("ascii"),
            )
            return resource.ref
        assert self._pem is not None
        digest = hashlib.sha256(self._pem.encode("utf-8")).hexdigest()[:8]
        certificate_identifier = IdentifierRegistry.of(scope).derive(
            "EndpointCertificate identifier", "certificate", identifier, "ca", digest
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
