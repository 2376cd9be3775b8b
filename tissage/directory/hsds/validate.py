"""Checking JSON against the HSDS 3.0 JSON Schemas (copied in `schema/`).

The schemas refer to each other by file name (`"$ref": "phone.json"`); a `referencing`
registry holds them all under the specification's own base address, so that every reference
resolves locally, without the network. Formats that `jsonschema` checks on its own (uuid,
email, date) are checked; the others (uri, date-time) need optional packages and are not.
"""

import functools
import json
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tissage.directory.hsds.tables import SCHEMA_DIR

BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
OBJECTS = (
    "accessibility",
    "address",
    "attribute",
    "contact",
    "cost_option",
    "funding",
    "language",
    "location",
    "meta_table_description",
    "metadata",
    "organization",
    "organization_identifier",
    "phone",
    "program",
    "required_document",
    "schedule",
    "service",
    "service_area",
    "service_at_location",
    "taxonomy",
    "taxonomy_term",
)


@functools.cache
def schema(name: str) -> dict[str, Any]:
    """The JSON Schema of one HSDS object ("service"), or the OpenAPI description ("openapi")."""
    return json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@functools.cache
def registry() -> Registry:
    resources = [
        (BASE + f"{name}.json", Resource.from_contents(schema(name), DRAFT202012))
        for name in OBJECTS
    ]
    return Registry().with_resources(resources)


def page_schema(item: str) -> dict[str, Any]:
    """The Page wrapper of the HSDS OpenAPI description, with `contents` of one object."""
    page = schema("openapi")["components"]["schemas"]["Page"]
    return {
        "allOf": [page],
        "type": "object",
        "properties": {"contents": {"type": "array", "items": {"$ref": BASE + f"{item}.json"}}},
        "required": [*page["properties"], "contents"],
    }


@functools.cache
def _validator(name: str, page: bool) -> Draft202012Validator:
    wanted = page_schema(name) if page else {"$ref": BASE + f"{name}.json"}
    return Draft202012Validator(wanted, registry=registry(), format_checker=FormatChecker())


def errors(document: Any, name: str, *, page: bool = False) -> list[str]:
    """What is wrong with `document` as an HSDS `name` (or a Page of them): one line per
    problem, with the JSON path to it. Empty when the document is valid."""
    found = _validator(name, page).iter_errors(document)
    return sorted(f"{error.json_path}: {error.message}" for error in found)


def check(document: Any, name: str, *, page: bool = False) -> None:
    """Raise ValueError listing the problems when `document` is not valid."""
    problems = errors(document, name, page=page)
    if problems:
        raise ValueError("\n".join(problems[:20]))


def root_errors(document: Any) -> list[str]:
    """Problems of the answer to `GET /` (version, profile, openapi_url)."""
    root = schema("openapi")["paths"]["/"]["get"]["responses"]["200"]["content"]
    wanted = {**root["application/json"]["schema"], "required": ["version", "openapi_url"]}
    validator = Draft202012Validator(wanted, format_checker=FormatChecker())
    return sorted(
        f"{error.json_path}: {error.message}" for error in validator.iter_errors(document)
    )
