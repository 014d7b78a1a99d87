"""Which field names carry credentials, account numbers or personal data: one table for the
importer (which marks them `sensitive:`), the loader (which refuses a spec that leaves one out)
and recordings (kis_runtime.recording masks reply keys no spec names by it).

By name only, so the rule is the same for every TR and every side (request, reply):
- secret: the app credentials and tokens, a password (`*_pwd`), the hashkey reply's `HASH`;
- account: `cano`, an account number (`acno`, `*_acno`, `acct_no`), and every `ctx_area_fk*`
  continuation key
  (on account TRs it embeds the account, `12345678^01^N^…`; masking the cursor of a quotation TR
  too costs nothing, since the pager reads the real value);
- personal: phone numbers (`*_tlno`, `*_telno`), IP addresses (`*ip_addr`), the account holder's
  name (`acnt_name`, `csac_name`), the real-name check number (`cust_rncno*`) and the HTS ID
  (`user_id`: the user's HTS login, which KIS's condition-search TRs take and echo).
"""

from __future__ import annotations

import re

SECRET, ACCOUNT, PERSONAL = "secret", "account", "personal"

_SECRETS = ("appkey", "appsecret", "secretkey", "token", "access_token", "approval_key")
_EXACT = {
    **dict.fromkeys((*_SECRETS, "personalseckey", "hash"), SECRET),
    **dict.fromkeys(("cano", "acct_no"), ACCOUNT),
    "user_id": PERSONAL,
    **dict.fromkeys(("acnt_name", "csac_name"), PERSONAL),
}
_PATTERNS = (
    (re.compile(r"(^|_)pwd$"), SECRET),
    (re.compile(r"^ctx_area_fk\d*$"), ACCOUNT),
    (re.compile(r"(^|_)acno\d*$"), ACCOUNT),
    (re.compile(r"(^|_)(tlno|telno)\d*$"), PERSONAL),
    (re.compile(r"(^|_)ip_addr$"), PERSONAL),
    (re.compile(r"^cust_rncno\d*$"), PERSONAL),
)


def sensitivity(name: str) -> str | None:
    """`secret` | `account` | `personal` for a KIS field name (any case), or None."""
    key = name.lower()
    if key in _EXACT:
        return _EXACT[key]
    return next((level for pattern, level in _PATTERNS if pattern.search(key)), None)
