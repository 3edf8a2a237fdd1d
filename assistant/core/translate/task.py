"""Translation: text or a whole file, through one model or two (via English).

The text is split into lines and sentences; sentences are sorted by length and
translated in batches (similar lengths waste little padding), each batch's
sentences are sent to the tab as they finish, and the result is put back together
line by line so paragraphs and line breaks survive.  Glossary terms travel
through the model as placeholders (see translate/glossary.py).  File jobs keep a
checkpoint of finished sentences, so a stopped job continues where it stopped.

``prepare`` reads and checks the input, settles the source language (detecting it for
"auto") and chooses the route: one model, or two through English.  The engine loads the
route's models and calls ``run``.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.core import languages
from assistant.core.context import ModelChooser, Plan, TaskContext, require_text
from assistant.core.models.loader import LoadedModel
from assistant.core.protocol import BadInput, Cancelled, ModelMissing, Stats, Task, TaskError
from assistant.core.say import message_of, say
from assistant.core.text import Line, join_lines, split_lines
from assistant.core.translate.detect import Detection, detect_language
from assistant.core.translate.glossary import Glossary
from assistant.core.translate.messages import FileTranslation, GlossaryReport, TranslatedSentence, TranslateFileRequest, TranslateRequest, TranslationInfo
from assistant.core.translate.routes import Route, find_route, route_with_model

if TYPE_CHECKING:
    from assistant.core.translate.files import Document

# Measured with bench/bench_translate.py's model (opus-mt size) on 2 CPU cores, 64 sentences:
# batches of 16: 0.49, 32: 0.87, 64: 0.83 sentences/s (one at a time: 0.08).  Larger batches
# add padding and delay the first sentence on screen.
BATCH_SIZE = 32
MAX_NEW_TOKENS_FACTOR = 3  # an output longer than 3x its input (+10) is a model going round in circles


@dataclass
class Job:
    """A request made ready: its text units split into sentences, its source language known."""

    request: TranslateRequest | TranslateFileRequest
    units: list[str]
    source: str
    target: str
    detection: Detection | None = None
    document: Document | None = None  # for file jobs
    lines: list[list[Line]] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lines = [split_lines(unit) for unit in self.units]
        self.sentences = [s for unit_lines in self.lines for line in unit_lines for s in line.sentences]


def prepare(request: TranslateRequest | TranslateFileRequest, models: ModelChooser) -> Plan:
    """The input read and checked, its language settled, and the model(s) that translate it."""
    job = shape(request)
    route = choose_route(request, job.source, job.detection, models)
    backend = "translation through English" if route.pivot else "translation"
    return Plan(tuple(leg.model for leg in route.legs), (job, route), backend, info_for(job, route))


def run(loaded: list[LoadedModel], planned: tuple[Job, Route], context: TaskContext):
    job, route = planned
    return run_job(job, route, loaded, context)


def choose_route(request: TranslateRequest | TranslateFileRequest, source: str, detection: Detection | None, models: ModelChooser) -> Route:
    """The model (or two, through English) that translate ``source`` into the request's target."""
    if request.model:
        return route_with_model(models.choose(Task.TRANSLATE, request.model), source, request.target)
    route = find_route(models.installed(), source, request.target)
    if route is None:  # something may have been installed since the last look
        route = find_route(models.installed(fresh=True), source, request.target)
    if route is not None:
        return route
    typed = [request.target] + ([request.source] if request.source != languages.AUTO else [])  # a detected one is known
    for code in typed:
        if code not in languages.LANGUAGES and not languages.is_nllb_code(code):  # a typo: no model would help
            raise BadInput(say("{code} is not a language code: use a two-letter code such as de, fr or zh.", code=code))
    message = missing_pair(source, request.target)
    if detection is not None:
        message = say(
            "The text looks like {language} ({confidence:.0%}). {missing} Or choose the source language yourself.",
            language=languages.name(source),
            confidence=detection.confidence,
            missing=message,
        )
    raise ModelMissing(message)


def missing_pair(source: str, target: str) -> str:
    return say(
        "No translation model for {source} → {target} is installed. "
        "Add one on the Models page (for example Helsinki-NLP/opus-mt-{source}-{target}).",
        source=source,
        target=target,
    )


def shape(request: TranslateRequest | TranslateFileRequest) -> Job:
    """Read and check the input and settle the source language (detecting it for "auto")."""
    if isinstance(request, TranslateFileRequest):
        from assistant.core.files.write import CannotWrite, check_output
        from assistant.core.translate.files import open_document

        try:  # before any work: an output over its input, in a missing folder, or a folder itself
            check_output(request.out_path, [request.path])
        except CannotWrite as exc:
            raise BadInput(message_of(exc)) from None
        document = open_document(Path(request.path))
        units = document.units
        sample = "\n".join(units)
    else:
        document = None
        units = [require_text(request.text)]
        sample = request.text
    if not request.target or request.target == languages.AUTO:
        raise BadInput(say("Choose the language to translate into."))
    detection = None
    source = request.source
    if not source or source == languages.AUTO:
        detection = detect_language(sample)
        source = detection.language
    if source == request.target:
        if detection:
            raise BadInput(
                say(
                    "The text looks like {language} ({confidence:.0%}), the language it should be translated into. "
                    "Choose another source or target language.",
                    language=languages.name(source),
                    confidence=detection.confidence,
                )
            )
        raise BadInput(
            say(
                "The text is set to {language}, the language it should be translated into. Choose another source or target language.",
                language=languages.name(source),
            )
        )
    return Job(request=request, units=units, source=source, target=request.target, detection=detection, document=document)


def info_for(job: Job, route: Route) -> TranslationInfo:
    detection = job.detection
    return TranslationInfo(
        source=job.source,
        target=job.target,
        models=route.model_names,
        pivot=route.pivot,
        detected=detection.language if detection else None,
        confidence=detection.confidence if detection else 0.0,
        alternatives=detection.alternatives if detection else (),
    )


def run_job(job: Job, route: Route, loaded: list[LoadedModel], context: TaskContext):
    """Translate ``job`` along ``route`` (one loaded model per leg); returns (payload, Stats)."""
    glossary = Glossary(job.request.glossary)
    checkpoint = _Checkpoint.for_job(job, route)
    done = checkpoint.load() if checkpoint else {}
    for index, text in sorted(done.items()):
        context.emit_partial(TranslatedSentence(index=index, source=job.sentences[index], text=text))
    started = time.perf_counter()
    todo = [i for i in range(len(job.sentences)) if i not in done]
    words = sum(languages.count_words(job.sentences[i]) for i in todo)
    try:
        translated, report = _translate_all(job, route, loaded, todo, glossary, context, checkpoint, done)
    except Cancelled:
        if checkpoint is not None:
            kept = len(checkpoint.load())
            raise Cancelled(
                say(
                    "Stopped after {kept} of {total} sentences; translate the same file again to continue where it stopped.",
                    kept=kept,
                    total=len(job.sentences),
                )
            ) from None
        raise
    seconds = time.perf_counter() - started
    if report is not None:
        context.emit_partial(report)
    stats = Stats(len(todo), "sentences", seconds, words=words)
    outputs = _assemble(job, translated)
    if isinstance(job.request, TranslateFileRequest):
        assert job.document is not None  # shape() opens the document of every file request
        from assistant.core.files.write import CannotWrite

        try:
            job.document.write(outputs, Path(job.request.out_path))
        except CannotWrite as exc:  # a full disk, a folder gone meanwhile: the checkpoint keeps the work for a retry
            if checkpoint is None:
                raise TaskError(message_of(exc)) from None
            raise TaskError(
                say("{problem} The translated sentences are kept: translate the same file again to write it.", problem=message_of(exc))
            ) from None
        if checkpoint is not None:
            checkpoint.remove()
        payload = FileTranslation(job.request.path, job.request.out_path, len(job.sentences), resumed=len(done))
        return payload, stats
    return outputs[0], stats


def _assemble(job: Job, translated: list[str]) -> list[str]:
    joiner = languages.joiner(job.target)
    outputs = []
    position = 0
    for unit_lines in job.lines:
        count = sum(len(line.sentences) for line in unit_lines)
        outputs.append(join_lines(unit_lines, translated[position : position + count], joiner))
        position += count
    return outputs


def _translate_all(job, route, loaded, todo, glossary, context, checkpoint, done):
    """Translate the sentences ``todo``; returns every sentence's translation and the glossary report."""
    sentences = job.sentences
    out = [""] * len(sentences)
    for index, text in done.items():
        out[index] = text
    retry: list[tuple[int, list]] = []  # sentences whose glossary placeholders the model lost
    order = sorted(todo, key=lambda i: len(sentences[i]))
    total, finished = len(sentences), len(done)
    started = time.perf_counter()
    words = 0
    for start in range(0, len(order), BATCH_SIZE):
        context.check_cancelled()
        batch = order[start : start + BATCH_SIZE]
        protected = [glossary.protect(sentences[i]) for i in batch]
        texts = _through_route(route, loaded, [text for text, _ in protected], context)
        for index, text, (_, slots) in zip(batch, texts, protected, strict=True):
            restored, missing = glossary.restore(text, slots)
            if missing:
                retry.append((index, slots))
                continue
            out[index] = restored
            _finish(context, checkpoint, index, sentences[index], restored)
        finished += len(batch)
        words += sum(languages.count_words(sentences[i]) for i in batch)
        rate = words / max(time.perf_counter() - started, 1e-9)
        context.progress(finished, total, say("{done} of {total} sentences · {rate:.0f} words/s", done=finished, total=total, rate=rate))
    report = None
    if glossary:
        missed: list[str] = []
        # Second chance for those: translated as they are, the term may come out right on its own.
        for start in range(0, len(retry), BATCH_SIZE):
            context.check_cancelled()
            batch = retry[start : start + BATCH_SIZE]
            texts = _through_route(route, loaded, [sentences[i] for i, _ in batch], context)
            for (index, slots), text in zip(batch, texts, strict=True):
                missed.extend(s.original for s in slots if not Glossary.contains(text, s.replacement))
                out[index] = text
                _finish(context, checkpoint, index, sentences[index], text)
        with_terms = sum(1 for i in todo if glossary.protect(sentences[i])[1])
        report = GlossaryReport(applied=with_terms - len(retry), missed=tuple(dict.fromkeys(missed)))
    return out, report


def _finish(context: TaskContext, checkpoint, index: int, source: str, text: str) -> None:
    context.emit_partial(TranslatedSentence(index=index, source=source, text=text))
    if checkpoint is not None:
        checkpoint.add(index, text)


def _through_route(route: Route, loaded: list[LoadedModel], texts: list[str], context: TaskContext) -> list[str]:
    for leg, model in zip(route.legs, loaded, strict=True):
        texts = translate_batch(model, texts, leg.source, leg.target, context)
    return texts


# ------------------------------------------------------------- one batch


def translate_batch(loaded: LoadedModel, texts: list[str], source: str, target: str, context: TaskContext | None = None) -> list[str]:
    """Translate ``texts`` (one batch) with one model; greedy, each text within its own length budget."""
    import torch

    tokenizer = loaded.tokenizer
    extra = _language_arguments(loaded, source, target)
    encoded = tokenizer(texts, return_tensors="pt", padding=True, truncation=True).to(loaded.device)
    lengths = encoded["attention_mask"].sum(dim=1).tolist()
    limits = [int(n) * MAX_NEW_TOKENS_FACTOR + 10 for n in lengths]
    if context is not None:
        extra["stopping_criteria"] = _stop_on_cancel(context)
    with torch.inference_mode():
        generated = loaded.model.generate(**encoded, max_new_tokens=max(limits), num_beams=1, do_sample=False, **extra)
    if context is not None:
        context.check_cancelled()
    return [tokenizer.decode(_within_budget(loaded, row, limit), skip_special_tokens=True).strip() for row, limit in zip(generated, limits, strict=True)]


def _language_arguments(loaded: LoadedModel, source: str, target: str) -> dict:
    """Multilingual models are told the source on the tokenizer and the target as the first generated token."""
    tokenizer = loaded.tokenizer
    family = loaded.info.family
    if family == "nllb":
        src, tgt = languages.to_nllb(source), languages.to_nllb(target)
        if src is None or tgt is None:
            raise BadInput(say("{model} has no code for {language}.", model=loaded.info.name, language=source if src is None else target))
        tokenizer.src_lang = src
        return {"forced_bos_token_id": tokenizer.convert_tokens_to_ids(tgt)}
    if family == "m2m100":
        tokenizer.src_lang = source
        return {"forced_bos_token_id": tokenizer.get_lang_id(target)}
    return {}


def _stop_on_cancel(context: TaskContext):
    """Ends generate() at the next step once Stop is pressed, instead of at the end of the batch."""
    import torch
    from transformers import StoppingCriteria, StoppingCriteriaList

    class StopOnCancel(StoppingCriteria):
        def __call__(self, input_ids, scores, **kwargs):
            return torch.full((input_ids.shape[0],), context.cancel.is_set(), dtype=torch.bool, device=input_ids.device)

    return StoppingCriteriaList([StopOnCancel()])


def _within_budget(loaded: LoadedModel, row, limit: int):
    """The tokens that translating this sentence alone, with its own limit, would give.

    A batch runs to the longest sentence's limit; greedy decoding makes each row's
    prefix the same as alone, so cutting the row at its own limit is enough, except
    that models with ``forced_eos_token_id`` (Marian) end a sentence that hits its
    limit with EOS in place of its last token.
    """
    tokens = row[1 : 1 + limit]  # position 0 is the decoder start token
    config = loaded.model.generation_config
    eos = config.eos_token_id if isinstance(config.eos_token_id, int) else None
    if config.forced_eos_token_id is not None and len(tokens) == limit and (eos is None or eos not in tokens[:-1].tolist()):
        tokens = tokens[:-1]
    return tokens


# ------------------------------------------------------------ checkpoint


class _Checkpoint:
    """Finished sentences of a file job, one JSON line each, appended as they finish.

    Appending keeps each write small and a crash loses at most the line being
    written (a torn last line is ignored on reading).
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def for_job(cls, job: Job, route: Route) -> _Checkpoint | None:
        request = job.request
        if not isinstance(request, TranslateFileRequest) or not request.checkpoint_dir:
            return None
        digest = hashlib.sha256()
        for part in (*job.sentences, job.source, job.target, *route.model_names, json.dumps(request.glossary)):
            digest.update(part.encode("utf-8", "surrogatepass") + b"\x00")
        return cls(Path(request.checkpoint_dir) / f"{digest.hexdigest()[:24]}.jsonl")

    def load(self) -> dict[int, str]:
        done: dict[int, str] = {}
        try:
            with self.path.open(encoding="utf-8") as handle:
                for line in handle:
                    try:
                        entry = json.loads(line)
                        done[int(entry["i"])] = str(entry["t"])
                    except (ValueError, KeyError, TypeError):
                        continue
        except OSError:
            pass
        return done

    def add(self, index: int, text: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"i": index, "t": text}, ensure_ascii=False) + "\n")

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)
