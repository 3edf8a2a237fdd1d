"""Teach by example: embed the example files, train, cross-validate, save (core/classify/trained.py).

Examples come from a folder with one subfolder per label (people often have
such folders already) and/or from (path, label) pairs such as the corrections
made in the results table.  With ``extend`` the classifier's saved examples are
kept (their embeddings are stored, so they are not read again); a file given
again replaces its old example, so a correction wins over the first label.
"""

from __future__ import annotations

import time
from pathlib import Path

from assistant.core.classify import trained
from assistant.core.classify.chunking import document_vectors, model_max_tokens
from assistant.core.classify.messages import TrainedSummary, TrainRequest
from assistant.core.classify.task import data_dir
from assistant.core.context import ModelChooser, Plan, TaskContext, one_model
from assistant.core.files.read import UnreadableFile, read_text
from assistant.core.files.walk import walk_files
from assistant.core.files.where import absolute
from assistant.core.models.loader import LoadedModel
from assistant.core.protocol import BadInput, ModelMissing, Stats, Task
from assistant.core.say import message_of, say

BATCH_FILES = 16


def examples_in_folder(folder: Path) -> list[tuple[str, str]]:
    """(path, label) for every file below each non-hidden subfolder of ``folder``; the paths absolute,
    as the classifier stores them (a retrain from another folder finds the same files)."""
    folder = Path(absolute(folder))
    if not folder.is_dir():
        raise BadInput(say("The examples folder {folder} does not exist.", folder=str(folder)))
    pairs: list[tuple[str, str]] = []
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        pairs.extend((str(path), sub.name) for path in walk_files([sub]))
    if not pairs:
        raise BadInput(say("The examples folder {folder} has no subfolders with files: make one subfolder per label.", folder=str(folder)))
    return pairs


def prepare(request: TrainRequest, models: ModelChooser) -> Plan:
    """A classifier is taught on sentence embeddings: the embedding model runs it.  The name and the
    examples are checked before it loads (a classifier being extended may bring its own examples)."""
    trained.check_name(request.name)
    if request.examples_dir:
        examples_in_folder(Path(request.examples_dir))
    elif not request.examples and not request.extend:
        raise BadInput(say("Give example files: a folder with one subfolder per label, or labelled files."))
    return one_model(Task.EMBED, request, models)


def run(models: list[LoadedModel], request: TrainRequest, context: TaskContext):
    loaded = models[0]
    import torch

    if loaded.info.kind != "embedding":
        raise ModelMissing(say("Teaching by example needs an embedding model; '{model}' is not one.", model=loaded.info.name))
    name = trained.check_name(request.name)
    folder = trained.classifiers_dir(data_dir(context)) / name
    started = time.perf_counter()

    examples: dict[str, tuple[torch.Tensor, str]] = {}  # path -> (vector, label); later entries win
    if request.extend and (folder / "classifier.json").is_file():
        old, vectors, targets, paths = trained.load(folder)
        if old.embedding_model and old.embedding_model != loaded.info.name:
            raise ModelMissing(
                say("The classifier '{name}' was trained with '{trained_with}'; choose that model to extend it.", name=name, trained_with=old.embedding_model)
            )
        for vector, target, path in zip(vectors, targets, paths, strict=True):
            examples[path] = (vector, old.labels[target])
    pairs = [(absolute(path), label) for path, label in request.examples]  # stored: absolute, resolved
    if request.examples_dir:
        pairs = examples_in_folder(Path(request.examples_dir)) + pairs
    if not pairs and not examples:
        raise BadInput(say("Give example files: a folder with one subfolder per label, or labelled files."))

    max_tokens = model_max_tokens(loaded) - 2
    unreadable: list[tuple[str, str]] = []
    for start in range(0, len(pairs), BATCH_FILES):
        context.check_cancelled()
        batch = pairs[start : start + BATCH_FILES]
        documents = []
        for path, label in batch:
            try:
                text = read_text(path, request.max_file_bytes)
            except UnreadableFile as exc:
                unreadable.append((path, message_of(exc)))
                continue
            documents.append((path, label, text))
        if documents:
            found = document_vectors(loaded, [text for *_, text in documents], max_tokens, context.check_cancelled)
            for (path, label, _), vector in zip(documents, found, strict=True):
                examples[path] = (vector, label)  # the same document vector the classifier will see when it predicts
        done = min(start + BATCH_FILES, len(pairs))
        context.progress(done, len(pairs), say("Reading examples: {done} of {total}", done=done, total=len(pairs)))

    labels = tuple(sorted({label for _, label in examples.values()}))
    if len(labels) < 2:
        raise BadInput(say("Teaching needs readable examples for at least two labels."))
    paths = list(examples)
    vectors = torch.stack([examples[p][0] for p in paths])
    targets = [labels.index(examples[p][1]) for p in paths]
    context.progress(0, 0, say("Training and cross-validating…"))
    classifier = trained.train(name, labels, vectors, targets, loaded.info.name, paths)
    trained.save(folder, classifier, vectors, targets, paths)
    info = classifier.info
    summary = TrainedSummary(
        name=name,
        labels=labels,
        examples=tuple(info["examples"].items()),
        cv_accuracy=info["cv_accuracy"],
        cv_folds=info["cv_folds"],
        temperature=classifier.temperature,
        nll_before=info["nll_before"],
        nll_after=info["nll_after"],
        embedding_model=loaded.info.name,
        path=str(folder),
        unreadable=tuple(unreadable),
    )
    return summary, Stats(len(pairs), "examples", time.perf_counter() - started)
