"""Every catalog entry, walked through the download planner against a hub laid out as the entry says.

The catalog records each model's weights format ("safetensors", or "pickle" for
pytorch_model.bin only) and, where known, the conversion bot's branch.  Each entry's
repository is served by the local hub with the files such a repository publishes
(names and sizes as published: weights in other frameworks, model card, git files),
and the planner must find weights this program loads for every one of them: none is
offered that would end in "no model weights that this program can load".
"""

from __future__ import annotations

import pytest

from assistant.core.models.catalog import load_catalog
from assistant.core.models.download import plan_download
from tests.fixtures.fake_hub import FakeHub, FakePR, FakeRepo, hub, only_localhost  # noqa: F401 (fixtures)

MAIN = "1" * 40
CATALOG = load_catalog()


@pytest.fixture(autouse=True)
def _localhost(only_localhost):
    pass


def published_layout(entry) -> tuple[dict[str, bytes], dict[str, int]]:
    """(files, listed sizes) of a repository shaped like the entry's, as the hub lists them."""
    weights = int(entry.size_mb * 1e6)
    files: dict[str, bytes] = {"config.json": b"{}", "README.md": b"# card", ".gitattributes": b"*.bin filter=lfs"}
    sizes: dict[str, int] = {}
    if entry.family == "marian":
        files.update({n: b"x" for n in ("source.spm", "target.spm", "vocab.json", "tokenizer_config.json", "generation_config.json")})
    else:
        files.update({"tokenizer.json": b"{}", "tokenizer_config.json": b"{}", "special_tokens_map.json": b"{}"})
    if entry.id.startswith("sentence-transformers/"):
        files.update({"modules.json": b"[]", "1_Pooling/config.json": b"{}", "sentence_bert_config.json": b"{}"})
    if entry.weights == "pickle":
        for name in ("pytorch_model.bin", "tf_model.h5", "rust_model.ot", "flax_model.msgpack"):
            files[name], sizes[name] = b"", weights
    else:
        files["model.safetensors"], sizes["model.safetensors"] = b"", weights
        files["onnx/model.onnx"], sizes["onnx/model.onnx"] = b"", weights  # many repositories carry exports too
    return files, sizes


@pytest.mark.parametrize("entry", CATALOG.entries, ids=[e.id for e in CATALOG.entries])
def test_every_catalog_entry_plans_to_weights_this_program_loads(hub: FakeHub, entry, tmp_path):
    files, sizes = published_layout(entry)
    prs = []
    if entry.safetensors_branch:
        number = int(entry.safetensors_branch.rsplit("/", 1)[1])
        prs.append(FakePR(number, {"model.safetensors": b""}, commit="2" * 40, parent=MAIN))
    if prs:  # the bot's branch lists its safetensors at their size
        sizes["model.safetensors"] = int(entry.size_mb * 1e6)
    hub.add(FakeRepo(entry.id, files, commit=MAIN, prs=prs, sizes=sizes))

    plan = plan_download(entry.id, entry.revision, endpoint=hub.endpoint, cache_dir=tmp_path)
    names = [f.name for f in plan.files]
    assert "config.json" in names
    weights = [n for n in names if n.endswith((".safetensors", ".bin"))]
    assert weights, entry.id
    if entry.weights == "safetensors":
        assert weights == ["model.safetensors"] and not plan.convert and not plan.weights_revision
    elif entry.safetensors_branch:
        assert plan.weights_revision == entry.safetensors_branch and weights == ["model.safetensors"] and not plan.convert
    else:
        assert plan.convert and weights == ["pytorch_model.bin"]  # fetched to be converted with the safe loader
    # never another framework's weights, never an export
    assert not any(n.endswith((".h5", ".ot", ".msgpack", ".onnx")) for n in names)


def test_the_catalog_offers_chinese_japanese_and_korean_with_english():
    pairs = {e.pair for e in CATALOG.entries if e.pair}
    assert {("en", "zh"), ("zh", "en"), ("ja", "en"), ("ko", "en")} <= pairs
    # English into Japanese and Korean: the multilingual entries
    assert any(e.translates("en", "ja") for e in CATALOG.entries) and any(e.translates("en", "ko") for e in CATALOG.entries)
    pickle_only = {e.id for e in CATALOG.entries if e.weights == "pickle"}
    assert {"Helsinki-NLP/opus-mt-en-zh", "Helsinki-NLP/opus-mt-zh-en", "facebook/nllb-200-distilled-600M"} <= pickle_only
