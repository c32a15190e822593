"""Certificates made at test time with the openssl command line.

A CA, a server certificate for 127.0.0.1 and localhost, and a client
certificate, all signed by that CA, valid for two days. Nothing is committed
to the repository, so no key ever outlives a test run and nothing expires
under the test suite. The openssl CLI (rather than the ``cryptography``
package) keeps the dev dependencies as they are; the suite already needs
Mosquitto, which is built on the same OpenSSL.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

# P-256 keys are quick to make and accepted by every TLS stack involved.
_KEY_ARGS = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
_DAYS = "2"


@dataclass(frozen=True)
class CertificateAuthority:
    cert: Path
    key: Path


@dataclass(frozen=True)
class TlsFiles:
    """Everything a TLS test needs, all under one folder."""

    ca: CertificateAuthority
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path


def _openssl(*args: str, cwd: Path) -> None:
    binary = shutil.which("openssl")
    if binary is None:
        raise RuntimeError("the openssl command is needed to make test certificates")
    subprocess.run([binary, *args], cwd=cwd, check=True, capture_output=True)


def make_ca(folder: Path, name: str = "ca") -> CertificateAuthority:
    """A self-signed CA certificate and its key."""
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / f"{name}.crt", folder / f"{name}.key"
    _openssl(
        "req",
        "-x509",
        *_KEY_ARGS,
        "-keyout",
        str(key),
        "-out",
        str(cert),
        "-days",
        _DAYS,
        "-subj",
        f"/CN=smartcity test {name}",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
        "-addext",
        "subjectKeyIdentifier=hash",
        cwd=folder,
    )
    return CertificateAuthority(cert, key)


def issue(ca: CertificateAuthority, folder: Path, name: str, *, server: bool) -> tuple[Path, Path]:
    """A leaf certificate signed by ``ca``: for a server on loopback, or for a client."""
    cert, key, csr = folder / f"{name}.crt", folder / f"{name}.key", folder / f"{name}.csr"
    _openssl(
        "req", *_KEY_ARGS, "-keyout", str(key), "-out", str(csr), "-subj", f"/CN={name}", cwd=folder
    )
    extensions = [
        "basicConstraints=critical,CA:FALSE",
        "keyUsage=critical,digitalSignature",
        "subjectKeyIdentifier=hash",
        "authorityKeyIdentifier=keyid,issuer",
    ]
    if server:
        extensions += ["extendedKeyUsage=serverAuth", "subjectAltName=IP:127.0.0.1,DNS:localhost"]
    else:
        extensions += ["extendedKeyUsage=clientAuth"]
    ext_file = folder / f"{name}.ext"
    ext_file.write_text("\n".join(extensions) + "\n", encoding="utf-8")
    _openssl(
        "x509",
        "-req",
        "-in",
        str(csr),
        "-CA",
        str(ca.cert),
        "-CAkey",
        str(ca.key),
        "-CAcreateserial",
        "-out",
        str(cert),
        "-days",
        _DAYS,
        "-extfile",
        str(ext_file),
        cwd=folder,
    )
    return cert, key


def make_tls_files(folder: Path) -> TlsFiles:
    """A CA, a server certificate for 127.0.0.1/localhost and a client certificate."""
    ca = make_ca(folder)
    server_cert, server_key = issue(ca, folder, "server", server=True)
    client_cert, client_key = issue(ca, folder, "console", server=False)
    return TlsFiles(ca, server_cert, server_key, client_cert, client_key)
