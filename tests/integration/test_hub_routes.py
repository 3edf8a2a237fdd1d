"""Downloads from the hub as it really serves files: redirects to storage, signed URLs that
expire, Xet-backed files, rate limits, mirrors and proxies.

The real huggingface_hub client against tests/fixtures/fake_hub.py: the weights are
served by a second host (127.0.0.2) behind a 302 with a signed URL, as the real hub does.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant.core.models import network
from assistant.core.models.download import DownloadFailed, download
from assistant.core.protocol import BadInput
from tests.fixtures.fake_hub import CDN_HOST, FakeHub, FakeRepo, Fault, Throttle, hub, only_localhost, proxy  # noqa: F401 (fixtures)

BIG = 3 * 1024 * 1024


@pytest.fixture(autouse=True)
def _localhost(only_localhost):
    pass


@pytest.fixture
def cache(tmp_path) -> Path:
    return tmp_path / "hf-cache"


@pytest.fixture
def direct():
    """Each test starts and ends with the proxy setting at "system" and no proxy in the environment."""
    network.use_proxy(network.SYSTEM)
    yield
    network.use_proxy(network.SYSTEM)


def weights_repo(hub: FakeHub, repo_id: str = "acme/model", **extra) -> FakeRepo:
    files = {"config.json": b'{"model_type": "bert"}', "model.safetensors": os.urandom(BIG), "tokenizer.json": b"{}"}
    return hub.add(FakeRepo(repo_id, files, **extra))


def test_weights_come_from_the_storage_host_the_hub_redirects_to(hub, cache):
    repo = weights_repo(hub, xet=("model.safetensors",))
    result = download("acme/model", endpoint=hub.endpoint, cache_dir=cache)
    assert Path(result.path, "model.safetensors").read_bytes() == repo.files["model.safetensors"]
    # the bytes travelled from the second host, through a signed URL; the hub itself only redirected
    [transfer] = hub.transfers_of("model.safetensors")
    assert transfer.url.startswith("/cdn/") and "Signature=" in transfer.url
    assert all("/resolve/" not in t.url for t in hub.transfers_of("model.safetensors"))
    assert hub.cdn.startswith(f"http://{CDN_HOST}:")
    # the Xet headers are the real hub's: huggingface_hub reads them (and the plain HTTP bridge served the bytes)
    from huggingface_hub import get_hf_file_metadata, hf_hub_url

    metadata = get_hf_file_metadata(hf_hub_url("acme/model", "model.safetensors", endpoint=hub.endpoint), endpoint=hub.endpoint)
    assert metadata.xet_file_data is not None and metadata.xet_file_data.refresh_route.startswith(hub.endpoint)
    assert metadata.etag == repo.etag("model.safetensors") and metadata.size == BIG and metadata.location.startswith(hub.cdn)
    # small files are served by the hub directly
    assert hub.transfers_of("config.json")[0].url.startswith("/acme/model/resolve/")


def test_a_signed_url_that_expires_mid_download_is_resolved_again_and_resumed(hub, cache):
    repo = weights_repo(hub)
    hub.faults["model.safetensors"] = Fault(expire_after=1024 * 1024)
    result = download("acme/model", endpoint=hub.endpoint, cache_dir=cache)

    assert Path(result.path, "model.safetensors").read_bytes() == repo.files["model.safetensors"]
    first, *later = hub.transfers_of("model.safetensors")
    assert first.wait().sent == 1024 * 1024
    resumed = later[-1].wait()
    assert resumed.range == "bytes=1048576-" and resumed.sent == BIG - 1024 * 1024
    # the resume used a new URL, signed by a new resolve, not the expired one
    signature = first.url.split("Signature=")[1]
    assert signature in hub.expired and signature not in resumed.url
    assert len([e for e in hub.resolves("model.safetensors") if e[0] == "HEAD"]) >= 2


def test_a_storage_host_that_refuses_every_url_gets_a_sentence_and_keeps_nothing_half_in_the_cache(hub, cache):
    repo = weights_repo(hub)
    hub.url_lifetime_s = -10  # every URL is born expired
    with pytest.raises(DownloadFailed, match="storage server refused model.safetensors"):
        download("acme/model", endpoint=hub.endpoint, cache_dir=cache)
    assert not (cache / "models--acme--model" / "blobs" / repo.etag("model.safetensors")).exists()


def test_too_many_requests_is_waited_out_as_retry_after_says(hub, cache):
    repo = weights_repo(hub)
    hub.throttle = Throttle(times=2, retry_after=0)
    result = download("acme/model", endpoint=hub.endpoint, cache_dir=cache)
    assert Path(result.path, "model.safetensors").read_bytes() == repo.files["model.safetensors"]
    assert hub.throttle.times == 0
    # a wait longer than is reasonable is not waited: a sentence says so
    hub.throttle = Throttle(times=1, retry_after=3600)
    with pytest.raises(DownloadFailed, match="too many requests.*3600 s"):
        download("acme/model", endpoint=hub.endpoint, cache_dir=cache / "other")


def test_a_mirror_serves_the_same_model_and_one_that_answers_html_gets_a_sentence(hub, cache):
    repo = weights_repo(hub)
    mirror = FakeHub(mirror_of=hub).start()
    try:
        result = download("acme/model", endpoint=mirror.endpoint, cache_dir=cache)
        assert result.commit == repo.commit
        assert mirror.transfers_of("model.safetensors") and not hub.transfers_of("model.safetensors")
        mirror.answer_html = True
        with pytest.raises(DownloadFailed) as html:
            download("acme/model", endpoint=mirror.endpoint, cache_dir=cache / "other")
        assert "answered with a web page" in str(html.value) and mirror.endpoint in str(html.value)
        assert not (cache / "other").exists() or not any((cache / "other").rglob("*.safetensors"))
    finally:
        mirror.close()


def test_the_hub_address_setting_names_the_hub_the_mirror_or_a_url():
    # "" and "huggingface" leave it to HF_ENDPOINT (read by huggingface_hub; the CLI tests set it)
    assert network.hub_endpoint("") is None and network.hub_endpoint("huggingface") is None
    assert network.hub_endpoint("hf-mirror") == network.HF_MIRROR
    assert network.hub_endpoint("http://mirror.example/") == "http://mirror.example"
    with pytest.raises(ValueError):
        network.hub_endpoint("not an address")


def test_downloads_go_through_the_proxy_the_environment_names(hub, proxy, cache, monkeypatch, direct):
    repo = weights_repo(hub)
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"):
        monkeypatch.setenv(name, proxy.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    import huggingface_hub

    huggingface_hub.close_session()  # the shared client reads the environment when it is built
    result = download("acme/model", endpoint=hub.endpoint, cache_dir=cache)
    assert Path(result.path, "model.safetensors").read_bytes() == repo.files["model.safetensors"]
    # the listing, the resolve and the storage host all went through the proxy
    assert any(f"{hub.endpoint}/api/models/acme/model" in line for line in proxy.log)
    assert any(line.startswith(f"GET {hub.cdn}/cdn/") for line in proxy.log)
    assert any("/resolve/" in line for line in proxy.log)

    # "none" ignores the environment
    network.use_proxy(network.NO_PROXY)
    before = len(proxy.log)
    download("acme/model", endpoint=hub.endpoint, cache_dir=cache / "direct")
    assert len(proxy.log) == before


def test_the_proxy_setting_routes_downloads_and_a_refusing_proxy_gets_a_sentence(hub, proxy, cache, direct):
    weights_repo(hub)
    network.use_proxy(proxy.url)
    download("acme/model", endpoint=hub.endpoint, cache_dir=cache)
    assert any(line.startswith(f"GET {hub.cdn}/cdn/") for line in proxy.log)

    proxy.refuse = True
    with pytest.raises(DownloadFailed) as refused:
        download("acme/model", endpoint=hub.endpoint, cache_dir=cache / "refused")
    assert f"The proxy {proxy.url} refused" in str(refused.value)
    assert not (cache / "refused").exists() or not any((cache / "refused").rglob("*.safetensors"))
    with pytest.raises(ValueError):
        network.use_proxy("socks? no")


def test_unknown_models_still_get_their_own_sentences_through_a_redirecting_hub(hub, cache):
    weights_repo(hub)
    with pytest.raises(BadInput, match="no model called acme/nothing"):
        download("acme/nothing", endpoint=hub.endpoint, cache_dir=cache)


def test_the_download_thread_routes_each_request_by_its_proxy_setting(hub, proxy, cache, direct):
    from assistant.core.models.messages import DownloadRequest
    from assistant.core.protocol import Failure, FailureKind, Result
    from assistant.worker.downloads import DownloadService

    weights_repo(hub)
    service = DownloadService(emit=lambda _reply: None)
    done = service.handle(DownloadRequest("acme/model", endpoint=hub.endpoint, cache_dir=str(cache), proxy=proxy.url))
    assert isinstance(done, Result) and any(line.startswith(f"GET {hub.cdn}/cdn/") for line in proxy.log)
    bad = service.handle(DownloadRequest("acme/model", endpoint=hub.endpoint, cache_dir=str(cache), proxy="ftp:/nowhere"))
    assert isinstance(bad, Failure) and bad.kind is FailureKind.BAD_INPUT and "not a proxy address" in bad.message


def test_the_command_line_takes_a_hub_endpoint_and_refuses_a_bad_one(hub, tmp_path):
    import subprocess
    import sys

    weights_repo(hub)
    mirror = FakeHub(mirror_of=hub).start()
    try:
        env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_ENDPOINT")}
        env.update(HF_HUB_CACHE=str(tmp_path / "hf-cache"), PYTHONPATH=str(Path(__file__).resolve().parents[2]))

        def cli(*args: str) -> subprocess.CompletedProcess:
            return subprocess.run([sys.executable, "-m", "assistant", "models", "download", *args], capture_output=True, text=True, env=env, timeout=300)

        done = cli("acme/model", "--hub-endpoint", mirror.endpoint, "--proxy", "none")
        assert done.returncode == 0, done.stderr
        assert mirror.transfers_of("model.safetensors") and not hub.transfers_of("model.safetensors")
        bad = cli("acme/model", "--hub-endpoint", "mirror please")
        assert bad.returncode == 2 and "not a hub address" in bad.stderr
    finally:
        mirror.close()
