"""``python -m scoring.serve.openapi > docs/openapi.json``: the API's OpenAPI document (a test keeps it in sync)."""

from __future__ import annotations

import sys
import tempfile

from ._app import create_app, openapi_text

if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as d:
        sys.stdout.write(openapi_text(create_app(d)))
