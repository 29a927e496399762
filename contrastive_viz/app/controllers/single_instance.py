"""One window for every launch, when the user asks for it (Preferences › single window).

The first window listens on a ``QLocalServer``; a later launch with the
preference on connects, hands over its files (absolute paths, one JSON line)
and exits, and the running window opens them and comes to the front. The
server's name is the user's settings file hashed, so two users, or a test
with its own settings folder, never meet. By default every launch opens its
own window.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, QSettings, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

#: The QSettings key of the preference.
SINGLE_WINDOW_KEY = "preferences/single_window"
#: How long a second launch waits for the running window (ms).
CONNECT_MS, REPLY_MS = 1000, 3000
MAX_MESSAGE = 1 << 20


def single_window_enabled() -> bool:
    """The preference (False by default)."""
    return bool(QSettings().value(SINGLE_WINDOW_KEY, False, type=bool))


def server_name() -> str:
    """The local server's name for this user's settings (a QCoreApplication must exist)."""
    digest = hashlib.sha256(QSettings().fileName().encode()).hexdigest()[:16]
    return f"contrastive-viz-{digest}"


def hand_over(paths: list[Path], name: str | None = None) -> bool:
    """Send ``paths`` to a running window; True when it took them (this launch may exit)."""
    socket = QLocalSocket()
    socket.connectToServer(name or server_name())
    if not socket.waitForConnected(CONNECT_MS):
        return False
    message = json.dumps({"open": [str(Path(p).absolute()) for p in paths]}) + "\n"
    socket.write(QByteArray(message.encode()))
    socket.flush()
    ok = socket.waitForReadyRead(REPLY_MS) and bytes(socket.readAll().data()).startswith(b"ok")
    socket.disconnectFromServer()
    return ok


class InstanceServer(QObject):
    """Listens for later launches and hands their files to ``open_files``.

    Parameters
    ----------
    open_files : callable
        ``open_files(list[Path])``, called on the GUI thread; it also raises the window.
    parent : QObject, optional

    Signals
    -------
    received(list)
        The paths a later launch handed over.
    """

    received = Signal(list)

    def __init__(self, open_files: Callable[[list[Path]], None], parent: QObject | None = None):
        super().__init__(parent)
        self._open = open_files
        self._server: QLocalServer | None = None

    @property
    def listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    def set_listening(self, on: bool, name: str | None = None) -> bool:
        """Start or stop listening; False when another window already listens."""
        if not on:
            if self._server is not None:
                self._server.close()
                self._server.deleteLater()
                self._server = None
            return True
        if self.listening:
            return True
        name = name or server_name()
        probe = QLocalSocket()
        probe.connectToServer(name)
        if probe.waitForConnected(200):  # another window serves this user already
            probe.disconnectFromServer()
            return False
        QLocalServer.removeServer(name)  # a socket file left by a crash
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(name):
            server.deleteLater()
            return False
        server.newConnection.connect(self._on_server_new_connection)
        self._server = server
        return True

    def _on_server_new_connection(self) -> None:
        while self._server is not None and (socket := self._server.nextPendingConnection()):
            socket.setParent(self)
            socket.readyRead.connect(lambda s=socket: self._on_socket_ready_read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _on_socket_ready_read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            if socket.bytesAvailable() > MAX_MESSAGE:
                socket.abort()
            return
        line = bytes(socket.readLine(MAX_MESSAGE).data())
        try:
            paths = [Path(p) for p in json.loads(line)["open"] if isinstance(p, str)]
        except (ValueError, KeyError, TypeError):
            socket.write(QByteArray(b"error\n"))
            return
        socket.write(QByteArray(b"ok\n"))
        socket.flush()
        self.received.emit(paths)
        self._open(paths)
