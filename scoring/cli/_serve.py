"""``scoring serve [WORKSPACE]``: the workbench (web pages and HTTP API). Python: ``scoring.serve.run(...)``."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import typer

from ..i18n import get_language, gettext as _
from ._common import app, err_console, guarded

_WEB = {"fastapi", "starlette", "uvicorn", "jinja2", "multipart", "python_multipart", "pydantic_core"}


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@app.command("serve")
@guarded
def serve_cmd(
    workspace: Path = typer.Argument(Path("."), help="工作目录：里面有 rules/年度/ 和 evidence/年度/单位/，默认当前目录"),
    host: str = typer.Option("127.0.0.1", "--host", help="监听的地址；默认 127.0.0.1 只允许本机访问"),
    port: int = typer.Option(8000, "--port", help="端口"),
    token: str | None = typer.Option(None, "--token", help="HTTP 接口的令牌（也可用环境变量 SCORING_TOKEN）：调用 /api/v1/ 时要带 Authorization: Bearer 令牌"),
    max_upload_mb: int = typer.Option(20, "--max-upload-mb", help="一次上传的大小上限（MB）"),
    max_files: int = typer.Option(10, "--max-files", help="一次最多上传几个文件"),
) -> None:
    """启动评分工作台：在浏览器里查看规则检查结果、排名和各单位得分，上传材料、核查、下载评分表；同时提供 HTTP 接口 /api/v1/。

    打开浏览器访问 http://127.0.0.1:8000 即可使用；按 Ctrl+C 停止。
    """
    try:
        from ..serve import Limits, run
    except ModuleNotFoundError as e:
        if (e.name or "").split(".")[0] not in _WEB:
            raise
        err_console().print(_("错误：评分工作台需要另外安装网页组件（缺少 {name}）。请运行：pip install 'scoring[serve]'").format(
            name=e.name), markup=False)
        raise typer.Exit(1) from None
    token = token or os.environ.get("SCORING_TOKEN") or None
    c = err_console()
    if not _loopback(host):
        c.print(_("注意：监听 {host}，同一网络里的其他电脑也能打开工作台。").format(host=host)
                + ("" if token else _("建议用 --token 为 HTTP 接口设置令牌。")), markup=False)
    shown = f"[{host}]" if ":" in host else host
    c.print(_("评分工作台已启动：http://{host}:{port}/ （工作目录 {ws}；按 Ctrl+C 停止）").format(
        host=shown, port=port, ws=workspace.resolve()), markup=False)
    run(workspace, host=host, port=port, token=token, lang=get_language(),
        limits=Limits(max_body=max_upload_mb * 1024 * 1024, max_files=max_files))
