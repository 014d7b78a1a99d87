"""kis.realtime.decode: raw messages as KIS sends them -> typed results, no connection."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

import kis.realtime as rt
from kis.realtime.domestic_stock import asking_price_krx, ccnl_krx, ccnl_notice
from kis.registry import REALTIME

SAMPLE = {"str": "X", "int": "12", "Decimal": "1.5", "date": "20260125", "time": "090102"}


def values(tr: rt.RealtimeTr, **overrides: str) -> list[str]:
    out = [SAMPLE[f.type] for f in tr.fields]
    names = [f.name for f in tr.fields]
    for name, value in overrides.items():
        out[names.index(name)] = value
    return out


def frame(tr_id: str, records: list[list[str]], flag: str = "0") -> str:
    flat = [v for record in records for v in record]
    return f"{flag}|{tr_id}|{len(records):03d}|{'^'.join(flat)}"


def test_registry_lists_every_realtime_tr_by_real_and_paper_id() -> None:
    assert len(REALTIME) == 52
    assert REALTIME.get("H0STCNT0") is ccnl_krx.TR
    assert REALTIME.get("H0STCNI9") is ccnl_notice.TR  # the paper id of 체결통보
    assert "H0EUCNI0" in REALTIME and "H0BJASP0" in REALTIME  # the two pages with a wrong TR id
    with pytest.raises(KeyError, match="H0XXXXX0"):
        REALTIME.get("H0XXXXX0")
    encrypted = sorted(tr.tr_id for tr in REALTIME if tr.encrypted)
    assert encrypted == ["H0EUCNI0", "H0IFCNI0", "H0MFCNI0", "H0STCNI0", "HDFFF1C0"]
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


def test_no_value_markers_become_none_never_a_wrong_value() -> None:
    v = values(ccnl_krx.TR, STCK_PRPR="", PRDY_VRSS="(null)", PRDY_CTRT="nan", CNTG_VOL="-nan")
    v[[f.name for f in ccnl_krx.TR.fields].index("STCK_CNTG_HOUR")] = ""
    v[0] = "(null)"
    result = rt.decode(frame("H0STCNT0", [v]))
    assert isinstance(result, rt.Records)
    record = result.records[0]
    assert (record.stck_prpr, record.prdy_vrss, record.prdy_ctrt, record.cntg_vol) == (None,) * 4
    assert record.stck_cntg_hour is None
    assert record.mksc_shrn_iscd == ""  # a str field's (null) is no value


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
