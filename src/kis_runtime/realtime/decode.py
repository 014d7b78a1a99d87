"""`decode(text, ...)`: one raw realtime message, as received, to its typed result. No connection.

Data frames are `<0|1>|<TR_ID>|<NNN>|<values joined by ^>` (1: the values are AES-256-CBC
encrypted, base64, PKCS7-padded, with the key/iv of that TR's acknowledgement); everything else is
JSON: acknowledgements, errors, PINGPONG. Use it on recorded sessions, in tests and on logs.
"""

from __future__ import annotations

import base64
import binascii
import importlib
import json
from collections.abc import Callable, Mapping
from typing import Any

from kis_runtime.realtime.errors import RealtimeFormatError
from kis_runtime.realtime.logs import preview as _preview
from kis_runtime.realtime.messages import Ack, AesKey, Message, Ping, Records, ServerError
from kis_runtime.realtime.record import RealtimeTr

PINGPONG = "PINGPONG"
Lookup = Callable[[str], RealtimeTr]


_FOUND: dict[str, RealtimeTr] = {}


def registry_lookup(tr_id: str) -> RealtimeTr:
    """The generated TR for a real or paper TR id (kis.registry.REALTIME)."""
    found = _FOUND.get(tr_id)
    if found is not None:
        return found
    registry = importlib.import_module("kis.registry").REALTIME
    try:
        tr: RealtimeTr = registry.get(tr_id)
    except KeyError:
        raise RealtimeFormatError(f"unknown realtime TR id {tr_id!r}", tr_id=tr_id) from None
    _FOUND[tr_id] = tr
    return tr


def decrypt(payload: str, aes: AesKey, tr_id: str = "") -> str:
    """AES-256-CBC, base64 in, PKCS7 padding: the plain `^`-joined values."""
    from cryptography.hazmat.primitives import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    try:
        data = base64.b64decode(payload, validate=True)
        decryptor = Cipher(
            algorithms.AES(aes.key.encode("utf-8")), modes.CBC(aes.iv.encode("utf-8"))
        ).decryptor()
        padded = decryptor.update(data) + decryptor.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        return (unpadder.update(padded) + unpadder.finalize()).decode("utf-8")
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise RealtimeFormatError(
            f"{tr_id}: encrypted frame does not decrypt with its key/iv ({type(exc).__name__})",
            tr_id=tr_id,
        ) from None


def encrypt(plain: str, aes: AesKey) -> str:
    """The inverse of `decrypt` (the simulator's side, and tests)."""
    from cryptography.hazmat.primitives import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    padder = padding.PKCS7(128).padder()
    data = padder.update(plain.encode("utf-8")) + padder.finalize()
    encryptor = Cipher(
        algorithms.AES(aes.key.encode("utf-8")), modes.CBC(aes.iv.encode("utf-8"))
    ).encryptor()
    return base64.b64encode(encryptor.update(data) + encryptor.finalize()).decode("ascii")


def decode(
    text: str | bytes,
    keys: Mapping[str, AesKey] | None = None,
    *,
    tr_id: str | None = None,
    lookup: Lookup = registry_lookup,
) -> Message:
    """One message -> Records | Ack | Ping | ServerError; RealtimeFormatError if it is none of them.

    `keys`: TR id -> AesKey for encrypted frames (from their Ack). `tr_id`: read a bare `^`-joined
    record without the `0|TR|NNN|` prefix (as KIS's portal examples show them) as that TR.
    """
    if isinstance(text, bytes):
        text = _utf8(text)
    parts = text.split("|", 3)
    if len(parts) == 4 and parts[0] == "0" and _count(parts[2]):  # a plain data frame
        _, tr_id, count, payload = parts
        tr = lookup(tr_id)
        return Records(tr_id, tr.records_from(payload.split("^"), int(count), tr_id))
    if text[:2] in ("0|", "1|"):
        return _frame(parts, text, keys, lookup)
    if text.lstrip().startswith("{"):
        return _json(text)
    if tr_id is not None and text:
        tr = lookup(tr_id)
        return Records(tr_id, tr.records_from(text.split("^"), 1, tr_id))
    raise RealtimeFormatError(f"not a realtime message: {_preview(text)}")


def _count(text: str) -> bool:
    """A frame's record count: ASCII digits only (str.isdigit() takes "²", which int() refuses)."""
    return text.isascii() and text.isdigit()


def _utf8(data: bytes) -> str:
    """A binary message as text; RealtimeFormatError (naming its TR id, if it shows one) if it is
    not UTF-8. KIS sends text frames; live frames with broken UTF-8 have been reported."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        head = data[:32].split(b"|")
        tr_id = head[1].decode("ascii", "replace") if len(head) > 2 else ""
        tr_id = tr_id if tr_id.isalnum() else ""
        raise RealtimeFormatError(
            f"{tr_id or 'message'}: not UTF-8 ({exc.reason} at byte {exc.start} of {len(data)})",
            tr_id=tr_id,
        ) from None


def _frame(
    parts: list[str], text: str, keys: Mapping[str, AesKey] | None, lookup: Lookup
) -> Records:
    """An encrypted data frame, or a malformed one."""
    if len(parts) != 4 or not _count(parts[2]):
        raise RealtimeFormatError(f"malformed data frame: {_preview(text)}")
    _, tr_id, count, payload = parts
    tr = lookup(tr_id)
    aes = keys.get(tr_id) if keys is not None else None
    if aes is None:
        raise RealtimeFormatError(
            f"{tr_id}: encrypted frame but no AES key/iv for it (from its acknowledgement)",
            tr_id=tr_id,
        )
    plain = decrypt(payload, aes, tr_id)
    return Records(tr_id, tr.records_from(plain.split("^"), int(count), tr_id), True)


def _json(text: str) -> Message:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: nested deeper than Python recurses
        raise RealtimeFormatError(f"malformed JSON message: {_preview(text)}") from None
    if not isinstance(data, dict):
        raise RealtimeFormatError(f"JSON message is not an object: {_preview(text)}")
    header: dict[str, Any] = data["header"] if isinstance(data.get("header"), dict) else {}
    body: dict[str, Any] = data["body"] if isinstance(data.get("body"), dict) else {}
    tr_id = str(header.get("tr_id") or "")
    if tr_id == PINGPONG:
        return Ping(text)
    if not body:
        raise RealtimeFormatError(f"{tr_id or 'message'}: JSON without a body: {_preview(text)}")
    rt_cd, msg_cd, msg1 = (str(body.get(k) or "") for k in ("rt_cd", "msg_cd", "msg1"))
    tr_key = str(header.get("tr_key") or "")
    if rt_cd != "0":
        return ServerError(tr_id, tr_key, rt_cd, msg_cd, msg1)
    output: Any = body.get("output")
    aes = None
    if isinstance(output, dict) and output.get("key") and output.get("iv"):
        aes = AesKey(str(output["key"]), str(output["iv"]))
    encrypted = str(header.get("encrypt") or "N").upper() == "Y"
    return Ack(tr_id, tr_key, msg_cd, msg1, encrypted, aes)
