"""The sync server: health, a login, and the clock difference between the two machines.

The clock matters because tokens expire and incident events carry times: a
workstation minutes off the server would see escalations too early or too
late. The server's clock is read from the HTTP ``Date`` header of the health
answer (one-second resolution, so only a difference above
:data:`SKEW_WARN_S` is reported).

A login needs credentials: ``--user`` (the password from a prompt or
``--password-stdin``), else the token the console kept in the keyring for
the last user (checked with ``GET /api/v1/auth/me``); without either, the
login check is skipped. With a token, doctor pulls one page as a console's
first sync does (``server.pull``): a server whose health is fine can still
fail every pull. A token doctor gets by logging in is logged out again
afterwards.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import httpx
from pydantic import ValidationError

from smartcity_console.contract.sync_api import DEFAULT_PULL, PullResponse
from smartcity_console.doctor.model import Check, fail, not_reached, ok, skip, t, warn
from smartcity_console.sync.server_tls import Verify

TIMEOUT_S = 5.0
SKEW_WARN_S = 5.0
SKEW_FAIL_S = 60.0


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str | None = None  # None: use the token kept in the keyring
    token: str | None = None


def check_server(
    url: str,
    credentials: Credentials | None,
    *,
    timeout: float = TIMEOUT_S,
    now: Callable[[], float] = time.time,
    verify: Verify = True,
) -> list[Check]:
    base = url.rstrip("/")
    try:
        with httpx.Client(timeout=timeout, verify=verify) as http:
            health, server_time = _health(http, base, now)
            if not health.ok:
                return [
                    health,
                    not_reached("server.clock", "server.health"),
                    not_reached("server.login", "server.health"),
                    not_reached("server.pull", "server.health"),
                ]
            login, token = _login(http, base, credentials)
            try:
                pull = _pull(http, base, token, login)
            finally:
                if token is not None and credentials is not None and credentials.password:
                    http.post(
                        f"{base}/api/v1/auth/logout", headers={"Authorization": f"Bearer {token}"}
                    )
            return [health, _clock(server_time, now), login, pull]
    except httpx.InvalidURL as exc:  # pragma: no cover - the config validates URLs loosely
        return [_bad_url(base, exc)]


def check_transport(url: str) -> Check | None:
    """A warning for plain HTTP to another machine (only a config with allow_plain_http)."""
    from urllib.parse import urlsplit

    from smartcity_console.config import is_loopback_host

    parts = urlsplit(url)
    if parts.scheme != "http" or is_loopback_host(parts.hostname or ""):
        return None
    return warn(
        "server.transport",
        "server-plain-http",
        t(
            f"{url} is plain HTTP to another machine: passwords and sign-in tokens cross "
            "the network unencrypted (allowed by allow_plain_http)",
            f"{url} adalah HTTP biasa ke mesin lain: kata sandi dan token login melewati "
            "jaringan tanpa enkripsi (diizinkan oleh allow_plain_http)",
        ),
        t(
            "Serve the sync server over HTTPS (serve --certfile/--keyfile, or a reverse proxy; "
            "docs/sync.md) and change [server] url to https://.",
            "Jalankan server sinkronisasi dengan HTTPS (serve --certfile/--keyfile, atau "
            "reverse proxy; docs/sync.md) dan ubah [server] url menjadi https://.",
        ),
    )


def _bad_url(base: str, exc: Exception) -> Check:
    return fail(
        "server.health",
        "server-url",
        t(f"{base!r} is not a usable address: {exc}", f"{base!r} bukan alamat yang valid: {exc}"),
        t(
            "Correct [server] url (like http://host:8765).",
            "Perbaiki [server] url (mis. http://host:8765).",
        ),
    )


def _health(http: httpx.Client, base: str, now: Callable[[], float]) -> tuple[Check, float | None]:
    url = f"{base}/api/v1/health"
    try:
        sent = now()
        response = http.get(url)
        received = now()
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        return _bad_url(base, exc), None
    except httpx.HTTPError as exc:
        if "CERTIFICATE_VERIFY_FAILED" in str(exc):
            return fail(
                "server.health",
                "server-tls-untrusted",
                t(
                    f"{url} answered with a certificate this workstation does not trust: {exc}",
                    f"{url} menjawab dengan sertifikat yang tidak dipercaya workstation ini: {exc}",
                ),
                t(
                    "Set [server] ca_file to the CA certificate (PEM) that signed the server's "
                    "certificate, and check that the certificate names the host in [server] url.",
                    "Isi [server] ca_file dengan sertifikat CA (PEM) yang menandatangani "
                    "sertifikat server, dan periksa bahwa sertifikat itu menyebut host di "
                    "[server] url.",
                ),
            ), None
        return fail(
            "server.health",
            "server-unreachable",
            t(f"no answer from {url}: {exc}", f"tidak ada jawaban dari {url}: {exc}"),
            t(
                "Start the sync server (smartcity-console serve) or correct [server] url; "
                "check firewalls. The console keeps working offline meanwhile.",
                "Jalankan server sinkronisasi (smartcity-console serve) atau perbaiki "
                "[server] url; periksa firewall. Console tetap bekerja offline sementara itu.",
            ),
        ), None
    server_time = _date_header(response)
    if server_time is not None:
        # The Date header was written about halfway through the round trip.
        server_time += (received - sent) / 2
    try:
        body = response.json()
    except ValueError:
        body = None
    detail = body.get("detail") if isinstance(body, dict) else None
    if response.status_code == 400 and isinstance(detail, str) and "allowed_hosts" in detail:
        host = base.split("://", 1)[-1].split("/", 1)[0]
        return fail(
            "server.health",
            "server-host-not-allowed",
            t(
                f"the sync server refuses the name this workstation uses for it ({host}): {detail}",
                f"server sinkronisasi menolak nama yang dipakai workstation ini ({host}): {detail}",
            ),
            t(
                "Ask the administrator to add that name or address to allowed_hosts in the "
                "server's settings (docs/sync.md), or use a name the server answers to.",
                "Minta administrator menambahkan nama atau alamat itu ke allowed_hosts di "
                "pengaturan server (docs/sync.md), atau pakai nama yang dijawab server.",
            ),
        ), server_time
    if not isinstance(body, dict) or "status" not in body:
        return fail(
            "server.health",
            "not-a-sync-server",
            t(
                f"{url} answered {response.status_code} but not as a sync server",
                f"{url} menjawab {response.status_code} tetapi bukan sebagai server sinkronisasi",
            ),
            t(
                "[server] url points at something else (another web server, the broker's "
                "port, a proxy page): use the address of smartcity-console serve.",
                "[server] url menunjuk ke hal lain (server web lain, port broker, halaman "
                "proxy): gunakan alamat smartcity-console serve.",
            ),
        ), server_time
    if response.status_code != 200 or body.get("status") != "ok":
        return fail(
            "server.health",
            "server-degraded",
            t(
                f"the server is up but unwell: {body} (HTTP {response.status_code})",
                f"server berjalan tetapi bermasalah: {body} (HTTP {response.status_code})",
            ),
            t(
                "Ask the administrator to check the server's database (PostgreSQL running, "
                "reachable from the server, disk not full).",
                "Minta administrator memeriksa database server (PostgreSQL berjalan, dapat "
                "dijangkau server, disk tidak penuh).",
            ),
        ), server_time
    return ok(
        "server.health",
        t(
            f"{base} is up (version {body.get('version')}, database {body.get('database')})",
            f"{base} berjalan (versi {body.get('version')}, database {body.get('database')})",
        ),
    ), server_time


def _date_header(response: httpx.Response) -> float | None:
    value = response.headers.get("date")
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        return None


def _clock(server_time: float | None, now: Callable[[], float]) -> Check:
    if server_time is None:
        return skip(
            "server.clock",
            t("the server sent no Date header", "server tidak mengirim header Date"),
        )
    skew = now() - server_time
    ahead = "ahead of" if skew > 0 else "behind"
    ahead_id = "lebih cepat dari" if skew > 0 else "lebih lambat dari"
    detail = t(
        f"this workstation's clock is {abs(skew):.0f} s {ahead} the server's",
        f"jam workstation ini {abs(skew):.0f} detik {ahead_id} jam server",
    )
    fix = t(
        "Turn on time synchronisation (NTP) on this workstation and the server; on Windows: "
        "Settings > Time > Sync now, or w32tm /resync.",
        "Aktifkan sinkronisasi waktu (NTP) di workstation ini dan di server; di Windows: "
        "Settings > Time > Sync now, atau w32tm /resync.",
    )
    if abs(skew) > SKEW_FAIL_S:
        return fail("server.clock", "clock-skew", detail, fix)
    if abs(skew) > SKEW_WARN_S:
        return warn("server.clock", "clock-skew", detail, fix)
    return ok(
        "server.clock",
        t(
            f"clocks agree within {max(abs(skew), 1.0):.0f} s",
            f"jam sesuai dalam {max(abs(skew), 1.0):.0f} detik",
        ),
    )


def _pull(http: httpx.Client, base: str, token: str | None, login: Check) -> Check:
    """One page from the start, as a console's first sync asks for it."""
    if token is None:
        if login.ok:
            return skip("server.pull", t("no token to pull with", "tidak ada token untuk pull"))
        return not_reached("server.pull", "server.login")
    url = f"{base}/api/v1/sync/pull"
    fix = t(
        "Ask the administrator to look at the server's log: no console can sync "
        "(a new one cannot even start) while pulls fail.",
        "Minta administrator melihat log server: tidak ada console yang dapat "
        "sinkron (console baru bahkan tidak dapat mulai) selama pull gagal.",
    )
    try:
        response = http.get(
            url,
            params={"cursor": 0, "limit": DEFAULT_PULL},
            headers={"Authorization": f"Bearer {token}"},
        )
    except httpx.HTTPError as exc:
        return fail(
            "server.pull",
            "pull-failed",
            t(f"the pull call failed: {exc}", f"panggilan pull gagal: {exc}"),
            fix,
        )
    try:
        page = PullResponse.model_validate_json(response.content)
    except ValidationError:
        return fail(
            "server.pull",
            "pull-failed",
            t(
                f"a pull answered HTTP {response.status_code}: {response.text[:200]}",
                f"pull menjawab HTTP {response.status_code}: {response.text[:200]}",
            ),
            fix,
        )
    more = " (more follow)" if page.more else ""
    more_id = " (masih ada lagi)" if page.more else ""
    return ok(
        "server.pull",
        t(
            f"pulled a page of {len(page.events)} events and {len(page.tickets)} incidents{more}",
            f"menarik satu halaman berisi {len(page.events)} event dan "
            f"{len(page.tickets)} insiden{more_id}",
        ),
    )


def _login(
    http: httpx.Client, base: str, credentials: Credentials | None
) -> tuple[Check, str | None]:
    """The login check, and a token that works (to pull with), if any."""
    if credentials is None:
        return skip(
            "server.login",
            t(
                "no user to try (give --user NAME, or log in once in the console)",
                "tidak ada pengguna untuk dicoba (beri --user NAMA, atau login sekali di console)",
            ),
        ), None
    who = credentials.username
    try:
        if credentials.password is not None:
            response = http.post(
                f"{base}/api/v1/auth/login",
                json={"username": who, "password": credentials.password},
            )
            if response.status_code == 200:
                token = str(response.json().get("token", ""))
                return ok("server.login", t(f"{who} can log in", f"{who} dapat login")), token
        elif credentials.token is not None:
            response = http.get(
                f"{base}/api/v1/auth/me",
                headers={"Authorization": f"Bearer {credentials.token}"},
            )
            if response.status_code == 200:
                return ok(
                    "server.login",
                    t(
                        f"the token kept for {who} is still accepted",
                        f"token yang disimpan untuk {who} masih diterima",
                    ),
                ), credentials.token
            if response.status_code == 401:
                return warn(
                    "server.login",
                    "token-expired",
                    t(
                        f"the token kept for {who} is no longer accepted",
                        f"token yang disimpan untuk {who} tidak diterima lagi",
                    ),
                    t(
                        "Nothing to repair: the console asks for the password at the next "
                        "start. Run doctor --user NAME to test a password.",
                        "Tidak perlu diperbaiki: console meminta kata sandi saat mulai "
                        "berikutnya. Jalankan doctor --user NAMA untuk menguji kata sandi.",
                    ),
                ), None
        else:
            return skip("server.login", t("no password given", "kata sandi tidak diberikan")), None
    except httpx.HTTPError as exc:
        return fail(
            "server.login",
            "login-unreachable",
            t(f"the login call failed: {exc}", f"panggilan login gagal: {exc}"),
            t("Run doctor again; check the network.", "Jalankan doctor lagi; periksa jaringan."),
        ), None
    return _refused(who, response), None


def _refused(who: str, response: httpx.Response) -> Check:
    try:
        detail = str(response.json().get("detail", ""))
    except (ValueError, AttributeError):
        detail = response.text[:200]
    if response.status_code == 403:
        return fail(
            "server.login",
            "user-disabled",
            t(
                f"the account {who!r} is disabled ({detail})",
                f"akun {who!r} dinonaktifkan ({detail})",
            ),
            t(
                "Ask the administrator to enable it (smartcity-console users ...).",
                "Minta administrator mengaktifkannya (smartcity-console users ...).",
            ),
        )
    if response.status_code == 401:
        return fail(
            "server.login",
            "bad-credentials",
            t(
                f"the server refused {who!r}: wrong user name or password ({detail})",
                f"server menolak {who!r}: nama pengguna atau kata sandi salah ({detail})",
            ),
            t(
                "Check the user name and password; the administrator can reset it with "
                "smartcity-console users passwd NAME.",
                "Periksa nama pengguna dan kata sandi; administrator dapat mengaturnya ulang "
                "dengan smartcity-console users passwd NAMA.",
            ),
        )
    if response.status_code == 429:
        wait = response.headers.get("Retry-After", "?")
        return fail(
            "server.login",
            "login-throttled",
            t(
                f"too many failed sign-ins for {who!r} or from this workstation; the server "
                f"asks to wait {wait} s",
                f"terlalu banyak login gagal untuk {who!r} atau dari workstation ini; server "
                f"meminta menunggu {wait} detik",
            ),
            t(
                "Wait, then run doctor again with the right password. Many failures you did "
                "not make: tell the administrator (the server's log names every address).",
                "Tunggu, lalu jalankan doctor lagi dengan kata sandi yang benar. Banyak "
                "kegagalan yang bukan dari Anda: beri tahu administrator (log server mencatat "
                "setiap alamat).",
            ),
        )
    return fail(
        "server.login",
        "login-failed",
        t(
            f"login answered HTTP {response.status_code}: {detail}",
            f"login menjawab HTTP {response.status_code}: {detail}",
        ),
        t(
            "Ask the administrator to look at the server's log.",
            "Minta administrator melihat log server.",
        ),
    )
