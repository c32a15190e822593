"""Who is at the console: the login dialog.

The login itself (:func:`sync.auth_client.login`: an HTTP call of up to five
seconds, then argon2, which is slow on purpose) runs on a
``QThreadPool`` thread so the wall displays keep drawing meanwhile. Its
results come back through a relay object living in the GUI thread, so they
arrive as queued signals; a dialog closed mid-login simply never hears them.
Open it with ``open()`` and wait for ``logged_in`` or ``accepted``
(``exec()`` would nest an event loop under qasync).

A refusal is shown in the dialog in the console's language and the dialog
stays open with the user name kept, so a typo costs one retyped password.
When the server does not answer, the dialog says it is checking the
credentials cached by the last online login instead (docs/contracts.md: logging in
while the server is down).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QFontMetrics, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from smartcity_console.gui import i18n
from smartcity_console.gui.i18n import QT_TRANSLATE_NOOP, translate
from smartcity_console.sim.demo_accounts import DEMO_ACCOUNTS
from smartcity_console.store import Database
from smartcity_console.sync import auth_client
from smartcity_console.sync.auth_client import LoginError, Session

# (server_url, username, password, *, db, workstation, on_offline) -> Session
LoginFunction = Callable[..., Session]

# The fields in the dialog's own size (they kept the application's 10 pt under 12 pt
# labels) and with room below the baseline: "operator" read "oberator" when the box
# was cut to the font's nominal height (FIELD_SLACK_PX, _fit_fields).
_QSS = """
QDialog, QLineEdit { font-size: 12pt; }
QLineEdit { padding: 4px 6px; }
QLabel#loginError { color: #FF7B72; font-weight: 600; }
QLabel#loginNote { color: #E3B341; }
QLabel#loginHint, QLabel#loginWhere { color: #8B949E; }
"""
FIELD_SLACK_PX = 14  # padding 2 x 4, border 2 x 1, and 2 x 2 around the text
_CONTEXT = "LoginDialog"
_TEXT = {
    "title": QT_TRANSLATE_NOOP("LoginDialog", "Log in to the console"),
    "user": QT_TRANSLATE_NOOP("LoginDialog", "User name"),
    "password": QT_TRANSLATE_NOOP("LoginDialog", "Password"),
    "login": QT_TRANSLATE_NOOP("LoginDialog", "Log in"),
    "cancel": QT_TRANSLATE_NOOP("LoginDialog", "Cancel"),
    "where": QT_TRANSLATE_NOOP("LoginDialog", "Workstation: {workstation} · Server: {server}"),
    "busy": QT_TRANSLATE_NOOP("LoginDialog", "Contacting the server…"),
    "offline": QT_TRANSLATE_NOOP(
        "LoginDialog", "Server offline: checking the credentials cached on this workstation."
    ),
    "demo": QT_TRANSLATE_NOOP("LoginDialog", "Demo accounts: {accounts}"),
    "failed": QT_TRANSLATE_NOOP("LoginDialog", "Login failed: {error}"),
}


class _Words:
    """The dialog's words in the GUI's language, looked up when read."""

    def __getitem__(self, key: str) -> str:
        return translate(_CONTEXT, _TEXT[key])


class _Relay(QObject):
    """Lives in the GUI thread; the worker emits on it, so receivers get queued calls."""

    succeeded = Signal(object)  # Session
    failed = Signal(object)  # LoginError or another Exception
    offline = Signal()


class _LoginTask(QRunnable):
    def __init__(self, attempt: Callable[[Callable[[], None]], Session], relay: _Relay) -> None:
        super().__init__()
        self._attempt = attempt
        self._relay = relay  # keeps the relay alive until the task is done

    def run(self) -> None:
        try:
            session = self._attempt(self._relay.offline.emit)
        except Exception as exc:  # noqa: BLE001 (shown in the dialog, not lost in a thread)
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(session)


class LoginDialog(QDialog):
    """User name, password, a status line; logs in off the GUI thread.

    Signals:
        logged_in(object): the :class:`Session`, emitted once, just before
            the dialog is accepted.
        login_failed(str): a refusal, in the dialog's language (also shown in it).
    """

    logged_in = Signal(object)
    login_failed = Signal(str)

    def __init__(
        self,
        server_url: str,
        db: Database,
        *,
        workstation: str,
        demo: bool = False,
        username: str = "",
        login: LoginFunction = auth_client.login,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._server_url = server_url
        self._db = db
        self._workstation = workstation
        self._login = login
        self._relay: _Relay | None = None
        text = self._text = _Words()
        self.setWindowTitle(text["title"])
        self.setStyleSheet(_QSS)
        self.setModal(True)

        self.username = QLineEdit(username, self)
        self.username.setMaxLength(64)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(256)
        form = QFormLayout()
        form.addRow(text["user"], self.username)
        form.addRow(text["password"], self.password)

        self.where = self._label(
            "loginWhere", text["where"].format(workstation=workstation, server=server_url)
        )
        self.note = self._label("loginNote", text["offline"])
        self.note.hide()
        self.status = self._label("loginError", "")
        self.hint = self._label("loginHint", self._demo_hint() if demo else "")
        self.hint.setVisible(demo)
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox(self)
        self.login_button = self.buttons.addButton(
            text["login"], QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(text["cancel"], QDialogButtonBox.ButtonRole.RejectRole)
        self.login_button.setDefault(True)
        self.buttons.accepted.connect(self._start)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for widget in (self.where, self.hint, self.note, self.status, self.buttons):
            layout.addWidget(widget)
        (self.password if username else self.username).setFocus()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        self._fit_fields()
        super().showEvent(event)

    def _fit_fields(self) -> None:
        """Each field tall enough for its font's ascent and descent, whatever the font."""
        for field in (self.username, self.password):
            field.ensurePolished()  # the style sheet's font is the field's from here on
            metrics = QFontMetrics(field.font())
            field.setMinimumHeight(metrics.height() + FIELD_SLACK_PX)

    def _label(self, name: str, content: str) -> QLabel:
        label = QLabel(content, self)
        label.setObjectName(name)
        label.setWordWrap(True)
        return label

    def _demo_hint(self) -> str:
        accounts = ", ".join(f"{a.username} / {a.password}" for a in DEMO_ACCOUNTS)
        return self._text["demo"].format(accounts=accounts)

    @property
    def busy(self) -> bool:
        return self._relay is not None

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.username, self.password, self.login_button):
            widget.setEnabled(not busy)

    def _start(self) -> None:
        """Run one login attempt on a pool thread (the button or Enter)."""
        if self.busy:
            return
        username, password = self.username.text(), self.password.text()
        relay = _Relay()  # no parent: the task owns it; it lives in this (GUI) thread
        relay.succeeded.connect(self._on_succeeded)
        relay.failed.connect(self._on_failed)
        relay.offline.connect(self._on_offline)
        self._relay = relay
        self._set_busy(True)
        self.note.hide()
        self.status.setText(self._text["busy"])

        # Plain values only: the pool thread must not touch the dialog's widgets.
        login, server_url, db, workstation = (
            self._login,
            self._server_url,
            self._db,
            self._workstation,
        )

        def attempt(on_offline: Callable[[], None]) -> Session:
            return login(
                server_url,
                username,
                password,
                db=db,
                workstation=workstation,
                on_offline=on_offline,
            )

        QThreadPool.globalInstance().start(_LoginTask(attempt, relay))

    def done(self, result: int) -> None:
        """Closing mid-login: the attempt finishes on its thread, unheard."""
        relay, self._relay = self._relay, None
        if relay is not None:
            relay.succeeded.disconnect(self._on_succeeded)
            relay.failed.disconnect(self._on_failed)
            relay.offline.disconnect(self._on_offline)
            self._set_busy(False)
            self.status.clear()
        super().done(result)

    def _on_offline(self) -> None:
        self.note.show()

    def _on_succeeded(self, session: Session) -> None:
        self._relay = None  # before accept(): done() must not take it for a cancel
        self.status.clear()
        self.password.clear()
        self.logged_in.emit(session)
        self.accept()

    def _on_failed(self, error: Exception) -> None:
        self._relay = None
        message = (
            error.text(i18n.current_language()) if isinstance(error, LoginError) else str(error)
        )
        self.status.setText(self._text["failed"].format(error=message))
        self._set_busy(False)
        self.password.clear()
        self.password.setFocus()
        self.login_failed.emit(message)
