"""What a certificate row becomes outside the database: its PDF (cached on disk), its Open Badge, a ZIP.

The PDF is a pure function of the row and two settings (BASE_URL, ORGANISATION_NAME), so any host
regenerates the identical file when its cache lacks it; the cache file name carries a hash of those
values, so a re-issued or corrected certificate never serves a stale file.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import astuple
from datetime import datetime
from pathlib import Path

from flask import current_app

from elearn.certificates import badges
from elearn.certificates.bundle import BundleItem, build_zip
from elearn.certificates.models import Certificate
from elearn.certificates.pdf import CertificateDocument, render_pdf
from elearn.certificates.services import signing_secret, status_of
from elearn.core.clock import to_local

ISSUER_EN = "Compliance Training, Credit Card Centre"


def verify_url(cert: Certificate) -> str:
    return f"{current_app.config['BASE_URL'].rstrip('/')}/verify/{cert.code}"


def _local_date(moment: datetime):
    return to_local(moment, current_app.config["DISPLAY_TIMEZONE"]).date()


def document_for(cert: Certificate) -> CertificateDocument:
    """The plain values printed on the certificate."""
    config = current_app.config
    return CertificateDocument(
        holder_name=cert.holder_name,
        employee_no=cert.employee_no,
        course_title_zh=cert.course_title_zh,
        course_title_en=cert.course_title_en,
        course_version=cert.course_version,
        score=cert.score,
        issued_on=_local_date(cert.issued_at),
        expires_on=_local_date(cert.expires_at),
        serial=cert.serial,
        verify_url=verify_url(cert),
        issuer_zh=config["ORGANISATION_NAME"],
        issuer_en=config.get("ORGANISATION_NAME_EN", ISSUER_EN),
        revoked_on=_local_date(cert.revoked_at) if cert.revoked_at else None,
    )


def cache_dir() -> Path:
    path = Path(current_app.config.get("CERT_CACHE_DIR") or Path(current_app.instance_path) / "certificates")
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_path(doc: CertificateDocument) -> Path:
    digest = hashlib.sha256(repr(astuple(doc)).encode("utf-8")).hexdigest()[:20]
    return cache_dir() / f"{doc.serial}-{digest}.pdf"


def pdf_bytes(cert: Certificate) -> bytes:
    """The certificate's PDF: from the disk cache, else rendered from the row and cached atomically."""
    doc = document_for(cert)
    path = cache_path(doc)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    data = render_pdf(doc)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)
    return data


def download_name(cert: Certificate) -> str:
    return f"{cert.serial}.pdf"


def _key():
    return badges.private_key(signing_secret())


def issuer_profile() -> dict:
    """The issuer's public profile with the key that signs its badges."""
    base = current_app.config["BASE_URL"].rstrip("/")
    jwk = badges.public_jwk(_key())
    return {
        "@context": badges.CONTEXT,
        "id": f"{base}/certificates/issuer.json",
        "type": ["Profile"],
        "name": current_app.config["ORGANISATION_NAME"],
        "url": base,
        "publicKey": jwk,
    }


def badge_facts(cert: Certificate) -> badges.BadgeFacts:
    base = current_app.config["BASE_URL"].rstrip("/")
    return badges.BadgeFacts(
        credential_url=f"{base}/certificates/badge/{cert.code}",
        status_url=f"{base}/certificates/status/{cert.code}.json",
        issuer_url=f"{base}/certificates/issuer.json",
        issuer_name=current_app.config["ORGANISATION_NAME"],
        achievement_url=f"{base}/courses/{cert.course_slug}#v{cert.course_version}",
        course_title=cert.course_title_zh,
        course_title_en=cert.course_title_en,
        course_version=cert.course_version,
        criteria="完成课程学习并通过认证要求 / Completed the course and met its certification rule",
        holder_name=cert.holder_name,
        employee_no=cert.employee_no,
        issued_at=cert.issued_at,
        expires_at=cert.expires_at,
        serial=cert.serial,
        score=cert.score,
    )


def badge_token(cert: Certificate) -> str:
    """The Open Badges 3.0 credential as a signed VC-JWT (the salt is derived from the code)."""
    salt = hashlib.sha256(f"salt:{cert.code}".encode()).hexdigest()[:16]
    return badges.sign(badges.credential(badge_facts(cert), salt), _key())


def revocation_status(cert: Certificate, now: datetime) -> dict:
    """The public status document named by a badge's credentialStatus (1EdTech Revocation List shape:
    the credential's id appears in `revokedCredentials` once revoked; the reason stays private)."""
    status, facts = status_of(cert, now), badge_facts(cert)
    return {
        "id": facts.status_url,
        "issuer": facts.issuer_url,
        "revokedCredentials": [{"id": facts.credential_url}] if cert.revoked_at else [],
        "credential": facts.credential_url,
        "status": str(status),
        "revoked": cert.revoked_at is not None,
        "revokedAt": cert.revoked_at.isoformat() + "Z" if cert.revoked_at else None,
        "validUntil": cert.expires_at.isoformat() + "Z",
    }


def bundle(certs: list[Certificate], now: datetime, progress=None) -> bytes:
    """A ZIP of the certificates' PDFs (cached ones are reused) with an index.csv."""
    items = [
        BundleItem(
            serial=c.serial,
            employee_no=c.employee_no,
            holder_name=c.holder_name,
            course=c.course_title_zh,
            status=str(status_of(c, now)),
            pdf=lambda c=c: pdf_bytes(c),
        )
        for c in certs
    ]
    return build_zip(items, progress=progress)
