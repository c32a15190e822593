"""PyInstaller runtime hook: the AES-CBC that SecretStorage needs, from the bundle's OpenSSL.

keyring reaches the Linux desktop's Secret Service (GNOME Keyring, KWallet,
KeePassXC) through SecretStorage, which encrypts each secret on the D-Bus
session with AES-128-CBC and takes that cipher, and nothing else, from the
``cryptography`` package (``Cipher(algorithms.AES(key), modes.CBC(iv))``,
``encryptor()``/``decryptor()``, ``update()``/``finalize()``; it pads and
unpads itself). ``cryptography`` is a 14 MB compiled library: with it the
Linux bundle was 211 MB, over its 200 MB budget (packaging/README.md).

So the spec leaves ``cryptography`` out and this hook, on Linux only and
only when no real ``cryptography`` can be imported, puts a stand-in with
exactly that surface in its place. The cipher is OpenSSL's own
``EVP_aes_*_cbc`` from the ``libcrypto`` the bundle already carries for
Python's ``ssl`` and ``hashlib``, called through ctypes: nothing here
implements cryptography, it only passes bytes to OpenSSL. Anything else
asked of the stand-in fails loudly (an ``AttributeError`` or
``ImportError``), never silently.

``tests/unit/test_openssl_aes.py`` checks this stand-in against the real
``cryptography`` on random keys and messages; ``make package-test`` stores
and reads a secret through the bundle in a real GNOME Keyring.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
import types
from pathlib import Path
from typing import Any

_KEY_SIZES = {16: "EVP_aes_128_cbc", 24: "EVP_aes_192_cbc", 32: "EVP_aes_256_cbc"}


def _libcrypto() -> Any:
    """The libcrypto Python's own ssl module uses (in the bundle: ``_internal/libcrypto.so.3``)."""
    import _hashlib  # noqa: F401 (loads libcrypto into the process first)

    here = getattr(sys, "_MEIPASS", None)
    candidates = [str(Path(here) / "libcrypto.so.3")] if here else []
    candidates += ["libcrypto.so.3", ctypes.util.find_library("crypto") or "libcrypto.so"]
    for name in candidates:
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        lib.EVP_CIPHER_CTX_new.restype = ctypes.c_void_p
        lib.EVP_CIPHER_CTX_free.argtypes = [ctypes.c_void_p]
        lib.EVP_CipherInit_ex.argtypes = [
            ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
            ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int,
        ]  # fmt: skip
        lib.EVP_CIPHER_CTX_set_padding.argtypes = [ctypes.c_void_p, ctypes.c_int]
        lib.EVP_CipherUpdate.argtypes = [
            ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int),
            ctypes.c_char_p, ctypes.c_int,
        ]  # fmt: skip
        lib.EVP_CipherFinal_ex.argtypes = [
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.POINTER(ctypes.c_int),
        ]
        for getter in _KEY_SIZES.values():
            getattr(lib, getter).restype = ctypes.c_void_p
        return lib
    raise ImportError("no libcrypto for the AES stand-in (packaging/rthook_aes_from_openssl.py)")


class AES:
    name = "AES"
    block_size = 128

    def __init__(self, key: bytes) -> None:
        if len(key) not in _KEY_SIZES:
            raise ValueError(f"AES keys are 16, 24 or 32 bytes, not {len(key)}")
        self.key = bytes(key)


class CBC:
    name = "CBC"

    def __init__(self, initialization_vector: bytes) -> None:
        if len(initialization_vector) != 16:
            raise ValueError("the CBC initialization vector must be 16 bytes")
        self.initialization_vector = bytes(initialization_vector)


class _Context:
    """One encryption or decryption, without padding (the caller pads, as SecretStorage does)."""

    def __init__(self, algorithm: AES, mode: CBC, encrypt: bool) -> None:
        self._lib = _libcrypto()
        self._ctx = self._lib.EVP_CIPHER_CTX_new()
        if not self._ctx:
            raise MemoryError("EVP_CIPHER_CTX_new failed")
        cipher = getattr(self._lib, _KEY_SIZES[len(algorithm.key)])()
        ok = self._lib.EVP_CipherInit_ex(
            self._ctx, cipher, None, algorithm.key, mode.initialization_vector, int(encrypt)
        )
        if ok != 1 or self._lib.EVP_CIPHER_CTX_set_padding(self._ctx, 0) != 1:
            self._free()
            raise ValueError("OpenSSL refused the AES-CBC key or IV")

    def update(self, data: bytes) -> bytes:
        data = bytes(data)
        out = ctypes.create_string_buffer(len(data) + 16)
        written = ctypes.c_int(0)
        if self._lib.EVP_CipherUpdate(self._ctx, out, ctypes.byref(written), data, len(data)) != 1:
            raise ValueError("AES-CBC update failed")
        return out.raw[: written.value]

    def finalize(self) -> bytes:
        out = ctypes.create_string_buffer(32)
        written = ctypes.c_int(0)
        try:
            if self._lib.EVP_CipherFinal_ex(self._ctx, out, ctypes.byref(written)) != 1:
                raise ValueError("the data is not a whole number of AES blocks")
            return out.raw[: written.value]
        finally:
            self._free()

    def _free(self) -> None:
        if self._ctx:
            self._lib.EVP_CIPHER_CTX_free(self._ctx)
            self._ctx = None


class Cipher:
    def __init__(self, algorithm: AES, mode: CBC, backend: object = None) -> None:
        if not isinstance(algorithm, AES) or not isinstance(mode, CBC):
            raise TypeError("this stand-in only does AES in CBC mode")
        self.algorithm = algorithm
        self.mode = mode

    def encryptor(self) -> _Context:
        return _Context(self.algorithm, self.mode, encrypt=True)

    def decryptor(self) -> _Context:
        return _Context(self.algorithm, self.mode, encrypt=False)


def default_backend() -> None:
    return None


def _module(name: str, **names: object) -> types.ModuleType:
    module = types.ModuleType(name, "a stand-in: see packaging/rthook_aes_from_openssl.py")
    module.__dict__.update(names)
    module.__path__ = []  # a package, so its submodules below can be imported
    sys.modules[name] = module
    return module


def install() -> bool:
    """Put the stand-in in place of ``cryptography``; False where a real one is importable."""
    if not sys.platform.startswith("linux") or "cryptography" in sys.modules:
        return False
    try:
        import cryptography  # noqa: F401 (a real one, if the bundle ever ships it, wins)
    except ImportError:
        pass
    else:
        return False
    algorithms = _module("cryptography.hazmat.primitives.ciphers.algorithms", AES=AES)
    modes = _module("cryptography.hazmat.primitives.ciphers.modes", CBC=CBC)
    ciphers = _module(
        "cryptography.hazmat.primitives.ciphers", Cipher=Cipher, algorithms=algorithms, modes=modes
    )
    primitives = _module("cryptography.hazmat.primitives", ciphers=ciphers)
    backends = _module("cryptography.hazmat.backends", default_backend=default_backend)
    hazmat = _module("cryptography.hazmat", primitives=primitives, backends=backends)
    _module("cryptography", hazmat=hazmat, __version__="0+openssl-aes-stand-in")
    return True


install()
