"""Q&A over local documents: keep the index up to date, find the best passages, answer.

``run`` gets the embedding model (the engine resolves it for Task.DOCUMENTS); the
model that answers is loaded through ``context.load_model``:
  - a chat model answers from the passages, which go into its system message (so
    the conversation may be shortened to fit, never the passages), streaming;
  - an extractive question-answering model returns the exact span and its score;
  - without either, the answer is the best passages themselves.
Every answer lists its sources (file, page, passage) with their similarity.

Either model may be a server's ("server-name/model-id", core/chat/remote.py): the passages
are then embedded through the server's /v1/embeddings, and the answer streams from its
/v1/chat/completions into the same Partials.  The index keeps vectors per embedding model,
so passages embedded by one model are never compared with another's question vector.

The embedding model chosen on the Models page may have been removed since (the window's
list of models may still name it): a request marked ``fall_back`` then runs with the
automatic choice and its IndexReport names the model that was gone, so the window and the
command line say it once and forget the choice.  A model named by hand is never replaced.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from assistant.core.chat import remote
from assistant.core.chat.messages import ChatMessage, ContextTrimmed
from assistant.core.context import QUESTION, ModelChooser, Plan, TaskContext, one_model, require_text
from assistant.core.documents.index import DocumentIndex, OtherEmbeddings
from assistant.core.documents.messages import AskDocumentsRequest, DocumentAnswer, IndexReport, IndexRequest, SourcePassage
from assistant.core.models.embeddings import embed
from assistant.core.models.loader import LoadedModel
from assistant.core.protocol import BadInput, ModelMissing, Stats, Task
from assistant.core.say import joined, say

MAX_ANSWER_TOKENS = 30  # an extractive answer is a phrase, not a page
QA_MAX_LENGTH = 384

INSTRUCTIONS = (
    "Answer the question using only the numbered passages from the user's documents below. "
    "Say which passages you used by their number, like [1]. "
    "If the passages do not contain the answer, say that the documents do not say."
)


def prepare(request: IndexRequest | AskDocumentsRequest, models: ModelChooser) -> Plan:
    """Refuse an empty question or no documents before any model loads; the embedding model reads them."""
    if isinstance(request, AskDocumentsRequest):
        require_text(request.question, QUESTION)
    if not request.paths:
        raise BadInput(say("No documents are attached: add files or a folder first."))
    if isinstance(request, AskDocumentsRequest) and not any(Path(p).exists() for p in request.paths):  # before the model loads
        gone = [(path, say("the file no longer exists")) for path in request.paths]
        raise BadInput(_nothing_readable(IndexReport(files=(), passages=0, indexed=0, unchanged=0, failed=tuple(gone))))
    reference = remote.remote_reference(request.model)
    if reference is not None:  # a server's embedding model: nothing loads here
        return Plan((), request, backend=remote.BACKEND, model_name=request.model or "")
    if not (request.fall_back and request.model):
        return one_model(Task.DOCUMENTS, request, models)
    try:
        plan = one_model(Task.DOCUMENTS, request, models)
        if all(info.path.exists() for info in plan.models):
            return plan
    except ModelMissing:
        still = models.installed(fresh=True).find(request.model)
        if still is not None and still.path.exists():
            raise  # installed, but it cannot do this: said as it is
    # The choice was removed since (the list of models may still name it): the automatic choice, from a fresh look.
    models.installed(fresh=True)
    plan = one_model(Task.DOCUMENTS, replace(request, model=None), models)
    return replace(plan, job=InsteadOfGone(plan.job, request.model))


@dataclass(frozen=True)
class InsteadOfGone:
    """The job when the chosen embedding model was no longer installed: the request, with the automatic choice."""

    request: IndexRequest | AskDocumentsRequest  # its model is None now
    gone: str  # the key of the model chosen


def run(models: list[LoadedModel], job: IndexRequest | AskDocumentsRequest | InsteadOfGone, context: TaskContext):
    gone, request = (job.gone, job.request) if isinstance(job, InsteadOfGone) else ("", job)
    model_key, embedder = _embedder(models, request, context)
    started = time.perf_counter()
    index = DocumentIndex(request.index)
    try:
        report = _update(index, request, model_key, embedder, context, gone)
        if isinstance(request, IndexRequest):
            return report, Stats(report.indexed, "files", time.perf_counter() - started)
        if not report.files:
            raise BadInput(_nothing_readable(report))
        question_vector = embedder([request.question])[0]
        try:
            hits = index.search(question_vector, report.files, model_key, k=max(1, request.top_k))
        except OtherEmbeddings:
            # The vectors kept under this name came from another model (a server that now serves
            # another one under the same id): they cannot be compared with this question's.
            context.progress(0, 0, say("The document index was made with a different embedding model: rebuilding it."))
            index.forget_model(model_key)
            report = _update(index, request, model_key, embedder, context, gone)
            hits = index.search(question_vector, report.files, model_key, k=max(1, request.top_k))
    finally:
        index.close()
    context.check_cancelled()
    return _answer(request, hits, report, context, started)


def _embedder(models: list[LoadedModel], request: IndexRequest | AskDocumentsRequest, context: TaskContext) -> tuple[str, Callable]:
    """The key the index keeps the vectors under, and texts -> vectors: the local model's, or a server's."""
    reference = remote.remote_reference(request.model)
    if reference is None:
        loaded = models[0]
        return loaded.info.key, lambda texts: embed(loaded, texts, context.check_cancelled)
    from assistant.core.servers.client import open_client

    server, model = reference
    client = open_client(server, context.data_dir)
    return f"{server}/{model}", lambda texts: client.embeddings(model, list(texts), context.cancel)


def _update(index: DocumentIndex, request, model_key: str, embedder: Callable, context: TaskContext, gone: str) -> IndexReport:
    return replace(index.update(request.paths, model_key, embed=embedder, progress=context.progress, check_cancelled=context.check_cancelled), model_gone=gone)


def _nothing_readable(report: IndexReport) -> str:
    reasons = joined([say("{name}: {reason}", name=Path(path).name, reason=why) for path, why in report.failed[:3]])
    if not reasons:
        return say("None of the attached documents could be read.")
    return say("None of the attached documents could be read ({reasons}).", reasons=reasons)


def _answer(request: AskDocumentsRequest, hits: list[SourcePassage], report: IndexReport, context: TaskContext, started: float):
    reader = request.reader
    if reader in ("auto", "chat") and remote.remote_reference(request.chat.model) is not None:
        return _chat_answer(None, request, hits, report, context)  # a server's chat model answers
    if reader == "auto":
        reader = "chat"
        try:
            chat_model = context.load_model(Task.CHAT, request.chat.model)
        except ModelMissing:
            if request.chat.model:  # the user chose this model: say it is missing
                raise
            reader = "passages"  # no chat model installed: the passages are the answer
    if reader == "chat":
        if request.reader != "auto":
            chat_model = context.load_model(Task.CHAT, request.chat.model)
        return _chat_answer(chat_model, request, hits, report, context)
    if reader == "extractive":
        qa_model = context.load_model(Task.QA, request.reader_model)
        return _extractive_answer(qa_model, request, hits, report, context, started)
    text = passages_answer(hits)
    return DocumentAnswer(text, tuple(hits), "passages", report), Stats(len(hits), "passages", time.perf_counter() - started)


def passages_answer(hits: list[SourcePassage]) -> str:
    """The best passages as the answer (Markdown), for when no model answers."""
    if not hits:
        return "The attached documents have no passage about this."
    parts = ["The passages of your documents that match the question best:"]
    for number, hit in enumerate(hits, 1):
        quoted = "\n".join("> " + line for line in hit.text.splitlines() or [""])
        parts.append(f"**[{number}] {Path(hit.path).name}** ({_where(hit)}, similarity {hit.score:.2f})\n\n{quoted}")
    return "\n\n".join(parts)


def _where(hit: SourcePassage) -> str:
    return (f"{hit.location}, " if hit.location else "") + f"passage {hit.position}"


def _chat_answer(chat_model: LoadedModel | None, request: AskDocumentsRequest, hits, report, context: TaskContext):
    from assistant.core.chat import task as chat

    passages = "\n\n".join(f"[{n}] {Path(h.path).name} ({_where(h)}):\n{h.text}" for n, h in enumerate(hits, 1))
    own = [m.content for m in request.chat.messages if m.role == "system" and m.content.strip()]
    system = "\n\n".join([*own, INSTRUCTIONS, "Passages:\n\n" + passages])
    turns = [m for m in request.chat.messages if m.role != "system"]
    chat_request = replace(request.chat, messages=(ChatMessage("system", system), *turns))
    dropped = 0

    def emit_partial(payload) -> None:
        nonlocal dropped
        if isinstance(payload, ContextTrimmed):
            dropped = payload.dropped
        context.emit_partial(payload)

    answer_context = TaskContext(context.cancel, emit_partial, context.progress, context.load_model, context.data_dir)
    if chat_model is None:  # a server's model: the passages travel in the system message, as to a local one
        server, model = remote.remote_reference(request.chat.model) or ("", "")
        answer, stats = remote.run(remote.RemoteChat(server, model, chat_request), answer_context)
    else:
        answer, stats = chat.answer(chat_model, chat_request, answer_context)
    return DocumentAnswer(answer, tuple(hits), "chat model", report, dropped_turns=dropped), stats


def _extractive_answer(qa: LoadedModel, request: AskDocumentsRequest, hits, report, context: TaskContext, started: float):
    """The most probable span over the passages: P(start) * P(end), end within MAX_ANSWER_TOKENS of start."""
    import torch

    best: tuple[float, str, int | None] = (-1.0, "", None)
    tokenizer = qa.tokenizer
    limit = min(QA_MAX_LENGTH, int(getattr(tokenizer, "model_max_length", QA_MAX_LENGTH) or QA_MAX_LENGTH))
    with torch.inference_mode():
        for number, hit in enumerate(hits):
            context.check_cancelled()
            encoded = tokenizer(
                request.question, hit.text, truncation="only_second", max_length=limit, return_offsets_mapping=True, return_tensors="pt"
            )
            offsets = encoded.pop("offset_mapping")[0].tolist()
            in_passage = torch.tensor([sid == 1 for sid in encoded.sequence_ids(0)])
            output = qa.model(**{k: v.to(qa.device) for k, v in encoded.items()})
            start = torch.softmax(output.start_logits[0].float().cpu(), dim=-1)
            end = torch.softmax(output.end_logits[0].float().cpu(), dim=-1)
            pairs = start[:, None] * end[None, :]
            allowed = torch.triu(torch.ones_like(pairs, dtype=torch.bool)) & ~torch.triu(
                torch.ones_like(pairs, dtype=torch.bool), diagonal=MAX_ANSWER_TOKENS
            )
            allowed &= in_passage[:, None] & in_passage[None, :]
            if not allowed.any():
                continue
            pairs = torch.where(allowed, pairs, torch.zeros_like(pairs))
            flat = int(torch.argmax(pairs))
            s, e = divmod(flat, pairs.shape[1])
            probability = float(pairs[s, e])
            if probability > best[0]:
                best = (probability, hit.text[offsets[s][0] : offsets[e][1]].strip(), number)
    score: float | None
    score, span, source = best
    if source is None or not span:
        text, score, source = "The question-answering model found no answer in the passages.", None, None
    else:
        text = span
    answer = DocumentAnswer(text, tuple(hits), "extractive QA", report, span_score=score, span_source=source)
    return answer, Stats(len(hits), "passages", time.perf_counter() - started)
