"""The hub address and proxy settings of core/models/network.py, read as the downloads read them."""

from __future__ import annotations

import pytest

from assistant.core.models import network


@pytest.fixture
def system_proxy():
    network.use_proxy(network.SYSTEM)
    yield
    network.use_proxy(network.SYSTEM)


def test_https_proxy_in_the_environment_is_the_route_to_the_real_hub(monkeypatch, system_proxy):
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("https_proxy", "http://proxy.example:3128")
    assert network.proxy_for("https://huggingface.co") == "http://proxy.example:3128"
    assert network.proxy_for("http://127.0.0.1:8000") is None  # https_proxy is for https addresses only
    assert network.environment_proxy() == "http://proxy.example:3128"
    # the client huggingface_hub builds routes https through it
    from huggingface_hub.utils import get_session

    client = get_session()
    assert client.trust_env and [m.pattern for m in client._mounts] == ["https://"]  # httpx's own proxy transport, for https
    monkeypatch.setenv("no_proxy", "huggingface.co")
    assert network.proxy_for("https://huggingface.co") is None


def test_the_proxy_setting_wins_over_the_environment(monkeypatch, system_proxy):
    monkeypatch.setenv("https_proxy", "http://proxy.example:3128")
    network.use_proxy("http://mine.example:8080")
    assert network.proxy_for("https://huggingface.co") == "http://mine.example:8080"
    network.use_proxy(network.NO_PROXY)
    assert network.proxy_for("https://huggingface.co") is None
    from huggingface_hub.utils import get_session

    assert not get_session().trust_env
    with pytest.raises(ValueError):
        network.use_proxy("proxy.example")  # no scheme: not a URL
