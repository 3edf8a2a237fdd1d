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

from assistant.core.classify import finetune as finetuning
from assistant.core.classify import trained
from assistant.core.classify.chunking import document_vectors, model_max_tokens
from assistant.core.classify.messages import TrainedSummary, TrainRequest
from assistant.core.classify.scoring import label_vectors
from assistant.core.classify.task import data_dir
from assistant.core.context import ModelChooser, Plan, TaskContext, one_model
from assistant.core.files.read import UnreadableFile, read_text
from assistant.core.files.walk import walk_files
from assistant.core.files.where import absolute
from assistant.core.models.loader import LoadedModel
from assistant.core.protocol import BadInput, ModelMissing, Stats, Task
from assistant.core.say import message_of, say

BATCH_FILES = 16
TUNING_CHARS = 4000  # more than the tuning's opening tokens take (finetune.Recipe.max_tokens)


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
    old_pairs: list[tuple[str, str]] = []
    old_tuned = False
    if request.extend and (folder / "classifier.json").is_file():
        old, vectors, targets, paths = trained.load(folder)
        if old.embedding_model and old.embedding_model != loaded.info.name:
            raise ModelMissing(
                say("The classifier '{name}' was trained with '{trained_with}'; choose that model to extend it.", name=name, trained_with=old.embedding_model)
            )
        old_tuned = trained.tuned(old.info)
        for vector, target, path in zip(vectors, targets, paths, strict=True):
            examples[path] = (vector, old.labels[target])
    finetune = old_tuned if request.finetune is None else request.finetune
    pairs = [(absolute(path), label) for path, label in request.examples]  # stored: absolute, resolved
    if request.examples_dir:
        pairs = examples_in_folder(Path(request.examples_dir)) + pairs
    if finetune or old_tuned:
        # Tuning learns from the texts, and a tuned encoder's vectors do not mix with another's:
        # the kept examples are read again (first, so that a file given again wins).
        old_pairs = [(path, label) for path, (_, label) in examples.items()]
        examples = {}
    pairs = old_pairs + pairs
    if not pairs and not examples:
        raise BadInput(say("Give example files: a folder with one subfolder per label, or labelled files."))

    unreadable: list[tuple[str, str]] = []
    encoder = None
    embedder = loaded
    held_out_vectors = None
    if finetune:
        texts = _read_whole(pairs, request, context, unreadable)
        encoder, held_out_vectors = tune_and_cross_fit(loaded, texts, context)
        embedder = finetuning.with_encoder(loaded, encoder)
        examples.update(_embed_documents(embedder, [(p, label, text) for p, (text, label) in texts.items()], context, _embedding_line))
    else:
        examples.update(_embed_examples(embedder, pairs, request, context, unreadable, _reading_line))

    labels = tuple(sorted({label for _, label in examples.values()}))
    if len(labels) < 2:
        raise BadInput(say("Teaching needs readable examples for at least two labels."))
    paths = list(examples)
    vectors = torch.stack([examples[p][0] for p in paths])
    targets = [labels.index(examples[p][1]) for p in paths]
    context.progress(0, 0, say("Training and cross-validating…"))
    # The labels' names hint beside the examples (trained.name_hint), but not for a tuned encoder:
    # it places texts away from where the plain model put the names.
    names = None if encoder is not None else name_vectors(loaded, labels, context.check_cancelled)
    classifier = trained.train(name, labels, vectors, targets, loaded.info.name, paths, cross=cross_fitted_for(held_out_vectors, paths), label_vectors=names)
    context.check_cancelled()  # the last moment Stop leaves the old classifier (or none) as it was
    trained.save(folder, classifier, vectors, targets, paths, encoder)
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
        finetuned=encoder is not None,
        names_used=info["name_scale"] > 0,
        seconds=time.perf_counter() - started,
    )
    return summary, Stats(len(pairs), "examples", time.perf_counter() - started)


def tune_and_cross_fit(loaded: LoadedModel, texts: dict[str, tuple[str, str]], context: TaskContext, recipe: finetuning.Recipe | None = None):
    """path -> (text, label) in; (the encoder tuned on every example, held-out vectors or None).

    The head's cross-validation cannot judge vectors from an encoder that saw every example (it
    reports near 100 % and a temperature that makes every score near 1).  So, when every label has
    2 examples or more, the examples are also split in two halves and an encoder is tuned on each
    half; the vectors it gives the other half are unseen, as a new file's are.  Held-out vectors:
    ([path -> vector from the encoder tuned without half 0, ... without half 1], path -> its half), for
    ``trained.CrossFitted``: the head's strength, the accuracy shown and the temperature come from
    them.  It costs about one more tuning (two of half the pairs each); the progress counts all three.

    Tuning reads the opening of each text (``TUNING_CHARS``); the held-out vectors are made from whole
    texts, as the final classifier's are: made from openings, a long document's held-out logits
    were far less sure than the classifier's, and the temperature fitted on them made it
    under-confident (manpages: right 9 times in 10 at scores near 0.45)."""
    paths = list(texts)
    labels = sorted({label for _, label in texts.values()})
    if len(labels) < 2:
        raise BadInput(say("Teaching needs readable examples for at least two labels."))
    targets = [labels.index(texts[p][1]) for p in paths]
    recipe = recipe or finetuning.RECIPE
    everything = list(range(len(paths)))
    halves: list[list[int]] = []
    fold: list[int] = []
    if min(targets.count(t) for t in range(len(labels))) >= 2:
        fold = trained.stratified_folds(targets, 2)
        halves = [[i for i in everything if fold[i] != f] for f in (0, 1)]  # halves[f] tunes the encoder that has not seen fold f
    parts = [*halves, everything]
    steps = [finetuning.steps_of(len(finetuning.make_pairs([targets[i] for i in part], recipe.pairs_per_example, recipe.seed)), recipe) for part in parts]
    total = sum(steps)

    def tune_on(part: list[int], offset: int):
        def progress(done: int, _total: int) -> None:
            context.progress(offset + done, total, say("Tuning the embedding model: step {done} of {total}", done=offset + done, total=total))

        return finetuning.tune(loaded, [texts[paths[i]][0][:TUNING_CHARS] for i in part], [targets[i] for i in part], recipe, context.check_cancelled, progress)

    by_fold: list[dict] = []
    offset = 0
    max_tokens = model_max_tokens(loaded) - 2
    for number, part in enumerate(halves):
        encoder = tune_on(part, offset)
        offset += steps[number]
        tuned = finetuning.with_encoder(loaded, encoder)
        vectors = document_vectors(tuned, [texts[p][0] for p in paths], max_tokens, context.check_cancelled)
        by_fold.append(dict(zip(paths, vectors, strict=True)))
        del encoder, tuned
    encoder = tune_on(everything, offset)
    return encoder, ((by_fold, dict(zip(paths, fold, strict=True))) if halves else None)


def name_vectors(loaded: LoadedModel, labels: tuple[str, ...], check_cancelled):
    """The labels' names as the names' hint takes them (``trained.train``'s ``label_vectors``): the
    zero-shot label vectors, made unit length."""
    import torch

    return torch.nn.functional.normalize(label_vectors(loaded, labels, {}, check_cancelled), dim=1)


def cross_fitted_for(held_out_vectors, keys: list[str]) -> trained.CrossFitted | None:
    """``tune_and_cross_fit``'s held-out vectors in the order of ``keys`` (the examples' paths);
    None when there are none, or when they are not for exactly these examples."""
    import torch

    if held_out_vectors is None or set(held_out_vectors[1]) != set(keys):
        return None
    by_fold, fold_of = held_out_vectors
    return trained.CrossFitted([torch.stack([fold[key] for key in keys]) for fold in by_fold], torch.tensor([fold_of[key] for key in keys]))


def _reading_line(done: int, total: int) -> str:
    return say("Reading examples: {done} of {total}", done=done, total=total)


def _embedding_line(done: int, total: int) -> str:
    return say("Embedding examples with the tuned model: {done} of {total}", done=done, total=total)


def _embed_examples(loaded: LoadedModel, pairs, request: TrainRequest, context: TaskContext, unreadable: list, line) -> dict:
    """path -> (document vector, label) for every readable file of ``pairs``, a batch at a time;
    ``line(done, total)``: the progress sentence."""
    found_examples: dict = {}
    for start in range(0, len(pairs), BATCH_FILES):
        context.check_cancelled()
        batch = pairs[start : start + BATCH_FILES]
        documents = []
        for path, label in batch:
            text = _read_or_note(path, request, unreadable)
            if text is not None:
                documents.append((path, label, text))
        found_examples.update(_embed_documents(loaded, documents, context))
        done = min(start + BATCH_FILES, len(pairs))
        context.progress(done, len(pairs), line(done, len(pairs)))
    return found_examples


def _embed_documents(loaded: LoadedModel, documents: list[tuple[str, str, str]], context: TaskContext, line=None) -> dict:
    """path -> (document vector, label) for (path, label, text) triples, ``BATCH_FILES`` at a time;
    ``line(done, total)``: the progress sentence (None: the caller says its own)."""
    found: dict = {}
    max_tokens = model_max_tokens(loaded) - 2
    for start in range(0, len(documents), BATCH_FILES):
        batch = documents[start : start + BATCH_FILES]
        vectors = document_vectors(loaded, [text for *_, text in batch], max_tokens, context.check_cancelled)
        for (path, label, _), vector in zip(batch, vectors, strict=True):
            found[path] = (vector, label)  # the same document vector the classifier will see when it predicts
        if line is not None:
            done = min(start + BATCH_FILES, len(documents))
            context.progress(done, len(documents), line(done, len(documents)))
    return found


def _read_whole(pairs, request: TrainRequest, context: TaskContext, unreadable: list) -> dict[str, tuple[str, str]]:
    """path -> (text, label) for every readable file of ``pairs``, read once: tuning reads their
    openings, the held-out halves and the final classifier their whole texts."""
    texts: dict[str, tuple[str, str]] = {}
    for number, (path, label) in enumerate(pairs, 1):
        context.check_cancelled()
        text = _read_or_note(path, request, unreadable)
        if text is not None:
            texts[path] = (text, label)
        if number % BATCH_FILES == 0 or number == len(pairs):
            context.progress(number, len(pairs), _reading_line(number, len(pairs)))
    return texts


def _read_or_note(path: str, request: TrainRequest, unreadable: list) -> str | None:
    """The file's text, or None with (path, why) added to ``unreadable``."""
    try:
        return read_text(path, request.max_file_bytes)
    except UnreadableFile as exc:
        unreadable.append((path, message_of(exc)))
        return None
