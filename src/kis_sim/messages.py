"""The reply bodies KIS sends, in its exact shapes (see tests/data/kis-replies/README.md).

Codes marked "recorded" appear in captured real replies; the others are the simulator's best
guess at KIS's wording and only need to be KIS-shaped (rt_cd / msg_cd / msg1).
"""

from __future__ import annotations

from typing import Any

import attrs

MSG1_BYTES = 80  # msg1 is space-padded to 80 bytes in the server's Korean encoding
ENCODING = "cp949"


@attrs.frozen
class Message:
    rt_cd: str  # "0" ok; "1" error; "2" input error; "7" no data
    msg_cd: str
    msg1: str
    status: int = 200  # gateway (EGW) errors arrive with HTTP 500

    def body(self, **detail: str) -> dict[str, Any]:
        return {"rt_cd": self.rt_cd, "msg_cd": self.msg_cd, "msg1": pad_msg1(self.msg1, **detail)}


OK = Message("0", "KIOK0510", "조회가 완료되었습니다")  # recorded
OK_ORDER = Message("0", "APBK0013", "주문 전송 완료 되었습니다.")
NO_DATA = Message("7", "KIOK0560", "조회할 내용이 없습니다")
# Gateway errors: HTTP 500 with the envelope (recorded for EGW00123 / EGW00201).
TOKEN_INVALID = Message("1", "EGW00121", "유효하지 않은 token 입니다.", 500)
TOKEN_EXPIRED = Message("1", "EGW00123", "기간이 만료된 token 입니다.", 500)  # recorded
RATE_LIMITED = Message("1", "EGW00201", "초당 거래건수를 초과하였습니다.", 500)  # recorded
BAD_APPKEY = Message("1", "EGW00103", "유효하지 않은 AppKey입니다.", 500)
BAD_APPSECRET = Message("1", "EGW00105", "유효하지 않은 AppSecret입니다.", 500)
NO_SUCH_PATH = Message("1", "EGW00002", "서버 에러가 발생했습니다.", 404)
WRONG_METHOD = Message("1", "EGW00002", "서버 에러가 발생했습니다.", 405)
BAD_HASHKEY = Message("1", "EGW00300", "hashkey가 일치하지 않습니다.", 500)
# TR-level errors: HTTP 200 with rt_cd != "0".
UNKNOWN_TR = Message("1", "OPSQ0002", "없는 서비스 코드 입니다")
PAPER_UNSUPPORTED = Message("1", "90000000", "모의투자에서는 해당업무가 제공되지 않습니다.")
MISSING_FIELD = Message("2", "OPSQ2001", "ERROR : INPUT_FIELD_NOT_FOUND [{field}]")
FIELD_SIZE = Message("2", "OPSQ2002", "ERROR : INPUT_FIELD_SIZE [{field}]")
INVALID_FIELD = Message("2", "OPSQ2000", "ERROR : INPUT INVALID_CHECK [{field}]")
BAD_CONTINUATION = Message("1", "OPSQ3001", "연속조회 키가 올바르지 않습니다 [{field}]")
DATA_CHANGED = Message("1", "SYDB0050", "조회이후에 자료가 변경되었습니다.(다시 조회하세요)")
BAD_JSON = Message("1", "OPSQ2003", "ERROR : INPUT JSON PARSE")

# The token endpoint speaks OAuth: error_code / error_description, HTTP 403.
TOKEN_ISSUE_LIMIT = ("EGW00133", "접근토큰 발급 잠시 후 다시 시도하세요(1분당 1회)")  # recorded
TOKEN_BAD_APPKEY = ("EGW00103", "유효하지 않은 AppKey입니다.")
TOKEN_BAD_APPSECRET = ("EGW00105", "유효하지 않은 AppSecret입니다.")
TOKEN_BAD_GRANT = ("EGW00205", "grant_type이 유효하지 않습니다.")
TOKEN_REVOKE_UNKNOWN = ("EGW00121", "유효하지 않은 token 입니다.")


def pad_msg1(text: str, **detail: str) -> str:
    """msg1 as KIS sends it: space-padded to 80 bytes of CP949 (longer text is left as is)."""
    text = text.format(**detail) if detail else text
    missing = MSG1_BYTES - len(text.encode(ENCODING, errors="replace"))
    return text + " " * max(missing, 0)


def oauth_error(error: tuple[str, str]) -> dict[str, str]:
    # Recorded with error_description first; clients must not rely on the key order.
    code, description = error
    return {"error_description": description, "error_code": code}
