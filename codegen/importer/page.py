"""A KIS doc page (markdown; see docs/kis-pages/QUIRKS.md) read into rows and cells, no inference.

Each table row keeps its page line, so later stages can say exactly where a problem is.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs

from codegen.importer.diagnostics import Diagnostics

# Sections of a page: "## 요청" / "## 응답" then "### Header" / "### Query Parameter" / "### Body".
REQUEST, RESPONSE = "request", "response"
HEADER, QUERY, BODY = "header", "query", "body"
_PARTS = {"## 요청": REQUEST, "## 응답": RESPONSE}
_SECTIONS = {"### Header": HEADER, "### Query Parameter": QUERY, "### Body": BODY}
_EXAMPLES = "## 예시"  # invalid Python dataclasses follow: not read
_TABLE_HEADER = "Element | 한글명 | Type | Required | Length | Description"
TYPES = frozenset({"String", "Object", "Object Array", "Array", "Number", ""})
_ESCAPED = re.compile(r"\\([-.`*_\[\]#])")
_API_ID = re.compile(r"\[([^\[\]]+)\]\s*$")
_METHOD_URL = re.compile(r"Method \| *(\w+) *\| *URL \| *(\S+)")
_TR_IDS = re.compile(r"^실전 TR ID *\|(.*)\| *모의 TR ID *\|(.*)$")
_DOMAINS = re.compile(r"^실전 Domain *\|(.*)\| *모의 Domain *\|(.*)$")


def unescape(text: str) -> str:
    """Markdown escapes the crawler added (`\\-` at a line start) mean the plain character."""
    return _ESCAPED.sub(r"\1", text)


@attrs.frozen
class Row:
    """One table row: the six cells, the name cleaned of its nesting marks."""

    line: int
    name: str
    nested: bool  # trailing spaces after the name, or a '-' prefix: a field of the block above
    dash: bool  # nesting was marked with the '-' prefix
    title: str
    type: str  # String | Object | Object Array | Array | Number | "" (blank on a few pages)
    required: bool
    length: str  # the cell as written: "19", "184", "-", "null", ""
    description: str  # continuation lines joined with newlines


@attrs.frozen
class Table:
    line: int  # of the column header
    rows: tuple[Row, ...]


@attrs.frozen
class Page:
    file: Path
    title: str
    path: str
    api_id: str | None
    method: str
    url: str
    real_tr: str
    paper_tr: str
    paper_domain: str
    tr_line: int
    overview: str
    tables: dict[tuple[str, str], Table]  # (request|response, header|query|body) -> table

    def table(self, part: str, section: str) -> Table | None:
        return self.tables.get((part, section))


def _cells(line: str) -> list[str] | None:
    """The cells of a table row, or None if the line is a continuation of the previous cell."""
    cells = line.split("|")
    if len(cells) < 6 or not cells[0].strip():
        return None
    if cells[2].strip() not in TYPES or cells[3].strip() not in ("Y", "N", ""):
        return None
    return cells


def _row(number: int, cells: list[str]) -> Row:
    raw = cells[0]
    name = raw.strip()
    dash = name.startswith("-")
    return Row(
        line=number,
        name=name.lstrip("-").strip(),
        nested=dash or raw.endswith("  "),
        dash=dash,
        title=unescape(cells[1].strip()),
        type=cells[2].strip(),
        required=cells[3].strip() == "Y",
        length=cells[4].strip(),
        description=unescape("|".join(cells[5:]).strip()),
    )


def _join(row: Row, extra: list[str]) -> Row:
    lines = [row.description, *extra]
    while lines and not lines[-1]:
        lines.pop()
    return attrs.evolve(row, description="\n".join(lines))


def _table(lines: list[str], start: int, diagnostics: Diagnostics) -> tuple[Table, int]:
    """Rows from the column header at lines[start] to the next heading; returns the next index."""
    rows: list[Row] = []
    extra: list[str] = []
    i = start + 1
    if i < len(lines) and lines[i].startswith("---|"):
        i += 1
    else:
        diagnostics.warning(start + 2, "table-rule", "table header without its ---| rule line")
    while i < len(lines) and not lines[i].startswith("#"):
        text = lines[i]
        cells = _cells(text)
        if cells is not None:
            if rows:
                rows[-1] = _join(rows[-1], extra)
            rows.append(_row(i + 1, cells))
            extra = []
        elif rows:
            extra.append(unescape(text.strip()))
        elif text.strip():
            diagnostics.warning(
                i + 1, "table-stray", f"text before the first row: {text.strip()!r}"
            )
        i += 1
    if rows:
        rows[-1] = _join(rows[-1], extra)
    return Table(start + 1, tuple(rows)), i


def _overview(lines: list[str], start: int) -> str:
    body: list[str] = []
    for text in lines[start + 1 :]:
        if text.startswith("## "):
            break
        body.append(text[4:].rstrip() if text.startswith("    ") else text.rstrip())
    while body and not body[0]:
        body.pop(0)
    while body and not body[-1]:
        body.pop()
    return "\n".join(body)


def parse_page(file: Path, text: str, diagnostics: Diagnostics) -> Page | None:
    """The page's meta, overview and field tables; None (with errors recorded) if unreadable."""
    lines = text.splitlines()
    title = lines[0][2:].strip() if lines and lines[0].startswith("# ") else ""
    if not title:
        diagnostics.error(1, "title", "line 1 is not the '# <title>' heading")
    path = api_id = method = url = None
    real_tr = paper_tr = paper_domain = ""
    tr_line = 0
    overview = ""
    tables: dict[tuple[str, str], Table] = {}
    part = section = None
    i = 1
    while i < len(lines):
        text = lines[i]
        if text.startswith("> API 경로:"):
            path = text.split("`")[1] if text.count("`") >= 2 else None
        elif text.startswith("# REST"):
            match = _API_ID.search(text)
            api_id = match.group(1).strip() if match else None
        if (match := _METHOD_URL.search(text)) is not None:
            method, url = match.group(1), match.group(2)
        if (match := _TR_IDS.match(text)) is not None:
            real_tr, paper_tr, tr_line = match.group(1).strip(), match.group(2).strip(), i + 1
        if (match := _DOMAINS.match(text)) is not None:
            paper_domain = match.group(2).strip()
        stripped = text.rstrip()
        if stripped == "## 개요":
            overview = _overview(lines, i)
        elif stripped == _EXAMPLES:
            break
        elif stripped in _PARTS:
            part, section = _PARTS[stripped], None
        elif stripped in _SECTIONS:
            section = _SECTIONS[stripped]
        elif _TABLE_HEADER in text:
            if part is None or section is None:
                diagnostics.error(i + 1, "table-place", "field table outside 요청/응답 > section")
            else:
                table, i = _table(lines, i, diagnostics)
                if (part, section) in tables:
                    diagnostics.error(table.line, "table-twice", f"second {part} {section} table")
                tables[(part, section)] = table
                continue
        i += 1
    if path is None:
        diagnostics.error(1, "path", "no '> API 경로: `<path>`' line")
    if method is None or url is None:
        diagnostics.error(1, "method", "no 'Method | … | URL | …' row in the info table")
    elif path is not None and url != path:
        diagnostics.error(1, "url", f"info table URL {url} differs from the API path {path}")
    if diagnostics.failed or path is None or method is None or url is None:
        return None
    return Page(
        file=file,
        title=title,
        path=path,
        api_id=api_id,
        method=method,
        url=url,
        real_tr=real_tr,
        paper_tr=paper_tr,
        paper_domain=paper_domain,
        tr_line=tr_line,
        overview=overview,
        tables=tables,
    )
