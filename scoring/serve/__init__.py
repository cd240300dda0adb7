"""The workbench: ``scoring serve`` — web pages for county staff and a versioned HTTP API, over a workspace.

    >>> from scoring.serve import create_app, run
    >>> app = create_app("考核工作目录")              # a FastAPI app (for TestClient, or any ASGI server)
    >>> run("考核工作目录", host="127.0.0.1", port=8000)  # what ``scoring serve`` does

A workspace is laid out as the repository is: ``rules/<year>/*.yaml`` and ``evidence/<year>/<unit>/``. The files
stay the source of truth: everything the workbench changes (an uploaded workbook, ``reviews.yaml``) is a normal
file that ``scoring rank`` reads the same way; the audit log is ``.workbench/audit.sqlite``.

Needs the ``serve`` extra (fastapi, uvicorn, jinja2, python-multipart): ``pip install 'scoring[serve]'``.
``import scoring`` never imports this package.
"""

from __future__ import annotations

from pathlib import Path

from ._app import Limits, create_app, openapi_text

__all__ = ["Limits", "create_app", "openapi_text", "run"]


def run(workspace: str | Path, *, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
        lang: str = "zh", limits: Limits | None = None) -> None:
    """Serve the workbench until interrupted (uvicorn, one process)."""
    import uvicorn

    app = create_app(workspace, token=token, lang=lang, limits=limits)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
