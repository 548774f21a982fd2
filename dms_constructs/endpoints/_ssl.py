"""SSL of an endpoint: the mode DMS supports for the engine (from `facts`), its default, and the
certificate (PEM bundle or Oracle wallet) a verifying mode needs.

Layer: endpoints shared machinery (imports no engine family).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Union

from ..errors import fail
from ..certificates import EXISTING, ORAPKI_STEPS, EndpointCertificate
from ..facts import ORACLE_WALLET, SslMode

if TYPE_CHECKING:
    from .base import EngineSpec


def certificate_hint(spec: "EngineSpec") -> str:
    """How to pass a certificate for the engine, for error messages."""
    if spec.certificate_format == ORACLE_WALLET:
        return (
            "pass certificate=EndpointCertificate.from_oracle_wallet_file('<dir>/cwallet.sso'), an Oracle wallet "
            f"holding the CA made with orapki ({ORAPKI_STEPS})"
        )
    return (
        "pass certificate=EndpointCertificate.from_pem_file('<CA bundle>.pem') (for RDS and Aurora: the RDS CA "
        "bundle)"
    )


def _check_certificate_format(field: str, spec: "EngineSpec", certificate: EndpointCertificate) -> None:
    """A PEM bundle for Oracle, or a wallet for any other engine, fails only when DMS connects: refuse both.
    A certificate referenced by ARN is taken as it is (its format is not known at synth)."""
    if certificate.kind == EXISTING or certificate.kind == spec.certificate_format:
        return
    if spec.certificate_format == ORACLE_WALLET:
        fail(
            f"{field}.certificate",
            certificate.source,
            "is a PEM certificate bundle, but DMS verifies Oracle endpoints only against an Oracle wallet "
            "(verify-ca with a PEM fails when the endpoint connects)",
            f"make a wallet that holds the CA with orapki ({ORAPKI_STEPS}) and pass "
            "certificate=EndpointCertificate.from_oracle_wallet_file('<dir>/cwallet.sso')",
        )
    fail(
        f"{field}.certificate",
        certificate.source,
        f"is an Oracle wallet, which DMS uses only for Oracle endpoints (this one is {spec.label})",
        "pass the CA bundle in PEM form: certificate=EndpointCertificate.from_pem_file('<CA bundle>.pem')",
    )


def resolve_ssl_mode(
    field: str,
    spec: "EngineSpec",
    ssl_mode: Optional[Union[SslMode, str]],
    certificate: Optional[EndpointCertificate],
    insecure_reason: Optional[str],
) -> SslMode:
    """The endpoint's SSL mode: the given one, checked against what DMS supports for the engine, or the
    default: with a certificate, the strongest verifying mode; without, `require` where supported."""
    supported = ", ".join(m.value for m in spec.ssl_modes)
    if not spec.ssl_modes:
        # A database DMS documents no SSL mode for (Db2 for z/OS): the connection is unencrypted unless the
        # network encrypts it, so the endpoint says why that is acceptable.
        if (ssl_mode is not None and ssl_mode != SslMode.NONE) or certificate is not None:
            fail(f"{field}.ssl_mode", ssl_mode if certificate is None else "certificate given",
                 f"is not supported: DMS has no SSL mode for {spec.label} endpoints",
                 "drop ssl_mode and certificate, and give insecure_reason='how the connection is protected'")
        if insecure_reason is None or len(insecure_reason.strip()) < 10:
            fail(f"{field}.insecure_reason", insecure_reason,
                 f"is required: DMS has no SSL mode for {spec.label} endpoints, so the connection is unencrypted",
                 "give insecure_reason='how the connection is protected, e.g. IPsec VPN or MACsec on Direct Connect' "
                 "(at least 10 characters)")
        return SslMode.NONE
    if ssl_mode is not None:
        try:
            mode = SslMode(ssl_mode)
        except ValueError:
            fail(f"{field}.ssl_mode", ssl_mode, "is not an SSL mode", f"use one of: {supported}")
    else:
        verifying = [m for m in spec.ssl_modes if m.needs_certificate]
        if certificate is not None and verifying:
            mode = verifying[-1]
        elif SslMode.REQUIRE in spec.ssl_modes:
            mode = SslMode.REQUIRE
        else:
            fail(
                f"{field}.certificate",
                None,
                f"is required: DMS supports only certificate-verifying SSL modes ({supported}) for {spec.label} endpoints",
                f"{certificate_hint(spec)}, or ssl_mode=SslMode.NONE with insecure_reason='why this connection may be "
                "unencrypted'",
            )
    if mode is SslMode.NONE:
        if insecure_reason is None or len(insecure_reason.strip()) < 10:
            fail(
                f"{field}.insecure_reason",
                insecure_reason,
                "is required with ssl_mode=SslMode.NONE: an unencrypted endpoint fails Security Hub control DMS.9",
                "give insecure_reason='why this connection may be unencrypted' (at least 10 characters), or keep SSL on",
            )
        if certificate is not None:
            fail(f"{field}.certificate", "given", "is unused with ssl_mode=SslMode.NONE", "drop the certificate, or choose a verifying SSL mode")
        return mode
    if insecure_reason is not None:
        fail(f"{field}.insecure_reason", insecure_reason, f"applies only to ssl_mode=SslMode.NONE (this one is '{mode.value}')", "drop insecure_reason")
    if mode not in spec.ssl_modes:
        fail(
            f"{field}.ssl_mode",
            mode.value,
            f"is not supported by DMS for {spec.label} endpoints",
            f"use one of: {supported}",
        )
    if mode.needs_certificate and certificate is None:
        alternative = "choose ssl_mode=SslMode.REQUIRE" if SslMode.REQUIRE in spec.ssl_modes else "ssl_mode=SslMode.NONE with an insecure_reason"
        fail(
            f"{field}.certificate",
            None,
            f"is required with ssl_mode '{mode.value}' (DMS verifies the server certificate against it)",
            f"{certificate_hint(spec)}, or {alternative}",
        )
    if not mode.needs_certificate and certificate is not None:
        fail(
            f"{field}.certificate",
            "given",
            f"is unused with ssl_mode '{mode.value}', which does not verify the server",
            "choose a verifying SSL mode (verify-ca / verify-full), or drop the certificate",
        )
    if certificate is not None:
        _check_certificate_format(field, spec, certificate)
    return mode
