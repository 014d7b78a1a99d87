"""Appending fields to a spec's text keeps everything else; a re-import keeps absorbed fields
unless the page now names them."""

from __future__ import annotations

import pytest
import yaml

from codegen.importer.absorbed import EditError, carry_absorbed, insert_fields, is_absorbed

HAND_WRITTEN = """\
# A hand-written spec: comments and layout are the author's.
title: 가상 조회
response:
  outputs:
    - name: output1   # rows
      title: 응답상세
      shape: array
      fields:
        - {name: pdno, title: 상품번호}
        # the doc's description, kept verbatim
        - name: rmk
          title: 비고
          description: |-
            first line
            second line

# trailing comment
paging: true
"""
NEW = {"name": "new_qty", "title": "새 수량", "type": "int", "doc_fix": "seen in 2 live replies, first 2026-12-01"}  # fmt: skip
WHERE = ("response", "outputs", 0, "fields")


def test_insert_appends_after_the_last_field_and_keeps_the_rest() -> None:
    text = insert_fields(HAND_WRITTEN, WHERE, [NEW])
    assert text == HAND_WRITTEN.replace(
        "            second line\n",
        "            second line\n"
        '        - {name: new_qty, title: 새 수량, type: int, doc_fix: "seen in 2 live replies, '
        'first 2026-12-01"}\n',
    )
    assert yaml.safe_load(text)["response"]["outputs"][0]["fields"][-1] == NEW


def test_a_flow_list_is_refused_with_its_place() -> None:
    text = "title: t\nfields: [{name: a, title: A}]\n"
    with pytest.raises(EditError, match="fields: not a non-empty block list"):
        insert_fields(text, ("fields",), [NEW])


def test_carry_keeps_absorbed_fields_the_page_lacks_only() -> None:
    on_disk = insert_fields(HAND_WRITTEN, WHERE, [NEW])
    fresh = HAND_WRITTEN  # a re-import that does not name new_qty
    assert carry_absorbed(on_disk, fresh) == on_disk
    page_names_it = insert_fields(HAND_WRITTEN, WHERE, [{"name": "NEW_QTY", "title": "수량"}])
    assert carry_absorbed(on_disk, page_names_it) == page_names_it  # the page's row wins
    human = insert_fields(HAND_WRITTEN, WHERE, [{**NEW, "doc_fix": "added by hand"}])
    assert carry_absorbed(human, fresh) == fresh  # only absorb's marker is carried
    assert is_absorbed(NEW) and not is_absorbed({"doc_fix": "seen in live replies"})
