"""How downloads reach the hub: which address (the hub itself or a mirror) and which proxy.

Both are settings because people in many places cannot reach huggingface.co directly:
they use a mirror (hf-mirror.com is the common one in China) or go through a proxy.
The environment is honoured as other tools do: HF_ENDPOINT names the hub address when
the setting says "Hugging Face", and HTTPS_PROXY / HTTP_PROXY / NO_PROXY apply when
the proxy setting is "system".  huggingface_hub makes every request through one shared
HTTP client; ``use_proxy`` replaces the factory that builds it, so the model listing,
the file metadata and the bytes all take the same route.
"""

from __future__ import annotations

import os
import re

HUGGING_FACE = "https://huggingface.co"
HF_MIRROR = "https://hf-mirror.com"
# The hub address setting: a name for the two known ones, or any http(s) URL.
ENDPOINT_NAMES = {"huggingface": HUGGING_FACE, "hf-mirror": HF_MIRROR}
SYSTEM, NO_PROXY = "system", "none"
_URL = re.compile(r"^https?://[^\s/]+(/\S*)?$")

_proxy_setting = SYSTEM


def is_url(text: str) -> bool:
    return bool(_URL.match(text.strip()))


def hub_endpoint(setting: str = "") -> str | None:
    """The hub address a setting names; None means HF_ENDPOINT or, without it, huggingface.co.

    "" and "huggingface" leave the choice to the environment (huggingface_hub reads
    HF_ENDPOINT itself); "hf-mirror" is the mirror; anything else must be a URL.
    """
    setting = setting.strip()
    if setting in ("", "huggingface"):
        return None
    if setting in ENDPOINT_NAMES:
        return ENDPOINT_NAMES[setting]
    if is_url(setting):
        return setting.rstrip("/")
    raise ValueError(setting)


def effective_endpoint(endpoint: str | None) -> str:
    """The address requests go to: the one given, else HF_ENDPOINT, else huggingface.co."""
    from huggingface_hub import constants

    return (endpoint or constants.ENDPOINT).rstrip("/")


def use_proxy(setting: str) -> None:
    """Route every huggingface_hub request by the proxy setting: "system", "none" or a URL."""
    global _proxy_setting
    import httpx2  # huggingface_hub's own HTTP library (a dependency of it, not of ours)
    import huggingface_hub
    from huggingface_hub.utils import _http

    setting = setting.strip() or SYSTEM
    if setting not in (SYSTEM, NO_PROXY) and not is_url(setting):
        raise ValueError(setting)
    if setting == _proxy_setting:
        return
    _proxy_setting = setting

    def client() -> httpx2.Client:
        return httpx2.Client(
            event_hooks={"request": [_http.hf_request_event_hook]},
            follow_redirects=True,
            timeout=None,
            trust_env=setting == SYSTEM,  # "none" ignores HTTPS_PROXY and friends
            proxy=setting if is_url(setting) else None,
        )

    huggingface_hub.set_client_factory(client)  # closes the shared client: the next request builds one


def proxy_for(url: str) -> str | None:
    """The proxy a request to ``url`` goes through, for messages; None: a direct connection."""
    if is_url(_proxy_setting):
        return _proxy_setting
    if _proxy_setting == NO_PROXY:
        return None
    from urllib.request import getproxies, proxy_bypass

    scheme, _, rest = url.partition("://")
    host = rest.split("/", 1)[0].rsplit(":", 1)[0]
    proxies = {k.lower(): v for k, v in getproxies().items()}
    proxy = proxies.get(scheme) or proxies.get("all")
    if proxy and host and proxy_bypass(host):
        return None
    return proxy


def environment_proxy() -> str:
    """The proxy the environment names for https, for the Settings dialog to show."""
    for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        if os.environ.get(name):
            return os.environ[name]
    return ""
