"""The native WebSocket codec (gateway/ws/native/wire.py) against a codec nobody here wrote:
what the `websockets` client sends is read back as the messages it meant, what the codec
sends parses with `websockets`' own frame parser, and every rule a client can break is
refused with the close code RFC 6455 gives it."""

from __future__ import annotations

import random
import struct

import pytest
from websockets.client import ClientProtocol
from websockets.frames import Close as WsClose
from websockets.frames import Frame, Opcode
from websockets.http11 import Response
from websockets.protocol import State
from websockets.streams import StreamReader
from websockets.uri import parse_uri
from websockets.utils import accept_key as ws_accept_key

from gateway.ws.native.wire import (
    Binary,
    Close,
    FrameReader,
    Message,
    Ping,
    Pong,
    ProtocolError,
    Text,
    accept_key,
    close_frame,
    handshake_response,
    ping_frame,
    pong_frame,
    text_frame,
)

MAX = 1 << 20
LENGTHS = [0, 125, 126, 65535, 65536]  # every length encoding and both edges of each


def client() -> ClientProtocol:
    return ClientProtocol(parse_uri("ws://gateway.test/graphql"), state=State.OPEN)


def sent(protocol: ClientProtocol) -> bytes:
    return b"".join(protocol.data_to_send())


def masked(opcode: Opcode, data: bytes, fin: bool = True) -> bytes:
    return Frame(opcode, data, fin).serialize(mask=True)


def server_frames(data: bytes) -> list[Frame]:
    """`data` as websockets' client parser reads it, which must use every byte."""
    stream = StreamReader()
    stream.feed_data(data)
    stream.feed_eof()
    frames = []
    while stream.buffer:
        parser = Frame.parse(stream.read_exact, mask=False)
        with pytest.raises(StopIteration) as done:
            next(parser)
        frames.append(done.value.value)
    return frames


def mask_server_frame(data: bytes) -> bytes:
    """A frame the codec made, as a client would send it."""
    [frame] = server_frames(data)
    return frame.serialize(mask=True)


def refused(data: bytes, max_message: int = MAX) -> ProtocolError:
    with pytest.raises(ProtocolError) as refusal:
        FrameReader(max_message).feed(data)
    return refusal.value


def a_conversation(close: bool = True) -> tuple[bytes, list[Message]]:
    """What a client sends over one socket (every kind of message, a fragmented one with a
    ping between its fragments, a message in each length encoding) and what it means."""
    c = client()
    c.send_text(b"connection_init")
    c.send_binary(bytes(range(256)))
    c.send_text(b"frag", fin=False)
    c.send_continuation("m\u00e9".encode()[:-1], fin=False)  # ends inside the é
    c.send_ping(b"between")
    c.send_continuation("\u00e9".encode()[-1:] + b"nt", fin=True)
    c.send_pong(b"pong")
    for length in LENGTHS:
        c.send_text(b"x" * length)
    if close:
        c.send_close(1000, "bye")
    expected: list[Message] = [
        Text("connection_init"),
        Binary(bytes(range(256))),
        Ping(b"between"),
        Text("fragm\u00e9nt"),
        Pong(b"pong"),
        *(Text("x" * length) for length in LENGTHS),
    ]
    if close:
        expected.append(Close(1000, "bye"))
    return sent(c), expected


# The handshake


def test_accept_key_is_rfc_6455s_example() -> None:
    # RFC 6455 1.3's example, which websockets' own accept_key gives too.
    assert accept_key("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
    assert accept_key("x3JJHMbDL1EzLkh9GBhXDw==") == ws_accept_key("x3JJHMbDL1EzLkh9GBhXDw==")


@pytest.mark.parametrize("subprotocol", ["graphql-transport-ws", None])
def test_the_handshake_response_opens_a_websockets_client(subprotocol: str | None) -> None:
    c = ClientProtocol(
        parse_uri("ws://gateway.test/graphql"),
        subprotocols=None if subprotocol is None else [subprotocol],  # type: ignore[list-item]
    )
    request = c.connect()
    c.send_request(request)
    c.receive_data(handshake_response(request.headers["Sec-WebSocket-Key"], subprotocol))
    [response] = c.events_received()
    assert isinstance(response, Response) and response.status_code == 101
    assert c.handshake_exc is None
    assert c.state is State.OPEN
    assert c.subprotocol == subprotocol


# What the server sends


@pytest.mark.parametrize("length", LENGTHS)
def test_text_frames_of_every_length_encoding_parse(length: int) -> None:
    text = "y" * length
    [frame] = server_frames(text_frame(text))
    assert (frame.opcode, frame.fin, bytes(frame.data)) == (Opcode.TEXT, True, text.encode())


def test_text_frames_carry_utf_8() -> None:
    [frame] = server_frames(text_frame("caf\u00e9 \u20ac \U0001f600"))
    assert bytes(frame.data).decode() == "caf\u00e9 \u20ac \U0001f600"


def test_ping_and_pong_frames_parse() -> None:
    ping, pong = server_frames(ping_frame(b"are you there") + pong_frame(b"yes"))
    assert (ping.opcode, bytes(ping.data)) == (Opcode.PING, b"are you there")
    assert (pong.opcode, bytes(pong.data)) == (Opcode.PONG, b"yes")


def test_control_frames_over_125_bytes_are_not_sent() -> None:
    for make in (ping_frame, pong_frame):
        assert server_frames(make(b"p" * 125))[0].data == b"p" * 125
        with pytest.raises(ValueError):
            make(b"p" * 126)


@pytest.mark.parametrize(
    ("code", "reason"), [(1000, ""), (1002, "frame not masked"), (4403, "Forbidden")]
)
def test_close_frames_parse(code: int, reason: str) -> None:
    [frame] = server_frames(close_frame(code, reason))
    assert frame.opcode == Opcode.CLOSE
    assert WsClose.parse(bytes(frame.data)) == WsClose(code, reason)


def test_a_close_frame_without_a_code_is_empty() -> None:
    [frame] = server_frames(close_frame(None))
    assert (frame.opcode, frame.data) == (Opcode.CLOSE, b"")
    with pytest.raises(ValueError):
        close_frame(None, "a reason needs a code")


@pytest.mark.parametrize(
    ("character", "kept"),
    [("a", 123), ("\u00e9", 61), ("\u20ac", 41), ("\U0001f600", 30)],
)
def test_a_long_close_reason_is_cut_on_a_character_boundary(character: str, kept: int) -> None:
    frame = close_frame(1008, character * 200)
    [parsed] = server_frames(frame)
    assert len(parsed.data) <= 125
    # Close.parse decodes strictly: a cut inside a character would raise here.
    assert WsClose.parse(bytes(parsed.data)) == WsClose(1008, character * kept)


def test_close_frames_round_trip_through_the_reader() -> None:
    for code, reason in [(1000, ""), (1011, "internal error"), (4499, "\u00e9" * 61)]:
        assert FrameReader(MAX).feed(mask_server_frame(close_frame(code, reason))) == [
            Close(code, reason)
        ]


# What the client sends


@pytest.mark.parametrize("length", LENGTHS)
def test_text_of_every_length_encoding_is_read(length: int) -> None:
    text = "\u00e9" * (length // 2) + "z" * (length % 2)  # `length` bytes of UTF-8
    c = client()
    c.send_text(text.encode())
    assert FrameReader(MAX).feed(sent(c)) == [Text(text)]


def test_a_message_in_three_fragments_with_a_ping_between() -> None:
    c = client()
    c.send_text(b'{"type":', fin=False)
    c.send_continuation(b'"ping"', fin=False)
    c.send_ping(b"keepalive")
    c.send_continuation(b"}", fin=True)
    reader = FrameReader(MAX)
    assert reader.feed(sent(c)) == [Ping(b"keepalive"), Text('{"type":"ping"}')]


def test_binary_messages_are_unmasked_whole() -> None:
    # Not a multiple of the mask's four bytes, so the mask's tail is used too.
    payload = random.Random(6455).randbytes(MAX - 3)
    c = client()
    c.send_binary(payload)
    assert FrameReader(MAX).feed(sent(c)) == [Binary(payload)]


def test_one_byte_at_a_time_reads_as_all_at_once() -> None:
    data, expected = a_conversation()
    assert FrameReader(MAX).feed(data) == expected
    reader = FrameReader(MAX)
    one_by_one = [message for i in range(len(data)) for message in reader.feed(data[i : i + 1])]
    assert one_by_one == expected


def test_a_split_anywhere_reads_the_same() -> None:
    c = client()
    c.send_text(b"a" * 130, fin=False)
    c.send_ping(b"p")
    c.send_continuation(b"b", fin=True)
    c.send_binary(b"c")
    data = sent(c)
    expected = [Ping(b"p"), Text("a" * 130 + "b"), Binary(b"c")]
    for cut in range(len(data) + 1):
        reader = FrameReader(MAX)
        assert reader.feed(data[:cut]) + reader.feed(data[cut:]) == expected


def test_nothing_after_a_close_is_read() -> None:
    c = client()
    c.send_close(1001, "going away")
    after = masked(Opcode.TEXT, b"after the close")
    reader = FrameReader(MAX)
    assert reader.feed(sent(c) + after) == [Close(1001, "going away")]
    assert reader.feed(after) == []


def test_an_empty_close_has_no_code() -> None:
    c = client()
    c.send_close()
    assert FrameReader(MAX).feed(sent(c)) == [Close(None, "")]


@pytest.mark.parametrize("code", [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 4999])
def test_valid_close_codes_are_read(code: int) -> None:
    assert FrameReader(MAX).feed(masked(Opcode.CLOSE, struct.pack("!H", code))) == [Close(code, "")]


def test_control_frames_do_not_count_toward_the_message_size() -> None:
    c = client()
    c.send_ping(b"p" * 125)
    c.send_text(b"t" * 10)
    assert FrameReader(10).feed(sent(c)) == [Ping(b"p" * 125), Text("t" * 10)]


# What an idle socket holds


def test_a_reader_between_messages_holds_no_buffer() -> None:
    reader = FrameReader(MAX)
    assert not hasattr(reader, "__dict__")
    # Stop inside a fragmented message's frame: there is something held then...
    c = client()
    c.send_text(b"half", fin=False)
    fragment = sent(c)
    assert reader.feed(fragment[:3]) == []
    assert reader._pending
    assert reader.feed(fragment[3:]) == []
    assert reader._parts
    c.send_continuation(b"done", fin=True)
    assert reader.feed(sent(c)) == [Text("halfdone")]
    # ...and nothing once messages are complete, however they arrived.
    data, expected = a_conversation(close=False)
    read = [
        message for i in range(0, len(data), 1000) for message in reader.feed(data[i : i + 1000])
    ]
    assert read == expected
    for name in FrameReader.__slots__:
        value = getattr(reader, name)
        assert value is None or type(value) in (int, bool) or value == b"", (name, value)
    assert reader._pending is None and reader._parts is None


# What a client may not send: each rule, refused with its code


def test_unmasked_frames_are_refused() -> None:
    assert refused(Frame(Opcode.TEXT, b"hi").serialize(mask=False)).code == 1002


@pytest.mark.parametrize("bit", [0x40, 0x20, 0x10])
def test_reserved_bits_are_refused(bit: int) -> None:
    frame = bytearray(masked(Opcode.TEXT, b"hi"))
    frame[0] |= bit
    assert refused(bytes(frame)).code == 1002


@pytest.mark.parametrize("opcode", [3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF])
def test_unknown_opcodes_are_refused(opcode: int) -> None:
    frame = bytearray(masked(Opcode.BINARY, b"hi"))
    frame[0] = 0x80 | opcode
    assert refused(bytes(frame)).code == 1002


@pytest.mark.parametrize("opcode", [Opcode.CLOSE, Opcode.PING, Opcode.PONG])
def test_fragmented_control_frames_are_refused(opcode: Opcode) -> None:
    frame = bytearray(masked(opcode, struct.pack("!H", 1000)))
    frame[0] &= 0x7F
    assert refused(bytes(frame)).code == 1002


@pytest.mark.parametrize("opcode", [Opcode.CLOSE, Opcode.PING, Opcode.PONG])
def test_control_frames_over_125_bytes_are_refused(opcode: Opcode) -> None:
    # websockets will not make one: a data frame of 126 bytes given a control opcode.
    frame = bytearray(masked(Opcode.BINARY, struct.pack("!H", 1000) + b"r" * 124))
    frame[0] = 0x80 | opcode
    assert refused(bytes(frame)).code == 1002


def test_a_continuation_without_a_message_is_refused() -> None:
    assert refused(masked(Opcode.CONT, b"orphan")).code == 1002
    assert refused(masked(Opcode.TEXT, b"whole") + masked(Opcode.CONT, b"more")).code == 1002


@pytest.mark.parametrize("opcode", [Opcode.TEXT, Opcode.BINARY])
def test_a_new_message_before_the_last_ended_is_refused(opcode: Opcode) -> None:
    data = masked(Opcode.TEXT, b"first", fin=False) + masked(opcode, b"second")
    assert refused(data).code == 1002


def test_a_message_over_the_limit_is_refused() -> None:
    assert FrameReader(10).feed(masked(Opcode.TEXT, b"t" * 10)) == [Text("t" * 10)]
    assert refused(masked(Opcode.TEXT, b"t" * 11), max_message=10).code == 1009
    fragments = masked(Opcode.TEXT, b"t" * 6, fin=False) + masked(Opcode.CONT, b"t" * 5)
    assert refused(fragments, max_message=10).code == 1009


@pytest.mark.parametrize("length", [1000, 1 << 40])
def test_a_message_over_the_limit_is_refused_on_its_header(length: int) -> None:
    # Only the header arrives: the declared length alone is enough to refuse it.
    header = masked(Opcode.BINARY, b"")[:1] + (
        bytes([0x80 | 126]) + struct.pack("!H", length)
        if length < 65536
        else bytes([0x80 | 127]) + struct.pack("!Q", length)
    )
    assert refused(header, max_message=100).code == 1009


def test_a_64_bit_length_with_its_top_bit_set_is_refused() -> None:
    frame = bytearray(masked(Opcode.BINARY, b"b" * 65536))
    assert frame[1] == 0x80 | 127
    frame[2] |= 0x80
    assert refused(bytes(frame[:14])).code == 1002


@pytest.mark.parametrize("payload", [b"\xff", b"\xed\xa0\x80", "\u00e9".encode()[:1]])
def test_text_that_is_not_utf_8_is_refused(payload: bytes) -> None:
    assert refused(masked(Opcode.TEXT, payload)).code == 1007


def test_text_fragments_that_end_inside_a_character_are_refused() -> None:
    data = masked(Opcode.TEXT, b"ok", fin=False) + masked(Opcode.CONT, "\u20ac".encode()[:2])
    assert refused(data).code == 1007


def test_a_close_payload_of_one_byte_is_refused() -> None:
    refusal = refused(masked(Opcode.CLOSE, b"\x03"))
    # One byte read as a code would be refused as an invalid code; this is the other rule.
    assert (refusal.code, "one byte" in refusal.reason) == (1002, True)


@pytest.mark.parametrize("code", [0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000])
def test_invalid_close_codes_are_refused(code: int) -> None:
    assert refused(masked(Opcode.CLOSE, struct.pack("!H", code))).code == 1002


def test_a_close_reason_that_is_not_utf_8_is_refused() -> None:
    assert refused(masked(Opcode.CLOSE, struct.pack("!H", 1000) + b"\xc3")).code == 1007


def test_a_reader_that_refused_reads_nothing_more() -> None:
    reader = FrameReader(MAX)
    with pytest.raises(ProtocolError):
        reader.feed(Frame(Opcode.TEXT, b"hi").serialize(mask=False))
    assert reader.feed(masked(Opcode.TEXT, b"hi")) == []
    assert reader._pending is None and reader._parts is None
