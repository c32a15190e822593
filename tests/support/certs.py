"""Certificates that are wrong on purpose, for doctor's TLS checks.

``tests/support/tls.py`` makes good ones; these reuse its CA and add a
server certificate that has expired or names another host, so doctor's
explanations are checked against what OpenSSL really says.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tests.support.tls import TlsFiles, _openssl


def server_cert(files: TlsFiles, folder: Path, name: str, *, san: str, days: int) -> TlsFiles:
    """``files`` with another server certificate: ``san`` names, ``days`` (< 0: expired)."""
    cert, key, csr = folder / f"{name}.crt", folder / f"{name}.key", folder / f"{name}.csr"
    _openssl(
        "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", str(key), "-out", str(csr), "-subj", f"/CN={name}",
        cwd=folder,
    )  # fmt: skip
    ext = folder / f"{name}.ext"
    ext.write_text(
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
        f"extendedKeyUsage=serverAuth\nsubjectAltName={san}\n",
        encoding="utf-8",
    )
    _openssl(
        "x509", "-req", "-in", str(csr), "-CA", str(files.ca.cert), "-CAkey", str(files.ca.key),
        "-CAcreateserial", "-out", str(cert), "-days", str(days), "-extfile", str(ext),
        cwd=folder,
    )  # fmt: skip
    return replace(files, server_cert=cert, server_key=key)
