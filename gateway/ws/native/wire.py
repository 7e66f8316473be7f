"""The server's side of RFC 6455 without I/O: the 101 response to an upgrade, the frames a
server sends, and FrameReader, which turns a client's bytes into whole messages. No
extensions are negotiated, so every reserved bit is refused. A reader between messages holds
no buffer: thousands of idle sockets cost one small object each."""

from __future__ import annotations

import base64
import hashlib
import struct
from dataclasses import dataclass

__all__ = [
    "Binary",
    "Close",
    "FrameReader",
    "Message",
    "Ping",
    "Pong",
    "ProtocolError",
    "Text",
    "accept_key",
    "close_frame",
    "handshake_response",
    "ping_frame",
    "pong_frame",
    "text_frame",
]

_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
_CONTROL_MAX = 125


class ProtocolError(Exception):
    """A client broke the protocol: close with `code` (1002 protocol error, 1007 invalid
    payload data, 1009 message too big) and `reason`."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(code, reason)
        self.code = code
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class Binary:
    data: bytes


@dataclass(frozen=True, slots=True)
class Ping:
    data: bytes


@dataclass(frozen=True, slots=True)
class Pong:
    data: bytes


@dataclass(frozen=True, slots=True)
class Close:
    code: int | None  # None: the client sent no status code
    reason: str


Message = Text | Binary | Ping | Pong | Close


def _unmask(payload: bytes | bytearray, mask: bytes | bytearray) -> bytes:
    # One XOR of two big ints runs in C; a loop over bytes would cost ~50 ns a byte.
    n = len(payload)
    key = mask * (n // 4) + mask[: n % 4]
    return (int.from_bytes(payload, "little") ^ int.from_bytes(key, "little")).to_bytes(n, "little")


def _close(payload: bytes) -> Close:
    if not payload:
        return Close(None, "")
    if len(payload) == 1:
        raise ProtocolError(1002, "close payload of one byte")
    code = int.from_bytes(payload[:2], "big")
    # RFC 6455 7.4: 1004-1006 and 1015 are never sent; 1012-1014 are in IANA's registry.
    if not (1000 <= code <= 1003 or 1007 <= code <= 1014 or 3000 <= code <= 4999):
        raise ProtocolError(1002, "invalid close code")
    try:
        return Close(code, payload[2:].decode())
    except UnicodeDecodeError:
        raise ProtocolError(1007, "close reason not utf-8") from None


class FrameReader:
    """Whole messages out of a client's bytes. After a Close it ignores what follows; after
    a ProtocolError it is spent, as the socket is about to be closed."""

    # _pending: bytes of an incomplete frame; _parts: fragments of an incomplete message.
    # Both are None between messages, the state of an idle socket.
    __slots__ = ("_done", "_max", "_parts", "_pending", "_size", "_text")

    def __init__(self, max_message: int) -> None:
        self._max = max_message
        self._pending: bytearray | None = None
        self._parts: list[bytes] | None = None
        self._size = 0
        self._text = False
        self._done = False

    def feed(self, data: bytes) -> list[Message]:
        """Every complete message in what has arrived so far (data may hold part of a frame,
        several frames, or frames split anywhere); raises ProtocolError."""
        if self._done:
            return []
        try:
            return self._feed(data)
        except ProtocolError:
            self._done = True
            self._pending = self._parts = None
            raise

    def _feed(self, data: bytes) -> list[Message]:
        pending = self._pending
        if pending is not None:
            pending += data
        # The common case, whole frames in one read, copies nothing.
        buf: bytes | bytearray = data if pending is None else pending
        n, pos = len(buf), 0
        out: list[Message] = []
        while n - pos >= 2:
            b0, b1 = buf[pos], buf[pos + 1]
            opcode = b0 & 0x0F
            fin = b0 & 0x80
            length = b1 & 0x7F
            # Every rule that the first two bytes decide is enforced before waiting for more.
            if b0 & 0x70:
                raise ProtocolError(1002, "reserved bits set")
            if not b1 & 0x80:
                raise ProtocolError(1002, "frame not masked")
            if 2 < opcode < 8 or opcode > 10:
                raise ProtocolError(1002, "unknown opcode")
            if opcode >= 8 and not fin:
                raise ProtocolError(1002, "fragmented control frame")
            if opcode >= 8 and length > _CONTROL_MAX:
                raise ProtocolError(1002, "control frame too long")
            if opcode == 0 and self._parts is None:
                raise ProtocolError(1002, "continuation without a message")
            if opcode in (1, 2) and self._parts is not None:
                raise ProtocolError(1002, "new message before the last one ended")
            head = pos + 2
            if length >= 126:
                extended = 2 if length == 126 else 8
                if n - head < extended:
                    break
                length = int.from_bytes(buf[head : head + extended], "big")
                head += extended
                if length >> 63:
                    raise ProtocolError(1002, "length has its top bit set")
            # Refused on the declared length, so a huge one never makes us buffer.
            if opcode < 8 and self._size + length > self._max:
                raise ProtocolError(1009, "message too big")
            end = head + 4 + length
            if n < end:
                break
            payload = _unmask(buf[head + 4 : end], buf[head : head + 4])
            pos = end
            if opcode == 8:
                self._done = True  # nothing after a close is read
                self._pending = self._parts = None
                return [*out, _close(payload)]
            if opcode == 9:
                out.append(Ping(payload))
            elif opcode == 10:
                out.append(Pong(payload))
            elif not fin:
                if self._parts is None:
                    self._parts, self._text = [], opcode == 1
                self._parts.append(payload)
                self._size += length
            elif self._parts is None:
                out.append(_message(payload, opcode == 1))
            else:
                self._parts.append(payload)
                out.append(_message(b"".join(self._parts), self._text))
                self._parts, self._size = None, 0
        if pos == n:
            self._pending = None
        elif pos or pending is None:  # keep only the incomplete frame
            self._pending = bytearray(memoryview(buf)[pos:])
        return out


def _message(payload: bytes, text: bool) -> Text | Binary:
    if not text:
        return Binary(payload)
    # Decoded whole: a fragment may end inside a character.
    try:
        return Text(payload.decode())
    except UnicodeDecodeError:
        raise ProtocolError(1007, "text not utf-8") from None


def accept_key(key: str) -> str:
    return base64.b64encode(hashlib.sha1((key + _GUID).encode()).digest()).decode()  # noqa: S324


def handshake_response(key: str, subprotocol: str | None) -> bytes:
    # The subprotocol is one the server chose from its own list, never the client's text.
    protocol = "" if subprotocol is None else f"Sec-WebSocket-Protocol: {subprotocol}\r\n"
    return (
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Accept: {accept_key(key)}\r\n{protocol}\r\n"
    ).encode()


def _control(opcode: int, payload: bytes) -> bytes:
    if len(payload) > _CONTROL_MAX:
        raise ValueError("a control frame carries at most 125 bytes")
    return struct.pack("!BB", 0x80 | opcode, len(payload)) + payload


def text_frame(text: str | bytes) -> bytes:
    """A text frame; bytes are taken as UTF-8 already (orjson's output), not checked."""
    payload = text.encode() if isinstance(text, str) else text
    n = len(payload)
    if n < 126:
        return struct.pack("!BB", 0x81, n) + payload
    if n < 65536:
        return struct.pack("!BBH", 0x81, 126, n) + payload
    return struct.pack("!BBQ", 0x81, 127, n) + payload


def ping_frame(payload: bytes) -> bytes:
    return _control(9, payload)


def pong_frame(payload: bytes) -> bytes:
    return _control(10, payload)


def close_frame(code: int | None, reason: str = "") -> bytes:
    if code is None:
        if reason:
            raise ValueError("a close reason needs a code")
        return _control(8, b"")
    # A reason cut inside a character would be invalid UTF-8, which clients refuse (1007);
    # "ignore" drops only that trailing partial character.
    cut = reason.encode()[: _CONTROL_MAX - 2].decode(errors="ignore").encode()
    return _control(8, struct.pack("!H", code) + cut)
