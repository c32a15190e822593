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


def future_server_cert(files: TlsFiles, folder: Path, name: str) -> TlsFiles:
    """``files`` with a server certificate for 127.0.0.1 that becomes valid only tomorrow.

    ``openssl x509 -req`` (3.0) cannot set a future start date, so this one is
    signed with ``cryptography`` (a test dependency; the bundle leaves it out).
    """
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    ca_cert = x509.load_pem_x509_certificate(files.ca.cert.read_bytes())
    ca_key = serialization.load_pem_private_key(files.ca.key.read_bytes(), password=None)
    assert isinstance(ca_key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey)
    key = ec.generate_private_key(ec.SECP256R1())
    start = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    cert_path, key_path = folder / f"{name}.crt", folder / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return replace(files, server_cert=cert_path, server_key=key_path)
