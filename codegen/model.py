"""The spec format as typed objects: what one YAML file under spec/ may say (see spec/README.md).

cattrs structures the YAML into these classes with extra keys forbidden, so a misspelt key is an
error, not a silently ignored line.
"""

from __future__ import annotations

import enum
import re

import attrs


class FieldType(str, enum.Enum):
    """Python type a field's string value is converted to."""

    STR = "str"
    INT = "int"
    DECIMAL = "Decimal"
    DATE = "date"
    TIME = "time"


class Shape(str, enum.Enum):
    OBJECT = "object"
    ARRAY = "array"


class Kind(str, enum.Enum):
    """A TR (called with a tr_id header) or an auth endpoint (tokenP, revokeP, Approval, hashkey).

    Auth endpoints have no TR id and no rt_cd envelope: they get typed classes and metadata but no
    call functions, and stay out of the TR registry (the runtime calls them itself).
    """

    TR = "tr"
    AUTH = "auth"
    # A WebSocket TR (spec/realtime/…): a RealtimeSpec, not a TrSpec.
    REALTIME = "realtime"


class Sensitivity(str, enum.Enum):
    """Why a value must never be logged: credentials, account numbers, personal data."""

    SECRET = "secret"
    ACCOUNT = "account"
    PERSONAL = "personal"


_LENGTH = re.compile(r"^(\d+)(?:\.(\d+))?$")


@attrs.frozen
class Length:
    """A doc Length: `19`, or a precision written `18.4` (the doc drops the dot: 184)."""

    digits: int
    scale: int | None = None

    @classmethod
    def parse(cls, text: str) -> Length:
        m = _LENGTH.match(text.strip())
        if not m:
            raise ValueError(f"not a length: {text!r} (expected 19 or 18.4)")
        return cls(int(m.group(1)), int(m.group(2)) if m.group(2) else None)

    def __str__(self) -> str:
        return f"{self.digits}" if self.scale is None else f"{self.digits}.{self.scale}"


@attrs.frozen(kw_only=True)
class Field:
    """One row of a doc table: a header, a parameter, or a body field."""

    name: str
    title: str
    type: FieldType = FieldType.STR
    required: bool = False
    length: Length | None = None
    description: str = ""
    default: str | None = None
    values: dict[str, str] = attrs.field(factory=dict)
    pattern: str | None = None
    sensitive: Sensitivity | None = None
    # A request parameter filled by the pager from this response body field.
    cursor: str | None = None
    # Reply fields: the key as the server really spells it, where `name` cannot be that (a key
    # with a space, a doc typo kept for the Python name). Replies are read case-insensitively, so
    # a difference of case alone needs no alias.
    alias: str | None = None
    # Reply fields: values KIS sends as placeholders for "no value" ("999999", "0"); read as None.
    null_values: list[str] = attrs.field(factory=list)
    # Reply fields: codes KIS sends in place of a value, each with its meaning ("" where unknown):
    # "888888" / "999999" in an index time column. Each is read as its own Marker, never None.
    markers: dict[str, str] = attrs.field(factory=dict)
    # Request fields: codes the description lists as examples (sector codes, …), shown with their
    # meanings (help(), IDE completion, `kis describe`, the reference) but never enforced.
    known_values: dict[str, str] = attrs.field(factory=dict)
    # What the doc gets wrong or leaves out about this field (the spec's correction).
    doc_fix: str | None = None


@attrs.frozen(kw_only=True)
class Output:
    """A response block (output, output1, …): one object or an array of rows."""

    name: str
    title: str = ""
    shape: Shape
    description: str = ""
    fields: list[Field]
    doc_fix: str | None = None
    # Why a success reply may lack this block. Without it, a reply missing the block is an error
    # (never read as "no rows").
    optional: str | None = None


@attrs.frozen(kw_only=True)
class TrIds:
    """The TR id(s) of one variant: real and paper (`unsupported` where KIS has no paper TR)."""

    real: str
    paper: str
    variant: str | None = None
    label: str = ""

    @property
    def paper_supported(self) -> bool:
        return self.paper != "unsupported"


@attrs.frozen(kw_only=True)
class Request:
    params: list[Field] = attrs.field(factory=list)
    # POST TRs: the JSON body (params stays empty).
    body: list[Field] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class Response:
    # Top-level body fields besides the envelope (rt_cd, msg_cd, msg1) and the output blocks.
    body: list[Field] = attrs.field(factory=list)
    outputs: list[Output] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class TrSpec:
    """One TR: one YAML file."""

    title: str
    # The KIS doc page (file name) the importer made this spec from; absent: written by hand.
    source_page: str | None = None
    kind: Kind = Kind.TR
    api_id: str | None = None
    category: str = ""
    method: str
    path: str
    # Required for kind tr (the loader says so with file:line); absent for kind auth.
    tr_ids: list[TrIds] = attrs.field(factory=list)
    overview: str = ""
    request: Request = attrs.field(factory=Request)
    response: Response = attrs.field(factory=Response)
    # tr_cont paging without cursor keys; TRs with cursor params page anyway.
    paging: bool = False
    # POST TRs whose body must be signed with POST /uapi/hashkey.
    hashkey: bool = False
    doc_fix: str | None = None

    @property
    def pageable(self) -> bool:
        return self.paging or any(p.cursor for p in self.request.params + self.request.body)


@attrs.frozen(kw_only=True)
class Common:
    """spec/_common.yaml: the tables every TR shares."""

    request_headers: list[Field]
    response_headers: list[Field]
    envelope: list[Field]


class TrKeyKind(str, enum.Enum):
    """What a realtime TR's tr_key is: an instrument or index code, or the user's HTS ID."""

    CODE = "code"
    HTS_ID = "hts_id"


@attrs.frozen(kw_only=True)
class TrKey:
    kind: TrKeyKind
    title: str = ""
    description: str = ""
    doc_fix: str | None = None


@attrs.frozen(kw_only=True)
class RealtimeTrIds:
    """The realtime TR id, real and paper (`unsupported` where KIS has no paper TR)."""

    real: str
    paper: str

    @property
    def paper_supported(self) -> bool:
        return self.paper != "unsupported"


@attrs.frozen(kw_only=True)
class Layout:
    """One field list KIS is known to send for a realtime TR: the spec's fields but `omit`.

    A frame's records are read by the layout whose value count they have; `evidence` says where
    the layout was seen (a live capture, the portal's example, KIS's samples).
    """

    name: str
    omit: list[str] = attrs.field(factory=list)
    evidence: str


@attrs.frozen(kw_only=True)
class RealtimeSpec:
    """One realtime (WebSocket) TR: one YAML file under spec/realtime/.

    `fields` are the record's values in wire order (the doc's response Body table).
    """

    kind: Kind
    title: str
    source_page: str | None = None  # as TrSpec.source_page
    api_id: str | None = None
    category: str = ""
    tr_ids: RealtimeTrIds
    tr_key: TrKey
    # 체결통보: data frames are AES-256-CBC encrypted with the key/iv of the acknowledgement.
    encrypted: bool = False
    overview: str = ""
    fields: list[Field]
    # Code-keyed TRs: the field holding the record's tr_key (MKSC_SHRN_ISCD, RSYM, ...), checked
    # on every record: a record whose key is no registered tr_key is malformed, never delivered.
    key: str | None = None
    # What a key looks like (a regular expression, matched in full); default: the runtime's.
    key_pattern: str | None = None
    # The field lists KIS sends, chosen by value count; none: `fields` is the one layout.
    layouts: list[Layout] = attrs.field(factory=list)
    doc_fix: str | None = None
