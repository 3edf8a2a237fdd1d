"""Classification of pasted text and files into the user's labels.

Three ways to score (core/classify/scoring.py): an NLI model when one is
installed (what transformers' zero-shot-classification pipeline computes), the
embedding model's similarity to the labels otherwise, or a classifier the user
trained by example.  Every text is split into passages that fit the model
(core/classify/chunking.py); passage scores are combined into the document's,
and the passages that drove the label come back with it.

Files are read a batch at a time and each finished item goes to the tab at once;
a file that cannot be read gets a row saying why.  Zero-shot by similarity then takes a
second step once every item is scored: it learns from the whole batch and revises every
item's scores, the tab is sent the revised rows (core/classify/refine.py).  With ``request.job`` set the
run is checkpointed (core/classify/job.py): the file list is frozen, results
are appended to disk after every batch and only a summary is kept in memory, so
10,000 files take the memory of one batch, and a stopped job resumes.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from assistant.core.classify import finetune, selftrain, trained
from assistant.core.classify.chunking import model_max_tokens, split_into_chunks
from assistant.core.classify.job import JobStore, prune_finished_jobs, request_for, spec_of, where_files_are
from assistant.core.classify.labels import parse_labels
from assistant.core.classify.lexical import term_counts
from assistant.core.classify.messages import ClassifiedItem, ClassifyItem, ClassifyJobResult, ClassifyRequest
from assistant.core.classify.refine import Refinement
from assistant.core.classify.scoring import CENTRE_SAMPLE, MIN_CENTRE_ITEMS, EmbeddingScorer, NliScorer, TrainedScorer
from assistant.core.context import MAX_TEXT_CHARS, ModelChooser, Plan, TaskContext, one_model
from assistant.core.files.read import UnreadableFile, read_text
from assistant.core.files.walk import walk_files
from assistant.core.files.where import absolute
from assistant.core.models.embeddings import embed
from assistant.core.models.loader import LoadedModel
from assistant.core.protocol import BadInput, ModelMissing, Stats, Task
from assistant.core.say import message_of, say

BATCH_FILES = 32  # files read and scored together: their passages fill the embedding batches
NLI_MAX_TOKENS = 256  # passages for NLI: cost grows with length x labels


def prepare(request: ClassifyRequest, models: ModelChooser) -> Plan:
    """Check the labels and input before any model loads (a job to resume brings its own); a trained
    classifier sits on the embedding model, zero-shot uses the classification model."""
    if not request.job:
        check_labels(request)
    return one_model(Task.EMBED if request.classifier else Task.CLASSIFY, request, models)


def check_labels(request: ClassifyRequest) -> tuple[str, ...]:
    labels = parse_labels(request.labels)
    for name, value in (("--threshold", request.threshold), ("--unsure-below", request.unsure_below)):
        if not 0 <= value <= 1:  # also NaN
            raise BadInput(say("{option} is a score between 0 and 1, not {value}.", option=name, value=value))
    if request.max_file_bytes <= 0:
        raise BadInput(say("The largest file to read must be more than 0 MB."))
    if request.classifier:
        return labels  # the classifier brings its own labels
    if len(labels) < 2:
        raise BadInput(say("Give at least two labels, separated by commas (for example: sports, politics, technology)."))
    blank = all(item.path is None and not (item.text or "").strip() for item in request.items)
    if blank and not request.sources and not request.job:  # no items, or only empty pasted texts
        raise BadInput(say("There is nothing to classify: paste some text or add files."))
    return labels


def data_dir(context: TaskContext) -> Path:
    """The data folder the engine was given (jobs, classifiers and organize logs live there)."""
    if context.data_dir is None:
        raise RuntimeError("the engine was given no data folder")
    return context.data_dir


def run(models: list[LoadedModel], request: ClassifyRequest, context: TaskContext):
    loaded = models[0]
    if request.job and JobStore(data_dir(context), request.job).exists():
        request = request_for(data_dir(context), request.job)  # a resume: the labels and options the job began with
    labels = check_labels(request)
    if request.job:
        return _run_job(loaded, request, labels, context)
    if not request.items:
        raise BadInput(say("There is nothing to classify: paste some text or add files."))
    pipeline = Pipeline(loaded, request, labels, context)
    pipeline.centre_on(request.items)
    results: list[ClassifiedItem] = []
    total = len(request.items)
    started = time.perf_counter()
    vectors: dict[int, list[float]] = {}
    terms: dict[int, dict[str, int]] = {}
    for batch in _batches(enumerate(request.items), BATCH_FILES):
        context.check_cancelled()
        for item in pipeline.classify(batch):
            results.append(item)
            context.emit_partial(item)
        vectors.update(pipeline.last_records)
        terms.update(pipeline.last_terms)
        context.progress(len(results), total, say("{done} of {total}", done=len(results), total=total))
    results.sort(key=lambda r: r.index)
    if pipeline.refinement is not None:
        revised, _changed = _refine(pipeline.refinement, results, vectors, terms, context)
        results = [revised.get(item.index, item) for item in results]
    unit = "files" if any(i.path for i in request.items) else "texts"
    return results, Stats(len(results), unit, time.perf_counter() - started)


# ------------------------------------------------------------------ the job


def _run_job(loaded: LoadedModel, request: ClassifyRequest, labels: tuple[str, ...], context: TaskContext):
    assert request.job is not None  # run() starts a job only when the request names one
    store = JobStore(data_dir(context), request.job)
    if not store.exists():
        prune_finished_jobs(data_dir(context))
        context.progress(0, 0, say("Listing the files…"))
        files = _listing(request, context)
        store.create(spec_of(request, loaded.info.key), files)
    spec = store.spec()
    total = int(spec["total"])
    base = where_files_are(store, spec)  # an older job's relative paths: read from there, and say so
    if base is not None and not spec.get("cwd"):
        context.progress(0, total, say("The job '{id}' stored relative paths (an older version); its files are looked for under {folder}.", id=store.id, folder=base))
    done = store.done_indices()
    resumed_from = len(done)
    pipeline = Pipeline(loaded, request, labels, context)
    # The whole job's sample, not the files left: a resumed job scores its files as the first run did.
    pipeline.centre_on([ClassifyItem(name=Path(p).name, path=absolute(p, base)) for _, p in store.files()])
    counts = _Counts()
    for item in _replay(store):  # the tab and the summary see the files finished before a crash too
        counts.add(item)
        context.emit_partial(item)
    started = time.perf_counter()
    finished_now = 0
    store.mark("running", done=len(done), total=total)
    pending = ((i, ClassifyItem(name=Path(p).name, path=absolute(p, base))) for i, p in store.files() if i not in done)
    for batch in _batches(pending, BATCH_FILES):
        context.check_cancelled()
        items = pipeline.classify(batch)
        if pipeline.refinement is not None:  # before the results: a file done has its records
            store.append_terms(pipeline.last_terms)
            store.append_vectors(pipeline.last_records)
        store.append(items)  # on disk before anyone is told: a crash after this loses nothing
        for item in items:
            counts.add(item)
            context.emit_partial(item)
        finished_now += len(items)
        context.progress(resumed_from + finished_now, total, _speed_line(resumed_from + finished_now, total, finished_now, started))
    revised_count = 0
    if pipeline.refinement is not None:
        revised, revised_count = _refine(pipeline.refinement, list(_replay(store)), store.read_vectors(), store.read_terms(), context)
        if revised:
            store.rewrite(revised.get(item.index, item) for item in _replay(store))
            counts = _Counts()
            for item in _replay(store):
                counts.add(item)
    seconds = time.perf_counter() - started
    store.mark("done", done=counts.total, total=total)
    summary = ClassifyJobResult(
        job=store.id,
        total=total,
        classified=counts.total - counts.unreadable,
        unreadable=counts.unreadable,
        unsure=counts.unsure,
        results_file=str(store.results_file),
        per_label=tuple(sorted(counts.per_label.items(), key=lambda kv: -kv[1])),
        resumed_from=resumed_from,
        revised=revised_count,
    )
    return summary, Stats(finished_now, "files", seconds)


def _refine(
    refinement: Refinement,
    items: list[ClassifiedItem],
    records: Mapping[int, Sequence[float]],
    terms: Mapping[int, Mapping[str, int]],
    context: TaskContext,
):
    """The second step (core/classify/refine.py): (index -> revised item, how many changed label)
    for the items that have a record (an item's document vector followed by its first scores);
    nothing when too few can take part.  The words of the items (``terms``) join the vectors
    when every item taking part has them (a job begun by an older version has none).  Each
    revised item is sent to the tab."""
    import torch

    taking_part = [item for item in items if item.ok and item.index in records]
    if len(taking_part) < selftrain.MIN_BATCH:
        return {}, 0
    context.check_cancelled()
    context.progress(0, 0, say("Learning from the whole batch, then revising its labels…"))
    width = len(refinement.labels)
    values = torch.tensor([list(records[item.index]) for item in taking_part], dtype=torch.float32)
    words = [terms[item.index] for item in taking_part] if all(item.index in terms for item in taking_part) else None
    probabilities = refinement.revise(values[:, :-width], values[:, -width:], words)
    context.check_cancelled()
    if probabilities is None:
        return {}, 0
    out: dict[int, ClassifiedItem] = {}
    changed = 0
    for item, row in zip(taking_part, probabilities, strict=True):
        new = out[item.index] = refinement.revised(item, row.tolist())
        changed += new.label != item.label
        context.emit_partial(new)
    return out, changed


def _listing(request: ClassifyRequest, context: TaskContext) -> Iterator[str]:
    """The job's files, absolute and resolved (a resume from another folder reads the same files)."""
    for item in request.items:
        if item.path:
            yield absolute(item.path)
    walk = request.walk
    roots = [absolute(source) for source in request.sources]
    for number, path in enumerate(walk_files(roots, walk.include, walk.exclude, walk.hidden, walk.follow_links)):
        if number % 500 == 0:
            context.check_cancelled()
        yield str(path)


def _replay(store: JobStore) -> Iterator[ClassifiedItem]:
    from assistant.core.classify.results import read_results

    yield from read_results(store.results_file)


class _Counts:
    def __init__(self) -> None:
        self.total = self.unreadable = self.unsure = 0
        self.per_label: dict[str, int] = {}

    def add(self, item: ClassifiedItem) -> None:
        self.total += 1
        if not item.ok:
            self.unreadable += 1
        elif item.unsure:
            self.unsure += 1
        else:
            for label in item.labels:
                self.per_label[label] = self.per_label.get(label, 0) + 1


def _speed_line(done: int, total: int, done_now: int, started: float) -> str:
    elapsed = time.perf_counter() - started
    rate = done_now / elapsed if elapsed > 0 else 0.0
    if rate > 0 and total > done:
        return say(
            "{done:,} of {total:,} files · {rate:.1f} files/s · about {left} left",
            done=done, total=total, rate=rate, left=_duration((total - done) / rate),
        )  # fmt: skip
    return say("{done:,} of {total:,} files · {rate:.1f} files/s", done=done, total=total, rate=rate)


def _duration(seconds: float) -> str:
    if seconds < 90:
        return say("{count} s", count=max(1, round(seconds)))
    if seconds < 90 * 60:
        return say("{count} min", count=round(seconds / 60))
    return say("{count:.1f} h", count=seconds / 3600)


def _batches(numbered: Iterable[tuple[int, ClassifyItem]], size: int) -> Iterator[list[tuple[int, ClassifyItem]]]:
    batch: list[tuple[int, ClassifyItem]] = []
    for entry in numbered:
        batch.append(entry)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# ------------------------------------------------------------- the pipeline


class Pipeline:
    """Read, split, score and decide, one batch of items at a time."""

    def __init__(self, loaded: LoadedModel, request: ClassifyRequest, labels: tuple[str, ...], context: TaskContext) -> None:
        self.request = request
        self.context = context
        self.tokenizer = loaded.tokenizer
        descriptions = {label: text for label, text in request.descriptions}
        self.scorer: TrainedScorer | NliScorer | EmbeddingScorer
        self.refinement: Refinement | None = None  # the second step, when it runs (core/classify/refine.py)
        self.last_records: list[tuple[int, list[float]]] = []  # the last batch's, for that step
        self.last_terms: list[tuple[int, dict[str, int]]] = []  # and the words of its texts (core/classify/lexical.py)
        if request.classifier:
            classifier = load_classifier_for(loaded, request.classifier, data_dir(context))
            if trained.tuned(classifier.info):  # it embeds with the encoder tuned on its examples
                folder = trained.classifiers_dir(data_dir(context)) / trained.check_name(request.classifier)
                loaded = finetune.load_encoder(loaded, folder, classifier.info["encoder"])
            self.scorer = TrainedScorer(loaded, classifier, context.check_cancelled)
            self.max_tokens = model_max_tokens(loaded) - 2
        elif loaded.info.kind.startswith("NLI"):
            self.max_tokens = min(NLI_MAX_TOKENS, model_max_tokens(loaded, 512))
            nli = NliScorer(loaded, labels, descriptions, context.check_cancelled, self.max_tokens)
            self.scorer = nli
            self.max_tokens -= 3 + max(len(loaded.tokenizer(h)["input_ids"]) for _, h in nli.hypotheses)
        else:
            self.scorer = EmbeddingScorer(loaded, labels, descriptions, context.check_cancelled)
            self.max_tokens = model_max_tokens(loaded) - 2  # [CLS] and [SEP]
            if request.self_train and not request.multi_label:
                self.refinement = Refinement(labels, request.unsure_below)

    def centre_on(self, items: Sequence[ClassifyItem]) -> None:
        """Zero-shot by similarity, one label per item: centre the scores on a random sample of the
        items (EmbeddingScorer.set_centre), drawn with a fixed seed so the same items give the same
        scores; the files that cannot be read are left out of it."""
        if not isinstance(self.scorer, EmbeddingScorer) or self.request.multi_label or len(items) < MIN_CENTRE_ITEMS:
            return
        import torch

        chosen = sorted(random.Random(0).sample(range(len(items)), min(CENTRE_SAMPLE, len(items))))
        documents, terms = [], []
        for index in chosen:
            self.context.check_cancelled()
            try:
                text = self._text_of(items[index])
            except UnreadableFile:
                continue
            documents.append([c.text for c in split_into_chunks(text, self.tokenizer, self.max_tokens).chunks])
            terms.append(term_counts(text))
        if len(documents) < MIN_CENTRE_ITEMS:
            return
        passages = embed(self.scorer.loaded, [p for passages in documents for p in passages], self.context.check_cancelled)
        vectors, position = [], 0
        for texts in documents:
            vectors.append(torch.nn.functional.normalize(passages[position : position + len(texts)].mean(dim=0), dim=0))
            position += len(texts)
        self.scorer.set_centre(torch.stack(vectors), terms)

    def classify(self, batch: list[tuple[int, ClassifyItem]]) -> list[ClassifiedItem]:
        out: list[ClassifiedItem] = []
        documents = []
        for index, item in batch:
            try:
                text = self._text_of(item)
                documents.append((index, item, text, split_into_chunks(text, self.tokenizer, self.max_tokens)))
            except UnreadableFile as exc:
                out.append(ClassifiedItem(index=index, name=item.name, scores=None, error=message_of(exc), path=item.path or ""))
        self.last_records = []
        self.last_terms = []
        if documents:
            passages = [chunk.text for *_, chunks in documents for chunk in chunks.chunks]
            evidence = self.scorer.evidence(passages)
            position = 0
            for index, item, text, chunks in documents:
                rows = evidence[position : position + len(chunks.chunks)]
                position += len(chunks.chunks)
                words = term_counts(text) if self.refinement is not None or self.scorer.uses_terms else None  # once per text
                decision = self.scorer.decide(text, chunks.chunks, rows, self.request.multi_label, self.request.threshold, self.request.unsure_below, words)
                if self.refinement is not None:
                    first = decision.scores.as_dict()
                    vector = self.scorer.document_vector(rows).tolist()
                    self.last_records.append((index, vector + [first[label] for label in self.refinement.labels]))
                    self.last_terms.append((index, words or {}))
                out.append(
                    ClassifiedItem(
                        index=index,
                        name=item.name,
                        scores=decision.scores,
                        path=item.path or "",
                        labels=decision.labels,
                        unsure=decision.unsure,
                        passages=decision.passages,
                        chunks=len(chunks.chunks),
                    )
                )
        out.sort(key=lambda i: i.index)
        return out

    def _text_of(self, item: ClassifyItem) -> str:
        if item.path is not None:
            return read_text(item.path, self.request.max_file_bytes)
        text = item.text or ""
        if not text.strip():
            raise UnreadableFile(say("empty text"))
        if len(text) > MAX_TEXT_CHARS:
            raise UnreadableFile(say("too long ({length:,} characters; the limit is {limit:,})", length=len(text), limit=MAX_TEXT_CHARS))
        return text


def load_classifier_for(loaded: LoadedModel, name: str, data: Path) -> trained.Classifier:
    folder = trained.classifiers_dir(data) / trained.check_name(name)
    classifier, *_ = trained.load(folder)
    if loaded.info.kind != "embedding":
        raise ModelMissing(say("The classifier '{name}' needs an embedding model; '{model}' is not one.", name=name, model=loaded.info.name))
    dimension = classifier.weight.shape[1]
    hidden = getattr(loaded.model.config, "hidden_size", dimension)
    if hidden != dimension or (classifier.embedding_model and classifier.embedding_model != loaded.info.name):
        raise ModelMissing(
            say(
                "The classifier '{name}' was trained with the embedding model '{trained_with}', "
                "not '{model}'. Choose that model, or train the classifier again.",
                name=name,
                trained_with=classifier.embedding_model,
                model=loaded.info.name,
            )
        )
    return classifier
