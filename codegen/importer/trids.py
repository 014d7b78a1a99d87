"""The info table's TR id cells -> one entry per variant (real id, paper id or unsupported, label).

Cells hold one id, or labelled ids: `(매도) TTTC0011U (매수) TTTC0012U`,
`(주간 매수/매도) TTTO1101U (야간 매수/매도) (구) JTCE1001U (신) STTN1101U` (a label followed by
another label groups the ones after it), `TTTC2201R(기존 KRX만 가능), TTTC2210R (KRX,NXT/SOR)`
(labels after the ids), or `(아시아 국가 하단 규격서 참고)`: then the tr_id header row lists all.
"""

from __future__ import annotations

import re

import attrs

from codegen.importer.diagnostics import Diagnostics
from codegen.importer.page import HEADER, REQUEST, Page

UNSUPPORTED = "unsupported"
_TOKEN = re.compile(r"\(([^()]*)\)|\b([A-Z][A-Z0-9]{4,12})\b")
_LISTED = re.compile(r"^([A-Z][A-Z0-9]{4,12}) : (.+)$")
_SEE_HEADER = "하단 규격서 참고"
_NO_PAPER = ("모의투자 미지원", "")
# Korean label words -> variant name parts, longest first so "정정 취소" wins over "정정".
# A label with any other word is an error: a new page needs a reviewed name, not a guess.
_WORDS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        {
            "3개월이내": "recent",
            "3개월이전": "older",
            "기존 KRX만 가능": "krx",
            "KRX,NXT/SOR": "sor",
            "중국/홍콩/일본/베트남": "asia",
            "일본/중국/홍콩/베트남": "asia",
            "미국": "us",
            "일본": "jp",
            "상해": "sh",
            "홍콩": "hk",
            "심천": "sz",
            "베트남": "vn",
            "주간": "day",
            "야간": "night",
            "구": "old",
            "신": "new",
            "정정·취소": "rvsecncl",
            "정정/취소": "rvsecncl",
            "정정 취소": "rvsecncl",
            "매수/매도/취소": "",
            "매수/매도": "",
            "정정": "modify",
            "취소": "cancel",
            "매수": "buy",
            "매도": "sell",
            "예약": "",
            "주문": "",
            "접수": "",
        }.items(),
        key=lambda item: -len(item[0]),
    )
)


@attrs.frozen
class TrEntry:
    real: str
    paper: str  # a TR id or "unsupported"
    variant: str | None
    label: str


_ACTIONS = frozenset({"buy", "sell", "modify", "cancel", "rvsecncl"})


def variant_tokens(label: str) -> list[str] | None:
    """`미국매수` -> [us, buy]; None if a word of the label is not in the reviewed table."""
    parts: list[tuple[int, str]] = []
    rest = label
    for word, token in _WORDS:
        while (at := rest.find(word)) >= 0:
            parts.append((at, token))
            rest = rest[:at] + " " * len(word) + rest[at + len(word) :]
    if re.sub(r"[\s,./·()]", "", rest):
        return None
    return [token for _, token in sorted(parts) if token]


def variant_names(labels: list[str]) -> list[str] | None:
    """Short unique names for a page's variants: words every label shares are dropped, and so are
    action words (buy, cancel, …) where the market or period alone tells the variants apart
    (`미국 정정 취소 주문`, `상해 취소 주문` -> `us`, `sh`)."""
    tokens = [variant_tokens(label) for label in labels]
    if any(t is None for t in tokens):
        return None
    names: list[list[str]] = [t for t in tokens if t is not None]
    shared = set.intersection(*(set(t) for t in names)) if names else set()
    for drop in (shared, shared | _ACTIONS):
        shorter = [[w for w in t if w not in drop] for t in names]
        if all(shorter) and len({tuple(t) for t in shorter}) == len(shorter):
            names = shorter
    return ["_".join(t) for t in names]


def _labelled(cell: str) -> tuple[list[tuple[str, list[str]]], list[str]]:
    """(id, labels) pairs in order, and labels that precede no id (notes such as 미제공)."""
    tokens = [(m.group(1), m.group(2)) for m in _TOKEN.finditer(cell)]
    ids_first = bool(tokens) and tokens[0][1] is not None
    found: list[tuple[str, list[str]]] = []
    notes: list[str] = []
    group: list[str] = []
    pending: list[str] = []
    for label, tr in tokens:
        if tr is not None:
            if pending:
                group = pending[:-1] or group
                labels = [*group, pending[-1]]
            else:
                labels = []
            found.append((tr, labels))
            pending = []
        elif ids_first and found and not found[-1][1]:
            found[-1][1].append(label.strip())
        else:
            pending.append(label.strip())
    notes.extend(pending)
    return found, notes


def _label_text(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else f"{' '.join(labels[:-1])} ({labels[-1]})"


def _header_listed(page: Page) -> tuple[list[tuple[str, list[str]]], list[tuple[str, list[str]]]]:
    """Ids in the tr_id header row: `TTTS0308U : 일본 매수 주문` under [실전투자] / [모의투자]."""
    table = page.table(REQUEST, HEADER)
    row = next((r for r in table.rows if r.name == "tr_id"), None) if table else None
    real: list[tuple[str, list[str]]] = []
    paper: list[tuple[str, list[str]]] = []
    target = real
    for line in row.description.splitlines() if row else []:
        if line.startswith("[모의투자]"):
            target = paper
        elif line.startswith("[실전투자]"):
            target = real
        elif (match := _LISTED.match(line.strip())) is not None:
            target.append((match.group(1), [match.group(2).strip()]))
    return real, paper


def tr_entries(page: Page, diagnostics: Diagnostics) -> list[TrEntry]:
    line = page.tr_line or 1
    real, real_notes = _labelled(page.real_tr)
    paper, paper_notes = _labelled(page.paper_tr)
    if any(_SEE_HEADER in note for note in real_notes + paper_notes):
        listed_real, listed_paper = _header_listed(page)
        missing = {tr for tr, _ in real} - {tr for tr, _ in listed_real}
        if missing:
            diagnostics.error(line, "tr-listed", f"{sorted(missing)} missing from the tr_id row")
        real, paper = listed_real, listed_paper
        diagnostics.info(line, "tr-listed", "TR ids read from the tr_id header row's list")
    for note in real_notes + paper_notes:
        if _SEE_HEADER not in note:
            diagnostics.info(line, "tr-note", f"TR id note without an id: ({note})")
    if not real:
        diagnostics.error(line, "tr-missing", f"no TR id in the 실전 TR ID cell {page.real_tr!r}")
        return []
    if not paper and page.paper_tr not in _NO_PAPER and not paper_notes:
        diagnostics.error(line, "tr-paper", f"cannot read the 모의 TR ID cell {page.paper_tr!r}")
    if not page.paper_tr and "미지원" in page.paper_domain:
        diagnostics.info(line, "tr-paper-blank", "blank 모의 TR ID; the 모의 Domain says 미지원")
    paper_by_label = {tuple(labels): tr for tr, labels in paper}
    if len(real) == 1 and len(paper) == 1 and not paper[0][1]:
        paper_by_label = {tuple(real[0][1]): paper[0][0]}
    unmatched = set(paper_by_label) - {tuple(labels) for _, labels in real}
    for key in sorted(unmatched):
        diagnostics.error(
            line,
            "tr-paper",
            f"paper TR id {paper_by_label[key]} ({key}) matches no real TR id",
        )
    variants: list[str] | None = None
    if len(real) > 1:
        variants = variant_names([" ".join(labels) for _, labels in real])
        if variants is None:
            texts = [_label_text(labels) for _, labels in real]
            diagnostics.error(
                line,
                "tr-label",
                f"no variant names for the labels {texts}; "
                "add their words to codegen/importer/trids.py",
            )
            return []
    entries: list[TrEntry] = []
    for i, (tr, labels) in enumerate(real):
        label = _label_text(labels) if labels else ""
        paper_id = paper_by_label.get(tuple(labels), UNSUPPORTED)
        entries.append(TrEntry(tr, paper_id, variants[i] if variants else None, label))
    names = [e.variant for e in entries]
    for name in sorted({n for n in names if n is not None and names.count(n) > 1}):
        diagnostics.error(line, "tr-label", f"two TR ids get the variant name {name!r}")
    return entries
