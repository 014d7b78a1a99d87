"""The generated package works with only httpx and attrs: no jinja2, yaml or cattrs at run time."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import sys

    class Block:
        # Refuse the codegen-only libraries, as a venv without the codegen extra would.
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in {"jinja2", "yaml", "codegen", "markupsafe", "cattrs"}:
                raise ImportError(f"blocked: {name}")
            return None

    sys.meta_path.insert(0, Block())

    import httpx
    import kis
    from kis.domestic_stock.trading import pension_inquire_balance as bal

    def handler(request):
        if request.url.path == "/oauth2/tokenP":
            return httpx.Response(200, json={"access_token": "t", "expires_in": 86400})
        return httpx.Response(200, json={"rt_cd": "0", "msg_cd": "KIOK0510", "msg1": "ok",
                                         "output1": [{"hldg_qty": "7"}], "output2": {}})

    with kis.Client("k", "s", transport=httpx.MockTransport(handler)) as client:
        page = bal.fetch(client, bal.PensionInquireBalanceRequest(cano="12345678"))
    assert page.output1[0].hldg_qty == 7
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in {"jinja2", "yaml", "codegen", "cattrs"})
    print("loaded:", loaded)
    """
)


def test_generated_package_runs_without_codegen_dependencies() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "loaded: []"
