"""Walking folders (patterns, hidden files, links) and splitting long texts into model-sized passages."""

from __future__ import annotations

import pytest

from assistant.core.files.walk import parse_patterns, walk_files


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "notes" / "old").mkdir(parents=True)
    (tmp_path / "node_modules" / "pkg").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    for name in ("a.txt", "b.pdf", "c.tmp", ".hidden.txt", "notes/d.md", "notes/old/e.txt", "node_modules/pkg/f.txt", ".git/g.txt"):
        (tmp_path / name).write_text(name)
    return tmp_path


def names(paths, root):
    return [p.relative_to(root).as_posix() for p in paths]


def test_walk_is_sorted_recursive_and_skips_hidden(tree):
    assert names(walk_files([tree]), tree) == ["a.txt", "b.pdf", "c.tmp", "node_modules/pkg/f.txt", "notes/d.md", "notes/old/e.txt"]
    hidden = names(walk_files([tree], hidden=True), tree)
    assert ".hidden.txt" in hidden and ".git/g.txt" in hidden


def test_include_and_exclude_patterns(tree):
    include = parse_patterns("*.txt, *.md")
    exclude = parse_patterns("node_modules; notes/old")
    assert names(walk_files([tree], include=include, exclude=exclude), tree) == ["a.txt", "notes/d.md"]
    assert names(walk_files([tree], exclude=("*.tmp", "*.pdf")), tree) == ["a.txt", "node_modules/pkg/f.txt", "notes/d.md", "notes/old/e.txt"]
    assert names(walk_files([tree], recursive=False), tree) == ["a.txt", "b.pdf", "c.tmp"]


def test_symlink_loops_are_safe_when_following_links(tree):
    (tree / "notes" / "back").symlink_to(tree, target_is_directory=True)  # a loop
    (tree / "elsewhere").mkdir()
    (tree / "elsewhere" / "x.txt").write_text("x")
    (tree / "notes" / "link-to-elsewhere").symlink_to(tree / "elsewhere", target_is_directory=True)
    (tree / "dangling.txt").symlink_to(tree / "missing.txt")
    not_followed = names(walk_files([tree]), tree)
    assert "dangling.txt" in not_followed  # listed: it gets a row that says the file is gone
    assert not any(n.startswith("notes/back/") or n.startswith("notes/link-to-elsewhere/") for n in not_followed)
    followed = names(walk_files([tree], follow_links=True), tree)
    assert len(followed) == len(set(followed))  # the loop did not repeat anything
    assert "elsewhere/x.txt" in followed and "notes/link-to-elsewhere/x.txt" not in followed  # each real folder once
    assert not any("back/" in n for n in followed)


# ------------------------------------------------------------------ chunks


@pytest.fixture(scope="module")
def tokenizer():
    from transformers import AutoTokenizer

    from assistant.core.models.sources import starter_embedding_dir

    return AutoTokenizer.from_pretrained(str(starter_embedding_dir()))


def test_short_text_is_one_passage_exactly(tokenizer):
    from assistant.core.classify.chunking import split_into_chunks

    text = "  A short note.\n"
    chunks = split_into_chunks(text, tokenizer, 254)
    assert chunks.total == 1 and chunks.chunks[0].text == text


def test_long_text_passages_fit_the_model_and_end_at_sentences(tokenizer):
    from assistant.core.classify.chunking import split_into_chunks

    sentences = [f"Sentence {i} is about the harbour, the ships and the weather on day {i}." for i in range(400)]
    text = " ".join(sentences)
    chunks = split_into_chunks(text, tokenizer, 100, max_chunks=1000)
    assert chunks.total == len(chunks.chunks) > 20
    for chunk in chunks.chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        assert len(tokenizer(chunk.text, add_special_tokens=False)["input_ids"]) <= 100
        assert chunk.text.rstrip().endswith(".")  # cut at a sentence end, not mid-sentence
    covered = "".join(c.text for c in chunks.chunks)
    assert covered.split() == text.split()  # nothing lost, nothing repeated


def test_very_long_text_is_sampled_evenly(tokenizer):
    from assistant.core.classify.chunking import split_into_chunks

    text = "\n".join(f"Part {i}: " + "word " * 60 for i in range(300))
    chunks = split_into_chunks(text, tokenizer, 64, max_chunks=10)
    assert len(chunks.chunks) == 10 and chunks.total > 100
    assert chunks.chunks[0].start == 0 and chunks.chunks[-1].start > len(text) * 0.8  # from start to end, not the first pages only
