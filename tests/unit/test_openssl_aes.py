"""The bundle's AES-CBC stand-in for ``cryptography`` (packaging/rthook_aes_from_openssl.py).

It must give byte for byte what the real ``cryptography`` gives, for every
key size SecretStorage could use, and SecretStorage's own code must run on
it when the real package is absent (as in the bundle). The real D-Bus round
trip against GNOME Keyring is in ``make package-test``.
"""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

HOOK = Path(__file__).resolve().parents[2] / "packaging" / "rthook_aes_from_openssl.py"
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux bundle only")


@pytest.fixture(scope="module")
def stand_in() -> dict[str, Any]:
    names = runpy.run_path(str(HOOK), run_name="aes_stand_in_under_test")
    assert names["install"]() is False  # the real cryptography is here: nothing replaced
    return names


@pytest.mark.parametrize("key_size", [16, 24, 32])
@pytest.mark.parametrize("blocks", [0, 1, 2, 7, 64])
def test_matches_the_real_cryptography_both_ways(
    stand_in: dict[str, Any], key_size: int, blocks: int
) -> None:
    key, iv, message = os.urandom(key_size), os.urandom(16), os.urandom(16 * blocks)
    real = Cipher(algorithms.AES(key), modes.CBC(iv))
    ours = stand_in["Cipher"](stand_in["AES"](key), stand_in["CBC"](iv), None)
    encrypted = ours.encryptor().update(message)
    expected = real.encryptor()
    assert encrypted == expected.update(message) + expected.finalize()
    decrypt = ours.decryptor()
    assert decrypt.update(encrypted) + decrypt.finalize() == message


def test_a_partial_block_is_an_error_not_a_silent_truncation(stand_in: dict[str, Any]) -> None:
    context = stand_in["Cipher"](stand_in["AES"](b"k" * 16), stand_in["CBC"](b"i" * 16)).encryptor()
    context.update(b"seventeen bytes!!")
    with pytest.raises(ValueError, match="whole number of AES blocks"):
        context.finalize()


def test_secretstorage_encrypts_with_it_when_cryptography_is_absent(tmp_path: Path) -> None:
    # A fresh interpreter where cryptography cannot be imported, as in the bundle; the
    # hook runs first, as PyInstaller runs it, then SecretStorage's own code seals a secret.
    program = textwrap.dedent(
        f"""
        import importlib.abc, runpy, sys

        class NoCryptography(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path, target=None):
                if name == "cryptography" or name.startswith("cryptography."):
                    raise ImportError("not in the bundle")
                return None

        sys.meta_path.insert(0, NoCryptography())
        runpy.run_path({str(HOOK)!r})
        import cryptography
        assert cryptography.__version__.endswith("stand-in"), cryptography.__version__
        from secretstorage.dhcrypto import Session
        from secretstorage.util import format_secret
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

        console, keyring = Session(), Session()
        console.set_server_public_key(keyring.my_public_key)
        keyring.set_server_public_key(console.my_public_key)
        console.object_path = "/org/freedesktop/secrets/session/1"
        _path, iv, sealed, _type = format_secret(console, b"broker password", "text/plain")
        opened = Cipher(algorithms.AES(keyring.aes_key), modes.CBC(iv)).decryptor()
        padded = opened.update(sealed) + opened.finalize()
        assert padded[: -padded[-1]] == b"broker password", padded
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
