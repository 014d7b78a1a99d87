"""A value's length as KIS counts it: bytes in KIS's Korean code page, not characters.

KIS's doc Length column counts bytes of its back end's fixed-width records, which are EUC-KR
(Microsoft's superset cp949): 한글 takes 2 bytes, ASCII 1. The evidence: KIS's own samples
(github.com/koreainvestment/open-trading-api, backtester/scripts/download_master.py and
stocks_info/*.py) read KIS's stock master files as cp949, with "EUC-KR 인코딩, 고정 폭 필드 (바이트
기준)" and the 40-byte Korean name field sliced as bytes [21:61]. So '삼성전자우선주' (7 characters)
is 14 long to KIS, and a value that fits in characters can still be refused by the server.

Characters cp949 cannot encode (emoji, rare Hanja) are counted by their UTF-8 size: KIS cannot
store them as they are, and counting them long never lets an over-long value through.
"""

from __future__ import annotations

KIS_ENCODING = "cp949"


def kis_length(text: str) -> int:
    """The number of bytes KIS counts for `text` (cp949; UTF-8 for what cp949 lacks)."""
    if text.isascii():
        return len(text)
    try:
        return len(text.encode(KIS_ENCODING))
    except UnicodeEncodeError:
        return sum(_char_length(c) for c in text)


def _char_length(char: str) -> int:
    try:
        return len(char.encode(KIS_ENCODING))
    except UnicodeEncodeError:
        return len(char.encode("utf-8", "surrogatepass"))
