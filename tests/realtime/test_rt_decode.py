"""kis.realtime.decode: raw messages as KIS sends them -> typed results, no connection."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

import kis.realtime as rt
from kis.realtime.domestic_stock import asking_price_krx, ccnl_krx, ccnl_notice
from kis.registry import REALTIME
from kis_runtime import fields as kf
from kis_runtime.model import Record

SAMPLE = {"str": "X", "int": "12", "Decimal": "1.5", "date": "20260125", "time": "090102"}


def values(tr: rt.RealtimeTr, **overrides: str) -> list[str]:
    """One record in the TR's first layout; its key field holds a code."""
    infos = tr.layout_fields()
    out = [SAMPLE[f.type] if f.name != tr.key else "005930" for f in infos]
    names = [f.name for f in infos]
    for name, value in overrides.items():
        out[names.index(name)] = value
    return out


def frame(tr_id: str, records: list[list[str]], flag: str = "0") -> str:
    flat = [v for record in records for v in record]
    return f"{flag}|{tr_id}|{len(records):03d}|{'^'.join(flat)}"


def test_registry_lists_every_realtime_tr_by_real_and_paper_id() -> None:
    specs = list((Path(__file__).parents[2] / "spec/realtime").rglob("*.yaml"))
    assert len(REALTIME) == len(specs) >= 52  # every realtime spec, however many are added
    assert REALTIME.get("H0STCNT0") is ccnl_krx.TR
    assert REALTIME.get("H0STCNI9") is ccnl_notice.TR  # the paper id of 체결통보
    assert "H0EUCNI0" in REALTIME and "H0BJASP0" in REALTIME  # the two pages with a wrong TR id
    with pytest.raises(KeyError, match="H0XXXXX0"):
        REALTIME.get("H0XXXXX0")
    encrypted = sorted(tr.tr_id for tr in REALTIME if tr.encrypted)
    assert {"H0EUCNI0", "H0IFCNI0", "H0MFCNI0", "H0STCNI0", "HDFFF1C0"} <= set(encrypted)
    assert all(tr.tr_key == "hts_id" for tr in REALTIME if tr.encrypted)


def test_one_record_typed_in_wire_order() -> None:
    tr = ccnl_krx.TR
    v = values(tr, MKSC_SHRN_ISCD="005930", STCK_PRPR="71900", CNTG_VOL="15", BSOP_DATE="20260125")
    result = rt.decode(frame("H0STCNT0", [v]))
    assert isinstance(result, rt.Records) and result.tr_id == "H0STCNT0"
    (record,) = result.records
    assert isinstance(record, ccnl_krx.CcnlKrxRecord)
    assert record.mksc_shrn_iscd == "005930"
    assert record.stck_prpr == Decimal("71900")
    assert record.cntg_vol == 15
    assert record.stck_cntg_hour == dt.time(9, 1, 2)
    assert record.bsop_date == dt.date(2026, 1, 25)
    assert record.extra == ()
    assert [f.name for f in tr.fields][:3] == ["MKSC_SHRN_ISCD", "STCK_CNTG_HOUR", "STCK_PRPR"]


def test_four_records_in_one_frame_split_exactly() -> None:
    records = [values(ccnl_krx.TR, STCK_PRPR=str(100 + i)) for i in range(4)]
    result = rt.decode(frame("H0STCNT0", records))
    assert isinstance(result, rt.Records)
    assert [r.stck_prpr for r in result.records] == [100, 101, 102, 103]


def test_extra_trailing_values_are_kept_per_record() -> None:
    tr = asking_price_krx.TR  # live H0STASP0 frames carry more values than the doc lists
    records = [[*values(tr), "a", "b", "c"], [*values(tr), "d", "e", "f"]]
    result = rt.decode(frame("H0STASP0", records))
    assert isinstance(result, rt.Records)
    assert [r.extra for r in result.records] == [("a", "b", "c"), ("d", "e", "f")]
    records[1][[f.type for f in tr.fields].index("int")] = ""  # read again by the checked decoder
    again = rt.decode(frame("H0STASP0", records))
    assert isinstance(again, rt.Records) and again.records[0] == result.records[0]
    assert [r.extra for r in again.records] == [("a", "b", "c"), ("d", "e", "f")]
    assert again.records[1] != result.records[1]


def test_no_value_markers_become_none_never_a_wrong_value() -> None:
    v = values(ccnl_krx.TR, STCK_PRPR="", PRDY_VRSS="(null)", PRDY_CTRT="nan", CNTG_VOL="-nan")
    v[[f.name for f in ccnl_krx.TR.fields].index("STCK_CNTG_HOUR")] = ""
    v[[f.name for f in ccnl_krx.TR.fields].index("CCLD_DVSN")] = "(null)"
    result = rt.decode(frame("H0STCNT0", [v]))
    assert isinstance(result, rt.Records)
    record = result.records[0]
    assert (record.stck_prpr, record.prdy_vrss, record.prdy_ctrt, record.cntg_vol) == (None,) * 4
    assert record.stck_cntg_hour is None
    assert record.ccld_dvsn == ""  # a str field's (null) is no value
    v[0] = "(null)"  # but a key field without a tr_key: the record cannot be placed
    with pytest.raises(rt.RealtimeFormatError, match=r"key field MKSC_SHRN_ISCD holds '\(null\)'"):
        rt.decode(frame("H0STCNT0", [v]))


@pytest.mark.parametrize(
    ("field", "value"), [("STCK_PRPR", "abc"), ("CNTG_VOL", "1.5"), ("STCK_CNTG_HOUR", "250000")]
)
def test_a_bad_value_names_tr_field_and_value(field: str, value: str) -> None:
    with pytest.raises(rt.RealtimeFormatError, match=f"H0STCNT0: field {field} .*'{value}'"):
        rt.decode(frame("H0STCNT0", [values(ccnl_krx.TR, **{field: value})]))


def test_value_counts_that_do_not_split_into_records_are_refused() -> None:
    short = values(ccnl_krx.TR)[:-1]
    with pytest.raises(rt.RealtimeFormatError, match="do not make 1 record"):
        rt.decode(frame("H0STCNT0", [short]))
    uneven = "0|H0STCNT0|002|" + "^".join(values(ccnl_krx.TR) * 2 + ["x"])
    with pytest.raises(rt.RealtimeFormatError, match="do not make 2 record"):
        rt.decode(uneven)


def test_encrypted_notice_decrypts_with_its_ack_key_and_masks_secrets() -> None:
    aes = rt.AesKey("k" * 32, "i" * 16)
    v = values(ccnl_notice.TR, CUST_ID="myhts01", ACNT_NO="1234567801", CNTG_YN="2")
    text = "1|H0STCNI0|001|" + rt.encrypt("^".join(v), aes)
    result = rt.decode(text, {"H0STCNI0": aes})
    assert isinstance(result, rt.Records) and result.encrypted
    record = result.records[0]
    assert (record.cust_id, record.acnt_no, record.cntg_yn) == ("myhts01", "1234567801", "2")
    shown = repr(record)
    assert "myhts01" not in shown and "1234567801" not in shown
    with pytest.raises(rt.RealtimeFormatError, match="no AES key"):
        rt.decode(text)
    with pytest.raises(rt.RealtimeFormatError, match="does not decrypt"):
        rt.decode(text, {"H0STCNI0": rt.AesKey("x" * 32, "y" * 16)})


def ack(tr_id: str, key: str, **body: object) -> str:
    return json.dumps({"header": {"tr_id": tr_id, "tr_key": key, "encrypt": "N"}, "body": body})


def test_acknowledgement_with_key_and_iv_masked() -> None:
    text = ack(
        "H0STCNI0",
        "myhts01",
        rt_cd="0",
        msg_cd="OPSP0000",
        msg1="SUBSCRIBE SUCCESS",
        output={"iv": "i" * 16, "key": "k" * 32},
    )
    result = rt.decode(text)
    assert isinstance(result, rt.Ack)
    assert result.aes == rt.AesKey("k" * 32, "i" * 16)
    assert ("k" * 32) not in repr(result) and "myhts01" not in repr(result)


def test_errors_pingpong_and_garbage() -> None:
    error = rt.decode(ack("(null)", "", rt_cd="9", msg_cd="OPSP8996", msg1="ALREADY IN USE appkey"))
    assert isinstance(error, rt.ServerError) and error.app_key_in_use and error.tr_id == "(null)"
    limit = rt.decode(
        ack("H0STCNT0", "005930", rt_cd="1", msg_cd="OPSP0008", msg1="MAX SUBSCRIBE OVER")
    )
    assert isinstance(limit, rt.ServerError) and limit.limit_reached
    ping = '{"header":{"tr_id":"PINGPONG","datetime":"20260125090000"}}'
    assert rt.decode(ping) == rt.Ping(ping)
    for bad in ("hello", "0|H0STCNT0|abc|1^2", '{"header": {"tr_id": "H0STCNT0"}}', "{broken"):
        with pytest.raises(rt.RealtimeFormatError):
            rt.decode(bad)
    with pytest.raises(rt.RealtimeFormatError, match="unknown realtime TR id"):
        rt.decode("0|H0ZZZZZ0|001|a^b")


def test_a_bare_record_without_prefix_reads_with_tr_id() -> None:
    text = "^".join(values(ccnl_krx.TR, STCK_PRPR="500"))  # as KIS's portal examples show it
    result = rt.decode(text, tr_id="H0STCNT0")
    assert isinstance(result, rt.Records) and result.records[0].stck_prpr == 500


def test_record_fields_are_field_infos_declared_once_on_the_class() -> None:
    from kis_runtime.fields import FieldInfo, fields_of

    fields = ccnl_krx.TR.fields
    assert fields == fields_of(ccnl_krx.CcnlKrxRecord) and len(fields) == 46
    assert all(isinstance(f, FieldInfo) for f in fields)
    prpr = fields[2]
    assert (prpr.name, prpr.py_name, prpr.title, prpr.type) == (
        "STCK_PRPR",
        "stck_prpr",
        "주식 현재가",
        "Decimal",
    )
    assert [f.type for f in fields[:3]] == ["str", "time", "Decimal"]
    acnt = next(f for f in ccnl_notice.TR.fields if f.name == "ACNT_NO")
    assert acnt.sensitive and acnt.title == "계좌번호"
    assert "extra" not in {f.py_name for f in fields}


def test_help_on_a_record_class_shows_its_field_table() -> None:
    doc = ccnl_krx.CcnlKrxRecord.__doc__ or ""
    assert doc.startswith("One H0STCNT0 record: 국내주식 실시간체결가 (KRX)")
    assert "\n    stck_prpr: 주식 현재가 (STCK_PRPR)\n" in doc
    assert doc.count("\n    ") == 46  # one line per field, wire order
    assert doc.index("mksc_shrn_iscd") < doc.index("stck_cntg_hour") < doc.index("vi_stnd_prc")


def test_records_compare_by_values_and_mask_sensitive_fields_in_repr() -> None:
    v = values(ccnl_notice.TR, CUST_ID="myhts01", ACNT_NO="1234567801", ACNT_NAME="홍길동")
    (a,) = ccnl_notice.TR.decode_values(v)
    (b,) = ccnl_notice.TR.decode_values(list(v))
    assert a == b and a is not b
    shown = repr(a)
    assert shown.startswith("CcnlNoticeRecord(cust_id='***', acnt_no='***',")
    assert "myhts01" not in shown and "1234567801" not in shown and "홍길동" not in shown
    assert shown.endswith(", extra=())")
    (c,) = ccnl_notice.TR.decode_values([*v, "new"])
    assert c.extra == ("new",) and c != a  # extra counts, as every field
    built = ccnl_krx.CcnlKrxRecord(mksc_shrn_iscd="005930", stck_prpr=Decimal(1))
    assert (built.stck_prpr, built.cntg_vol, built.prdy_vrss_sign, built.extra) == (1, None, "", ())


@kf.record
class _Secret(Record):
    """A record with a typed sensitive field (no spec has one yet)."""

    code: str = kf.field("종목코드", name="CODE")
    balance: Decimal | None = kf.field("잔고", name="BALANCE", sensitive=True)
    day: dt.date | None = kf.field("일자", name="DAY")


SECRET_TR = rt.RealtimeTr(_Secret, "test", __name__, "H0TEST00", None, "code", "종목", False)


def test_a_bad_sensitive_value_is_masked_in_the_error() -> None:
    (ok,) = SECRET_TR.decode_payload("005930^1234.5^20260125")
    assert ok.balance == Decimal("1234.5") and ok.day == dt.date(2026, 1, 25)
    assert (
        repr(ok)
        == "_Secret(code='005930', balance='***', day=datetime.date(2026, 1, 25), extra=())"
    )
    with pytest.raises(rt.RealtimeFormatError) as caught:
        SECRET_TR.decode_payload("005930^99x-secret^20260125")
    assert caught.value.field == "BALANCE" and "99x" not in str(caught.value)
    assert str(caught.value) == "H0TEST00: field BALANCE (잔고): '***' is not a Decimal"
    with pytest.raises(rt.RealtimeFormatError, match=r"field DAY \(일자\): '20261325'"):
        SECRET_TR.decode_payload("005930^1^20261325")


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("marker", ["", "(null)", "null", "nan", "-nan", "NaN", "-NAN"])
def test_every_no_value_marker_in_every_field_type(marker: str, count: int) -> None:
    tr = ccnl_krx.TR
    first = {"str": 3, "time": 1, "Decimal": 2, "int": 12, "date": 33}  # 0: the key field
    assert {t: tr.fields[i].type for t, i in first.items()} == {t: t for t in first}
    records = []
    for _ in range(count):
        v = values(tr)
        for i in first.values():
            v[i] = marker
        records.append(v)
    result = rt.decode(frame("H0STCNT0", records))
    assert isinstance(result, rt.Records) and len(result.records) == count
    for record in result.records:
        str_value = "" if marker == "(null)" else marker  # a str field keeps all but (null)
        assert record.prdy_vrss_sign == str_value
        assert (record.stck_cntg_hour, record.stck_prpr, record.cntg_vol, record.bsop_date) == (
            None,
        ) * 4
        assert record.acml_vol == 12 and record.prdy_vrss == Decimal("1.5")  # the others typed


def test_a_str_null_elsewhere_in_the_frame_does_not_change_other_values() -> None:
    # A frame holding "(null)" anywhere takes the checked path for every field.
    v = values(ccnl_krx.TR, PRDY_VRSS_SIGN="(null)", STCK_PRPR="0", CNTG_VOL="007")
    (record,) = ccnl_krx.TR.decode_payload("^".join(v))
    assert (record.prdy_vrss_sign, record.stck_prpr, record.cntg_vol) == ("", 0, 7)
    assert record.mksc_shrn_iscd == "005930" and record.ccld_dvsn == "X"


@pytest.mark.parametrize(
    ("name", "bad"),
    [
        ("STCK_PRPR", "1e"),
        ("STCK_PRPR", "--1"),
        ("CNTG_VOL", "1.5"),
        ("CNTG_VOL", "0x1"),
        # int() and Decimal() would read these; KIS never writes them (as the REST parser)
        ("CNTG_VOL", "1_000"),
        ("CNTG_VOL", "١٢"),
        ("STCK_PRPR", "5_000"),
        ("STCK_PRPR", "٥"),
        ("STCK_PRPR", "Infinity"),
        ("STCK_PRPR", "-inf"),
    ],
)
@pytest.mark.parametrize("sign", ["2", "(null)"])  # without and with a (null) in the frame
def test_a_bad_value_is_refused_at_decode_in_either_path(name: str, bad: str, sign: str) -> None:
    v = values(ccnl_krx.TR, PRDY_VRSS_SIGN=sign, **{name: bad})
    with pytest.raises(rt.RealtimeFormatError, match=f"field {name} .*'{bad}'"):
        ccnl_krx.TR.decode_payload("^".join(v))
