"""Suggest labels for a folder with none: read and embed its files, group them, name the groups.

The grouping and naming are in core/classify/suggest.py; this module is the task around
them: the files are read a batch at a time (a file that cannot be read is listed with
why and left out), each becomes the normalised mean of its passages' embeddings (the
vector a taught classifier sees), and progress and Stop work between batches.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from assistant.core.classify import suggest
from assistant.core.classify.chunking import document_vectors, model_max_tokens
from assistant.core.classify.messages import ClassifyItem, SuggestedLabel, SuggestedLabels, SuggestLabelsRequest
from assistant.core.context import ModelChooser, Plan, TaskContext, one_model
from assistant.core.files.read import UnreadableFile, read_text
from assistant.core.files.walk import walk_files
from assistant.core.files.where import absolute
from assistant.core.models.loader import LoadedModel
from assistant.core.protocol import BadInput, ModelMissing, Stats, Task
from assistant.core.say import message_of, say

BATCH_FILES = 32
MAX_GROUPS = 30


def prepare(request: SuggestLabelsRequest, models: ModelChooser) -> Plan:
    """Files and folders are needed; the embedding model groups them."""
    if not request.items and not request.sources:
        raise BadInput(say("Add the files or a folder to suggest labels for first."))
    if request.groups and not 2 <= request.groups <= MAX_GROUPS:
        raise BadInput(say("Ask for between 2 and {most} labels, not {count}.", most=MAX_GROUPS, count=request.groups))
    return one_model(Task.EMBED, request, models)


def run(models: list[LoadedModel], request: SuggestLabelsRequest, context: TaskContext):
    loaded = models[0]
    if loaded.info.kind != "embedding":
        raise ModelMissing(say("Suggesting labels needs an embedding model; '{model}' is not one.", model=loaded.info.name))
    started = time.perf_counter()
    context.progress(0, 0, say("Listing the files…"))
    items = list(_items(request, context))
    names, vectors, words, unreadable = _read_and_embed(loaded, items, request, context)
    if len(names) < suggest.MIN_FILES:
        raise BadInput(
            say("Suggesting labels needs at least {least} readable files; {count} could be read.", least=suggest.MIN_FILES, count=len(names))
        )
    context.progress(0, 0, say("Grouping {count} files…", count=len(names)))
    k_range = (request.groups, request.groups) if request.groups else suggest.K_RANGE
    space = suggest.combined(vectors, words)
    grouping = suggest.group(space, k_range, context.check_cancelled)
    result = describe(names, space, words, grouping)
    result = SuggestedLabels(result.labels, result.files, result.silhouette, result.tried, tuple(unreadable))
    return result, Stats(len(items), "files", time.perf_counter() - started)


def describe(names: list[str], vectors, words: list[list[str]], grouping: suggest.Grouping) -> SuggestedLabels:
    """The groups as suggested labels: named by their distinctive words, files most typical first,
    the largest group first.  ``vectors``: the rows the files were grouped by."""
    import torch

    x = torch.nn.functional.normalize(vectors.float(), dim=1)
    top_words = suggest.distinctive_words(words, grouping.assignments, grouping.k)
    label_names = suggest.names_for(top_words)
    similarity = (x * grouping.centroids[torch.tensor(grouping.assignments)]).sum(dim=1).tolist()
    labels = []
    for number in range(grouping.k):
        members = sorted(
            ((names[i], round(similarity[i], 4)) for i, g in enumerate(grouping.assignments) if g == number), key=lambda pair: -pair[1]
        )
        if members:
            labels.append(SuggestedLabel(label_names[number], tuple(top_words[number]), tuple(members)))
    labels.sort(key=lambda label: (-len(label.files), label.name))
    return SuggestedLabels(tuple(labels), len(names), round(grouping.silhouette, 4), tuple(grouping.tried.items()))


def _items(request: SuggestLabelsRequest, context: TaskContext) -> Iterator[ClassifyItem]:
    yield from request.items
    walk = request.walk
    roots = [absolute(source) for source in request.sources]
    for number, path in enumerate(walk_files(roots, walk.include, walk.exclude, walk.hidden, walk.follow_links)):
        if number % 500 == 0:
            context.check_cancelled()
        yield ClassifyItem(name=path.name, path=str(path))


def _read_and_embed(loaded: LoadedModel, items: list[ClassifyItem], request: SuggestLabelsRequest, context: TaskContext):
    """(names, (n, dim) vectors, each file's words, unreadable (path, why)) of the readable items."""
    import torch

    max_tokens = model_max_tokens(loaded) - 2
    names: list[str] = []
    vectors: list = []
    words: list[list[str]] = []
    unreadable: list[tuple[str, str]] = []
    for start in range(0, len(items), BATCH_FILES):
        context.check_cancelled()
        documents = []
        for item in items[start : start + BATCH_FILES]:
            name = item.path or item.name
            try:
                text = read_text(item.path, request.max_file_bytes) if item.path else (item.text or "")
                if not text.strip():
                    raise UnreadableFile(say("empty text"))
            except UnreadableFile as exc:
                unreadable.append((name, message_of(exc)))
                continue
            documents.append((name, text))
        if documents:
            found = document_vectors(loaded, [text for _, text in documents], max_tokens, context.check_cancelled)
            for (name, text), vector in zip(documents, found, strict=True):
                names.append(name)
                vectors.append(vector)
                words.append(suggest.words_of(text))
        done = min(start + BATCH_FILES, len(items))
        context.progress(done, len(items), say("Reading files: {done} of {total}", done=done, total=len(items)))
    return names, (torch.stack(vectors) if vectors else torch.empty(0, 0)), words, unreadable
