"""An XML export read as the JSON value it stands for, so that a table of programs published as XML (open-data
portals export 事業一覧 as XML as often as JSON) goes through the records reader (`qa.ingest.records`) like JSON.

The conversion follows xmltodict's shape (a repeated element is a list) with two conventions of ours that a library
would need post-processing for (a leaf's attributes lifted beside it, a unit attribute naming its column), so it is
written here, ~50 lines over the standard library's parser:

- the root element stands for the whole value: its children become the keys of the top object;
- an element with child elements is an object; a child tag met several times under one parent is a list
  (「<事業一覧><事業>…</事業><事業>…</事業></事業一覧>」 -> {"事業一覧": {"事業": [{…}, {…}]}});
- an element without children is its text (stripped); its attributes become keys beside it in its parent, as
  `tag@attribute`, except a unit, which names the value's column as a header would (「<予算額 単位="千円">」 ->
  the key 「予算額（千円）」, so `qa.ingest.headers` reads the unit as it reads 「予算額（千円）」 in a CSV header);
- an element's own attributes (「<project id="P-001" status="new">」) are keys of its object;
- namespaces are dropped from names (「{http://…}name」 -> 「name」).

Python's expat does not fetch external entities and bounds entity expansion (billion laughs), so a hostile file
fails to parse instead of exhausting the machine; it is then named as unreadable like any broken table.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from qa.ingest.headers import header_unit

# An attribute giving a value's unit (「単位="千円"」, unit="千円"; currency="JPY": the figure is in yen).
_UNIT_ATTRIBUTE = re.compile(r"単位|^unit$|^currency$", re.IGNORECASE)


# The units an attribute named 「…Unit」 gives another attribute's figure in.
_ATTRIBUTE_UNITS = {"yen": "円", "jpy": "円", "円": "円", "千円": "千円", "thousand yen": "千円", "百万円": "百万円",
                    "million yen": "百万円"}


def _name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _leaf(element: ET.Element) -> tuple[str, str, dict[str, str]]:
    """(key, text, other attributes) of an element without children."""
    key = _name(element.tag)
    attributes = {_name(k): v for k, v in element.attrib.items()}
    # (a unit a header may name, as `qa.ingest.headers` reads 「予算額（千円）」)
    spelt = {k: _ATTRIBUTE_UNITS.get(v.strip().lower(), v.strip()) for k, v in attributes.items()}
    unit = next((v for k, v in spelt.items() if _UNIT_ATTRIBUTE.search(k) and header_unit(f"（{v}）") == v), None)
    if unit is not None:
        key = f"{key}（{unit}）"
        attributes = {k: v for k, v in attributes.items() if not _UNIT_ATTRIBUTE.search(k)}
    # 「<subsidy rate="1/3" cap="500000" capUnit="yen"/>」: an attribute's unit in the attribute named after it, the
    # figure written with it (「500,000円」) so that it reads as an amount
    for name, value in list(attributes.items()):
        base = re.sub(r"_?[Uu]nit$", "", name)
        figure = attributes.get(base, "").replace(",", "")
        written = _ATTRIBUTE_UNITS.get(value.strip().lower())
        if base != name and written and figure.isdigit():
            attributes[base] = f"{int(figure):,}{written}"
            del attributes[name]
    return key, (element.text or "").strip(), attributes


def _value(element: ET.Element) -> Any:
    """An element with children as an object (see the module docstring)."""
    out: dict[str, Any] = {_name(k): v for k, v in element.attrib.items()}
    children = [c for c in element if isinstance(c.tag, str)]  # (no comments or processing instructions)
    counts: dict[str, int] = {}
    for child in children:
        counts[_name(child.tag)] = counts.get(_name(child.tag), 0) + 1
    for child in children:
        name = _name(child.tag)
        if len(child):
            key, value = name, _value(child)
        else:
            key, value, attributes = _leaf(child)
            for attribute, text in attributes.items():
                out.setdefault(f"{key}@{attribute}", text)
        if counts[name] > 1:
            out.setdefault(key, []).append(value)
        else:
            out[key] = value
    return out


def xml_value(text: str) -> Any:
    """The JSON value an XML document stands for.

    Raises:
        ValueError: the text is no well-formed XML (ET.ParseError is a SyntaxError; re-raised as ValueError so that
            callers treat it as they treat a JSON file that does not parse).
    """
    try:
        root = ET.fromstring(text.lstrip("\ufeff"))
    except ET.ParseError as exc:
        raise ValueError(f"not well-formed XML ({exc})") from exc
    return _value(root) if len(root) else {_name(root.tag): (root.text or "").strip()}
