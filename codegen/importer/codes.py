"""Code lists in request param descriptions -> `values`; fixed values -> `default`.

Values are enforced before sending (a value outside is refused), so a wrong list breaks real calls:
a description becomes `values` only when it is nothing but a list of two or more codes with their
meanings ("00 : 전체, 01 : 상품번호단위", "N(전체), C(체결)", "D:일봉 W:주봉", "코스피(0001)…"),
every item read the same way round. Anything else (notes, examples, "ex)", "등", "기타", free
numbers such as "100: 100주 이상", codes of stocks or sectors) is not enforced: `classify` says
why, and tests/importer reviews those params. The codes such a list does name (with their
meanings) are still kept, as `known`: shown to the user (spec `known_values`), never enforced.
"""

from __future__ import annotations

import re

import attrs

_CODE = re.compile(r"^([A-Z0-9]{1,6}|%{1,3})$")  # "%", "%%": KIS's wildcard for 전체
_QUOTES = "'\"‘’“”`"
_EXAMPLES = re.compile(
    r"ex\)|ex\.|e\.g|예\)|예:|예시|예를|등\b|\.\.\.|…|기타|이외|그\s*외|참조|참고", re.I
)
_OTHERS_ITEM = re.compile(r"(?<=[A-Z0-9]):\s*기타\s*(?=$|[,/\n])|(?<=[A-Z0-9])\(\s*기타\s*\)", re.M)
_PAIR = re.compile(r"(?<![\w])([0-9]{1,4})\s*:\s*([가-힣][가-힣 ]{0,19}?)\s*(?=[,/)\n]|$)")
_NOTE = re.compile(r"^\s*(※|\*|ㅁ|→|-\s)")
# A note quoting a value the list lacks ('전종목일 경우 "%" 입력') makes the list open.
_THRESHOLD = re.compile(r"이상|이하|초과|미만|부터")
_QUOTED = re.compile(r"[\"']([^\"']*)[\"']")
_SECTION = re.compile(
    r"^\s*(\[[^\]]*\]|\((융자|대주)\)|tr_id\S*\s.*경우만?\s*사용$)\s*"
)  # "[KRX]", "[정정]", "[매도] 22 : …": the codes are united
_BLANK = re.compile(r"^(공백|공란|빈값|없음|미입력|blank|space|\"\"|'')$", re.I)
# Free identifiers: a list under these names shows examples of stock / sector codes, not all codes.
_FREE_NAMES = re.compile(r"ISCD|PDNO|SYMB|SHT_CD|ITEM_CD|SRS_CD|STCK_CD|_ODNO|ODNO$", re.I)
_FREE_WORDS = re.compile(r"^(종목코드|업종코드|종목번호|주문번호|기초자산코드|기타|특정종목)")
_LABEL = re.compile(r"^[^:()\n,]{1,20}?\s*(?::|-)\s+(?=\S)")
_BLANK_LINE = re.compile(r"^(공백|공란)\s*(입력)?\s*시\s+\S")
_QUOTED_INPUT = re.compile(r"^(?P<m>[^\"]+?경우)\s*\"(?P<c>[A-Z0-9%]{1,6})\"\s*입력$")
_OPEN_WRAPPER = re.compile(
    r"^[가-힣]{1,10}\((?=[A-Z0-9]{1,6}\s*:)"
)  # "가치분석(23:PER, …" (unclosed)
_WRAPPED = re.compile(r"^([^():\n]{1,20}?)\s*\(\s*(.*\S)\s*\)\s*$", re.S)
_COLON = re.compile(r"^(?P<l>[^:]+?)\s*:\s*(?P<r>.+)$")
_PAREN = re.compile(r"^(?P<o>[^()]+?)\s*\((?P<i>[^()]*(?:\([^()]*\)[^()]*)*)\)$")
_SPACED = re.compile(r"^(?P<c>\d{1,4})\s+(?P<m>[가-힣].*)$")
# Fixed values: "Unique key(20171)", "W(Unique key)", "J 고정 입력", "시장구분코드 (W)",
# "01 : 기본값".
_FIXED = (
    re.compile(r"^unique\s*key\s*\(\s*(?P<c>[A-Za-z0-9]{1,6})\s*\)\.?$", re.I),
    re.compile(r"^(?P<c>[A-Za-z0-9]{1,6})\s*\(\s*unique\s*key\s*\)\.?$", re.I),
    re.compile(r"^(?P<c>[A-Z0-9]{1,6})\s*(고정\s*(입력|값)?|입력\s*고정)\s*\.?$"),
    re.compile(
        r"^[^()]{0,12}(시장\s*구분\s*(코드)?|시장분류코드)\s*\(\s*(?P<c>[A-Z0-9]{1,6})\s*(:[^),]*)?\)$"
    ),
    re.compile(r"^(?P<c>[A-Z0-9]{1,6})\s*:\s*기본값$"),
)


@attrs.frozen
class Codes:
    """What a description says about a param's values: a closed list, a fixed value, or why not."""

    values: dict[str, str] = attrs.field(factory=dict)
    default: str | None = None
    items: int = 0  # code items seen (2 or more: the description lists codes)
    reason: str = ""  # why no values were taken, where items >= 2
    known: dict[str, str] = attrs.field(factory=dict)  # the codes an open list names


def _unquote(text: str) -> str:
    text = text.strip()
    while len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip()
    return text


def _top_level_split(line: str) -> list[str]:
    """Split on commas outside parentheses ("11 : IOC지정가 (즉시체결,잔량취소)" stays one item)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(line):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth <= 0:
            parts.append(line[start:i].strip())
            start = i + 1
    parts.append(line[start:].strip())
    return parts


def _pieces(text: str) -> list[str]:
    """Split a list into items: lines, commas, slashes between items, spaces before a next code."""
    out: list[str] = []
    for line in text.split("\n"):
        for part in _top_level_split(line):
            for sub in re.split(r"\s+/\s+|(?<=[가-힣)])/(?=[A-Z0-9]{1,6}\s*:)", part):
                sub = re.sub(r"\s+(?=[A-Z0-9]{1,6}\s*:\s*\S)", "\n", sub.strip())
                sub = re.sub(r"(?<=\))\s+(?=[^\s:()]+\()", "\n", sub)
                out += [s.strip() for s in sub.split("\n") if s.strip()]
    return out


def _item(piece: str) -> tuple[str, str, str] | None:
    """(left, right, kind) of one item: `L : R`, `O(I)`, or `12 meaning`; None if no item."""
    if _BLANK_LINE.match(piece):  # "공백 입력 시 미국주식 전체조회": the blank, which passes anyway
        return "공백", piece, "colon"
    if (m := _QUOTED_INPUT.match(piece)) is not None:  # '전종목일 경우 "%" 입력'
        return m["c"], m["m"], "colon"
    if (m := re.match(r"^(%{1,3})([가-힣]+)$", piece)) is not None:  # "%%전체"
        return m[1], m[2], "colon"
    if (m := _SPACED.match(piece)) is not None and "입력" not in m["m"]:  # not "01 로 입력"
        return m["c"], m["m"], "spaced"
    if (m := _COLON.match(piece)) is not None:
        return m["l"].strip(), m["r"].strip(), "colon"
    if (m := _PAREN.match(piece)) is not None:
        return m["o"].strip(), m["i"].strip(), "paren"
    return None


def _side(left: str, right: str) -> str | None:
    """Which side holds the code: 'left', 'right', or None when both or neither look like one."""
    lc, rc = bool(_CODE.match(left)), bool(_CODE.match(right))
    if lc and not rc:
        return "left"
    if rc and not lc:
        return "right"
    return None


def _fixed(text: str) -> str | None:
    for pattern in _FIXED:
        if (m := pattern.match(text)) is not None:
            return m["c"]
    return None


def _items(text: str) -> tuple[list[tuple[str, str, str]], list[str]]:
    pieces = _pieces(text)
    first = _item(pieces[0]) if pieces else None
    labelled = first is not None and first[2] == "colon" and not _CODE.match(first[0])
    if labelled and first is not None and _item(first[1]) is not None:
        pieces[0] = first[1]  # "N분전 : 0(1분전), …": a label before the list
    elif first is not None and first[2] == "paren" and not any(map(_CODE.match, first[:2])):
        pieces = pieces[1:]  # "조회구분 (일/월) D: 일, M:월": a label before the list
    elif pieces and first is None and (m := _LABEL.match(pieces[0])) is not None:
        pieces[0] = pieces[0][m.end() :]
    items: list[tuple[str, str, str]] = []
    rest: list[str] = []
    for piece in pieces:
        item = _item(piece)
        undecided = item is not None and not any(_CODE.match(side) for side in item[:2])
        if (item is None or undecided) and _continues(piece, items):
            left, right, kind = items[-1]
            items[-1] = (left, f"{right}, {piece}", kind)  # "CF: 상품선물(금), 금리선물(국채)"
        elif item is None:
            rest.append(piece)
        else:
            items.append(item)
    return items, rest


def _continues(piece: str, items: list[tuple[str, str, str]]) -> bool:
    """A comma inside a meaning: Korean text, no code of its own, after a `code: meaning` item."""
    if not items or items[-1][2] != "colon" or not _CODE.match(items[-1][0]) or ":" in piece:
        return False
    if items[-1][0].isdigit() and re.match(r"^[A-Z]{2,5}$", piece):
        return True  # "300: 주식, ETF, ETN": names after a numeric code, not codes of their own
    return re.search(r"[가-힣]", piece) is not None and not re.match(r"^[A-Z0-9%]{1,6}\b", piece)


def _known(items: list[tuple[str, str, str]]) -> dict[str, str]:
    """The codes an open list names, with their meanings: left as the code where both sides look
    like one ("J:KRX", as KIS writes code : meaning); items without a code are left out."""
    known: dict[str, str] = {}
    for left, right, kind in items:
        side = "left" if kind == "spaced" else _side(left, right)
        if side is None and _CODE.match(left) and _CODE.match(right):
            side = "left"
        if side is None:
            continue
        code, meaning = (left, right) if side == "left" else (right, left)
        code, meaning = _unquote(code), meaning.strip(_QUOTES + " ")
        if meaning.count(")") > meaning.count("("):  # "02 : 매수)": the list's closing paren
            meaning = meaning.rstrip(") ")
        prose = meaning.count("(") != meaning.count(")") or _NOTE.match(meaning) is not None
        if _CODE.match(code) and meaning and not prose:
            known.setdefault(code, meaning)
    return known


def classify(name: str, description: str) -> Codes:
    text = _unquote(description)
    if not text or name.upper().startswith("CTX_AREA"):  # continuation keys: no codes
        return Codes()
    if (code := _fixed(text)) is not None:
        return Codes(default=code, items=1)
    wrapped = _WRAPPED.match(text)
    if wrapped is not None and ":" in wrapped[2]:
        text = wrapped[2]  # "시장구분코드 (J:KRX, NX:NXT)"
    elif (opened := _OPEN_WRAPPER.match(text)) is not None and ")" not in text[opened.end() :]:
        text = text[opened.end() :]
    sectioned = any(_SECTION.match(line) for line in text.split("\n"))
    lines = [_SECTION.sub("", line) for line in text.split("\n")]
    notes = [line for line in lines if _NOTE.match(line)]
    text = "\n".join(line for line in lines if not _NOTE.match(line))
    items, rest = _items(text)
    if len(items) < 2:
        return Codes(items=len(items))
    n = len(items)

    def no(reason: str) -> Codes:
        # The codes named, read from the list as cut down above or, where that reading names
        # more (a wrapper taken for the list's label), from the whole description.
        known = max(_known(items), _known(_items(_unquote(description))[0]), key=len)
        if len(known) < 2:  # "공란 : default (00: 전체 ,01 : 매도, 02 : 매수)": pairs in prose
            found = _PAIR.findall(description)
            pairs = dict(found)
            consistent = len(pairs) == len(set(found))  # a code meaning two things: conditional
            known = pairs if len(pairs) >= 2 and consistent else known
        return Codes(items=n, reason=reason, known=known if len(known) >= 2 else {})

    # "특정종목 조회시 : 종목코드", "기타(업종코드)": an item whose code is a free code. An item
    # with a code of its own ("3:기타", "1: 종목코드순 정렬") is an item of a closed list.
    free_item = any(
        _FREE_WORDS.match(side)
        for item in items
        if not any(_CODE.match(side) for side in item[:2])
        for side in item[:2]
    )
    if _FREE_NAMES.search(name) or free_item:
        return no("free codes (stock, sector or order numbers): the list shows examples")
    # "3:기타" is the code of "others", an item of the list, not an open end ("… 기타").
    if _EXAMPLES.search(_OTHERS_ITEM.sub("", text)):
        return no("the list is examples or open-ended (ex), 등, 기타, 참고, …)")
    blank = [
        i
        for i in items
        if (_BLANK.match(i[0]) and not _CODE.match(i[1]))
        or (_BLANK.match(i[1]) and not _CODE.match(i[0]))
    ]
    sides = {
        _side(left, right)
        for left, right, kind in items
        if kind != "spaced" and (left, right, kind) not in blank
    }
    sides.discard(None)
    if rest:
        return no(f"text that is no code item: {rest[0]!r}")
    if all(kind == "spaced" for *_, kind in items):
        sides = {"left"}  # "00 전체\n01 체결": a number, then its meaning
    if not sides:  # "J:KRX, NX:NXT": and KIS's samples send more (volume-rank: UN, W)
        return no("no item tells which side is the code, and the samples send codes beyond it")
    each = [
        _side(left, right)
        for left, right, kind in items
        if kind != "spaced" and (left, right, kind) not in blank
    ]
    if len(sides) > 1 and None in each:  # both ways round, and some item says neither
        return no("items written both ways round (code : meaning and meaning : code)")
    values: dict[str, str] = {}
    for left, right, kind in items:
        if (left, right, kind) in blank:
            continue
        side = _side(left, right) if len(sides) > 1 else next(iter(sides))
        code, meaning = (left, right) if kind == "spaced" or side == "left" else (right, left)
        meaning = meaning.strip(_QUOTES + " ")
        if not _CODE.match(code) or not meaning:
            return no(f"{code!r} is not a code")
        if code in values and values[code] != meaning:
            if not sectioned:
                return no(f"code {code} listed twice with different meanings")
            meaning = (
                f"{values[code]} / {meaning}"  # "[모의] NASD : 나스닥 … [실전] NASD : 미국전체"
            )
        own_number = code.isdigit() and code[0] != "0" and len(code) > 1
        says_own = own_number and re.search(rf"(?<!\d){code}(?!\d)", meaning) is not None
        if says_own and _THRESHOLD.search(meaning):  # "100: 100주 이상": any number, not a code
            return no(f"free numbers ({code}: {meaning}): examples of a threshold")
        values[code] = meaning
    if len(values) < 2:
        return no("fewer than two codes once blanks are left out")
    for note in notes:  # "※ 모의투자는 "00"만 가능" narrows the list; a value of its own opens it
        quoted = [q for q in _QUOTED.findall(note) if q and q not in values]
        if quoted:
            return no(f"a note names a value the list lacks: {note.strip()!r}")
    return Codes(values=values, items=n)
