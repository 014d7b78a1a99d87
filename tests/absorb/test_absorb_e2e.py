"""README "When KIS adds a field", end to end on a copy of spec/: replies and frames carrying what
no spec names are recorded by the clients' `record=`, `python -m codegen absorb` proposes the
fields as a diff, `--write` appends them, `generate` builds the package, and a fresh call through
that package reads the new values typed (nothing left in unknown_keys / extra)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

import kis
from kis.domestic_stock.trading import order_cash
from kis_runtime.realtime.decode import encrypt
from kis_runtime.realtime.messages import AesKey
from kis_runtime.recording import Recorder
from tests.conftest import APP_KEY, APP_SECRET, CANO, FakeKis, no_sleep

ROOT = Path(__file__).parents[2]
SPECS = (
    "_common.yaml",
    "domestic_stock/trading/order_cash.yaml",
    "realtime/domestic_stock/ccnl_krx.yaml",
    "realtime/domestic_stock/ccnl_notice.yaml",
)
# What KIS might add tomorrow: two keys in the order reply, two values past H0STCNT0's 46.
ORDER_REPLY = {
    "rt_cd": "0",
    "msg_cd": "APBK0013",
    "msg1": "주문 전송 완료 되었습니다.",
    "output": {
        "KRX_FWDG_ORD_ORGNO": "03930",
        "ODNO": "0000085100",
        "ORD_TMD": "094414",
        "SOR_ODNO": "",
        "NXT_ORD_QTY": "12",
        "ORD_RJCT_RSON": "",
    },
}
TICK = [
    "005930", "093354", "71900", "5", "-100", "-0.14", "72023.83", "72100", "72400", "71700",
    "71900", "71800", "1", "3052507", "219853241700", "5105", "6937", "1832", "84.90", "1366314",
    "1567672", "1", "0.39", "20.28", "083000", "5", "-200", "090004", "5", "-500", "090005",
    "5", "-300", "20230612", "20", "N", "65945", "216924", "1118750", "2199206", "0.05",
    "2424142", "125.92", "0", "", "71900",
]  # fmt: skip
EXTRA = ["1250", "NX"]


def codegen(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "codegen", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )


def record_live_use(recordings: Path) -> None:
    """An order placed and ticks received with recording on, as a user's program would."""
    assert len(TICK) == 46  # H0STCNT0's fields; EXTRA are values past them
    fake = FakeKis()
    fake.reply(ORDER_REPLY)
    with kis.Client(
        APP_KEY,
        APP_SECRET,
        transport=httpx.MockTransport(fake),
        rate_limit=0,
        sleep=no_sleep,
        record=recordings,
    ) as client:
        request = order_cash.OrderCashRequest(
            cano=CANO, acnt_prdt_cd="01", pdno="005930", ord_dvsn="00", ord_qty=12, ord_unpr=71900
        )
        reply = order_cash.fetch(client, request, variant="buy")
    assert reply.unknown_keys == ("output.NXT_ORD_QTY", "output.ORD_RJCT_RSON")
    recorder = Recorder(recordings)  # what RealtimeClient(record=...) calls per message
    for _ in range(3):
        recorder.frame("0|H0STCNT0|001|" + "^".join(TICK + EXTRA), {})
    recorder.frame('{"header": {"tr_id": "PINGPONG"}}', {})  # not a data frame: not recorded
    recorder.close()


FRESH_CALL = """
import httpx, kis, kis.realtime as rt
assert kis.__file__.startswith(OUT), kis.__file__
from kis.domestic_stock.trading import order_cash
def handler(request):
    if request.url.path == "/oauth2/tokenP":
        return httpx.Response(200, json={"access_token": "t" * 20, "expires_in": 86400})
    return httpx.Response(200, json=REPLY)
with kis.Client("k" * 36, "s" * 40, transport=httpx.MockTransport(handler), rate_limit=0,
                token_cache=False) as client:
    req = order_cash.OrderCashRequest(cano="12345678", acnt_prdt_cd="01", pdno="005930",
                                      ord_dvsn="00", ord_qty=1, ord_unpr=1)
    r = order_cash.fetch(client, req, variant="buy")
tick = rt.decode(FRAME).records[0]
print(repr(r.output.nxt_ord_qty), repr(r.output.ord_rjct_rson), r.unknown_keys,
      repr(tick.unnamed_47), repr(tick.unnamed_48), tick.extra)
"""


def test_recorded_fields_are_absorbed_and_typed_in_a_fresh_call(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    for name in SPECS:
        (spec / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "spec" / name, spec / name)
    recordings = tmp_path / "recordings"
    record_live_use(recordings)
    assert len(list(recordings.glob("*.json"))) == 1
    assert len(list(recordings.glob("*.ndjson"))) == 1

    proposed = codegen("absorb", str(recordings), "--spec", str(spec))
    assert proposed.returncode == 0, proposed.stderr
    diff = proposed.stdout
    assert "+++ b/spec/domestic_stock/trading/order_cash.yaml" in diff
    assert '+          doc_fix: "seen in 1 live replies, first ' in diff
    assert "+        - name: NXT_ORD_QTY\n" in diff and "+          type: int\n" in diff
    assert "+  - name: UNNAMED_47\n" in diff and "seen in 3 live records" in diff
    assert "+        - name: SOR_ODNO" not in diff  # already in the spec: never touched
    before = (spec / SPECS[1]).read_text("utf-8")
    assert (spec / SPECS[1]).read_text("utf-8") == before  # a proposal writes nothing

    written = codegen("absorb", str(recordings), "--spec", str(spec), "--write")
    assert written.returncode == 0, written.stderr
    after = (spec / SPECS[1]).read_text("utf-8")
    assert after.startswith(before.rstrip("\n"))  # only appended: the rest is byte for byte
    again = codegen("absorb", str(recordings), "--spec", str(spec), "--write")
    assert "0 field(s) to add" in again.stdout  # idempotent
    assert (spec / SPECS[1]).read_text("utf-8") == after

    out = tmp_path / "generated"
    done = codegen("generate", "--spec", str(spec), "--out", str(out))
    assert done.returncode == 0, done.stderr
    script = (
        f"OUT = {str(out)!r}\nREPLY = {ORDER_REPLY!r}\n"
        f"FRAME = {'0|H0STCNT0|001|' + '^'.join(TICK + EXTRA)!r}\n" + FRESH_CALL
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(out), str(ROOT / "src")])}
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["12", "''", "()", "1250", "'NX'", "()"]


def test_a_sibling_spec_names_an_extra_value(tmp_path: Path) -> None:
    """A realtime spec whose fields begin with the recorded TR's names position 47 for it."""
    spec = tmp_path / "spec"
    for name in SPECS:
        (spec / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "spec" / name, spec / name)
    krx = (spec / SPECS[2]).read_text("utf-8")
    sibling = krx.replace("H0STCNT0", "H0ZZCNT0").replace("paper: H0STCNT0", "paper: unsupported")
    sibling += "  - {name: NXT_CNTG_VOL, title: NXT 체결 거래량, type: int, length: 8}\n"
    (spec / "realtime/domestic_stock/ccnl_sibling.yaml").write_text(sibling, "utf-8")
    recordings = tmp_path / "recordings"
    recorder = Recorder(recordings)
    recorder.frame("0|H0STCNT0|001|" + "^".join(TICK + EXTRA), {})
    recorder.close()

    proposed = codegen("absorb", str(recordings), "--spec", str(spec))
    assert proposed.returncode == 0, proposed.stderr
    assert "+  - name: NXT_CNTG_VOL\n" in proposed.stdout
    assert "named as in realtime/domestic_stock/ccnl_sibling.yaml" in proposed.stdout
    assert "+  - name: UNNAMED_48\n" in proposed.stdout  # no sibling has a 48th value


def test_a_value_a_typed_field_cannot_read_is_reported(tmp_path: Path) -> None:
    recordings = tmp_path / "recordings"
    recordings.mkdir()
    body = json.loads(json.dumps(ORDER_REPLY))
    body["output"]["ORD_TMD"] = "9:44"  # the spec reads ORD_TMD as a time, HHMMSS
    record = {
        "format": "kis-recording/1",
        "kind": "rest",
        "tr_id": "TTTC0012U",
        "time": "2026-11-30T01:02:03+00:00",
        "status": 200,
        "body": body,
    }
    (recordings / "one.json").write_text(json.dumps(record), "utf-8")
    result = codegen("absorb", str(recordings))
    assert result.returncode == 0, result.stderr
    assert (
        "note: domestic_stock/trading/order_cash.yaml: output.ORD_TMD (time) could not read "
        "1 value(s): '9:44' in one.json (expected HHMMSS)" in result.stdout
    )
    assert "first 2026-11-30" in result.stdout


def test_a_broken_recording_is_named(tmp_path: Path) -> None:
    recordings = tmp_path / "recordings"
    recordings.mkdir()
    line = '{"format": "kis-recording/1", "records": [["1"]]}'
    (recordings / "frames.ndjson").write_text("\n" + line + "\n", "utf-8")
    result = codegen("absorb", str(recordings))
    assert result.returncode == 1
    assert "absorb: frames.ndjson:2: missing 'tr_id'" in result.stderr


def test_recordings_hold_no_secret(tmp_path: Path) -> None:
    """Shareable: app key, secret, token and account numbers never reach a recording, even in a
    key no spec names; a realtime notice's account and HTS ID are masked, decrypted values too."""
    recordings = tmp_path / "recordings"
    reply = json.loads(json.dumps(ORDER_REPLY))
    reply["output"]["NEW_ACNO"] = CANO + "01"  # a key the spec lacks, named like an account
    reply["output"]["ECHO"] = f"계좌 {CANO} 주문"  # the account echoed in a text
    fake = FakeKis()
    fake.reply(reply)
    with kis.Client(
        APP_KEY,
        APP_SECRET,
        transport=httpx.MockTransport(fake),
        rate_limit=0,
        sleep=no_sleep,
        record=recordings,
    ) as client:
        request = order_cash.OrderCashRequest(
            cano=CANO, acnt_prdt_cd="01", pdno="005930", ord_dvsn="00", ord_qty=1, ord_unpr=1
        )
        order_cash.fetch(client, request, variant="buy")
        token = client.access_token()
    aes = AesKey("k" * 32, "i" * 16)
    notice = ["hts-user1", "7310904201"] + ["0"] * 24 + ["7310904201-x"]
    recorder = Recorder(recordings)
    recorder.frame("1|H0STCNI0|001|" + encrypt("^".join(notice), aes), {"H0STCNI0": aes})
    recorder.close()
    texts = [p.read_text("utf-8") for p in sorted(recordings.iterdir())]
    assert len(texts) == 2
    everything = "\n".join(texts)
    for secret in (APP_KEY, APP_SECRET, token, CANO, "hts-user1", "k" * 32, "i" * 16):
        assert secret not in everything
    rest = json.loads(texts[0])
    assert rest["params"]["CANO"] == "***"
    assert rest["body"]["output"]["NEW_ACNO"] == "***"
    assert rest["body"]["output"]["ECHO"] == "계좌 *** 주문"
    frame = json.loads(texts[1])
    assert frame["tr_id"] == "H0STCNI0" and frame["encrypted"] is True
    assert frame["records"][0][:3] == ["***", "***", "0"]
    assert frame["records"][0][26] == "***-x"  # an extra value holding the account


def test_reimporting_a_page_keeps_its_absorbed_fields(tmp_path: Path) -> None:
    """`import PAGE -o FILE` over a spec with absorbed fields (SOR_ODNO, from the public replies
    in tests/data/recordings) writes the page's fields and keeps the absorbed ones."""
    committed = ROOT / "spec/domestic_stock/trading/order_cash.yaml"
    assert "name: SOR_ODNO" in committed.read_text("utf-8")
    target = tmp_path / "order_cash.yaml"
    shutil.copy(committed, target)
    page = ROOT / "docs/kis-pages/uapi__domestic-stock__v1__trading__order-cash.md"
    done = codegen("import", str(page), "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert target.read_text("utf-8") == committed.read_text("utf-8")
    target.write_text(committed.read_text("utf-8").split("        - name: SOR_ODNO")[0], "utf-8")
    codegen("import", str(page), "-o", str(target))  # a spec without absorbed fields: none added
    assert "SOR_ODNO" not in target.read_text("utf-8")


def test_a_reply_the_binding_refuses_is_recorded_and_reported(tmp_path: Path) -> None:
    """The reply is written before it is read: an off-spec value that makes the call raise
    ResponseFormatError is in the recording, and absorb names the field and the value."""
    recordings = tmp_path / "recordings"
    body = json.loads(json.dumps(ORDER_REPLY))
    body["output"]["ORD_TMD"] = "25:00:00"
    fake = FakeKis()
    fake.reply(body)
    with kis.Client(
        APP_KEY,
        APP_SECRET,
        transport=httpx.MockTransport(fake),
        rate_limit=0,
        sleep=no_sleep,
        record=recordings,
    ) as client:
        request = order_cash.OrderCashRequest(
            cano=CANO, acnt_prdt_cd="01", pdno="005930", ord_dvsn="00", ord_qty=1, ord_unpr=1
        )
        with pytest.raises(kis.ResponseFormatError) as caught:
            order_cash.fetch(client, request, variant="buy")
    assert caught.value.accepted
    result = codegen("absorb", str(recordings))
    assert result.returncode == 0, result.stderr
    assert "output.ORD_TMD (time) could not read 1 value(s): '25:00:00' in " in result.stdout
