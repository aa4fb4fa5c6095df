"""The OpenAPI schema says what every district endpoint can refuse.

drf-spectacular documents what a view declares; the refusals every district endpoint shares
come from its base (``api_base.DistrictAPIMixin``), so they are added here, once.
"""

DISTRICT_PATH = "/api/v1/d/"

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}

REFUSALS = {
    "403": "Your role in this district does not allow this.",
    "404": (
        "Not found: no such district for you (you are not one of its members), or no such "
        "record in this district — the same answer for both, so nothing is said about other "
        "districts."
    ),
}


def document_refusals(result, generator, request, public):
    """A postprocessing hook: every operation under /api/v1/d/ documents 403 and 404."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Error", ERROR)
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, item in result.get("paths", {}).items():
        if not path.startswith(DISTRICT_PATH):
            continue
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            for status, description in REFUSALS.items():
                responses.setdefault(status, {"description": description, "content": reference})
    return result
