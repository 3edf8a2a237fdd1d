"""The engine's only table: every request type, the task module that runs it, and what it sends back.

A task module (core/<task>/task.py) is named here by its import path and imported on
first use, on the worker thread: each pulls in torch.  The window imports this table
freely: it imports no task module.  The engine checks every Partial and Result payload
against it, so a wrong row here fails the tests.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.core.chat.messages import ChatRequest, ContextTrimmed
from assistant.core.classify.messages import (
    ClassifiedItem,
    ClassifyJobResult,
    ClassifyRequest,
    OrganizeRequest,
    OrganizeResult,
    SuggestedLabels,
    SuggestLabelsRequest,
    TrainedSummary,
    TrainRequest,
)
from assistant.core.documents.messages import AskDocumentsRequest, DocumentAnswer, IndexReport, IndexRequest
from assistant.core.embed.messages import EmbedRequest
from assistant.core.models.messages import (
    DownloadedModel,
    DownloadProgress,
    DownloadRequest,
    ImportedModel,
    ImportGgufRequest,
    ImportPickleRequest,
    LoadModelRequest,
    RemovedModel,
    RemoveModelRequest,
    UnloadModelRequest,
)
from assistant.core.protocol import LoadedSummary, Task
from assistant.core.sentiment.messages import ScoredRow, SentimentBatchRequest, SentimentBatchResult, SentimentRequest, SentimentResult
from assistant.core.translate.messages import FileTranslation, GlossaryReport, TranslatedSentence, TranslateFileRequest, TranslateRequest

# Who runs a request that no task module runs.
ENGINE = "the engine itself"  # model management: the engine owns the loaded models
DOWNLOADS = "the download thread"  # network I/O, beside the worker (worker/downloads.py)


@dataclass(frozen=True)
class Route:
    """How one request type is run and what comes back."""

    task: Task
    runner: str  # the task module's import path, or ENGINE / DOWNLOADS
    partials: tuple[type, ...]  # the payload types its Partial replies may carry
    result: type  # the payload type of its Result


_CHAT = "assistant.core.chat.task"
_TRANSLATE = "assistant.core.translate.task"
_SENTIMENT = "assistant.core.sentiment.task"
_CLASSIFY = "assistant.core.classify.task"
_DOCUMENTS = "assistant.core.documents.task"

ROUTES: dict[type, Route] = {
    ChatRequest: Route(Task.CHAT, _CHAT, (str, ContextTrimmed), str),
    TranslateRequest: Route(Task.TRANSLATE, _TRANSLATE, (TranslatedSentence, GlossaryReport), str),
    TranslateFileRequest: Route(Task.TRANSLATE, _TRANSLATE, (TranslatedSentence, GlossaryReport), FileTranslation),
    SentimentRequest: Route(Task.SENTIMENT, _SENTIMENT, (), SentimentResult),
    SentimentBatchRequest: Route(Task.SENTIMENT, _SENTIMENT, (ScoredRow,), SentimentBatchResult),
    # Pasted texts come back as a list of ClassifiedItem; a checkpointed job (request.job) as ClassifyJobResult.
    ClassifyRequest: Route(Task.CLASSIFY, _CLASSIFY, (ClassifiedItem,), object),
    TrainRequest: Route(Task.TRAIN_CLASSIFIER, "assistant.core.classify.train", (), TrainedSummary),
    OrganizeRequest: Route(Task.ORGANIZE, "assistant.core.classify.organize_task", (), OrganizeResult),
    SuggestLabelsRequest: Route(Task.CLASSIFY, "assistant.core.classify.suggest_task", (), SuggestedLabels),
    IndexRequest: Route(Task.DOCUMENTS, _DOCUMENTS, (), IndexReport),
    AskDocumentsRequest: Route(Task.DOCUMENTS, _DOCUMENTS, (str, ContextTrimmed), DocumentAnswer),
    EmbedRequest: Route(Task.EMBED, "assistant.core.embed.task", (), list),  # one list of floats per text
    ImportGgufRequest: Route(Task.MODELS, ENGINE, (), ImportedModel),
    ImportPickleRequest: Route(Task.MODELS, ENGINE, (), ImportedModel),
    RemoveModelRequest: Route(Task.MODELS, ENGINE, (), RemovedModel),
    LoadModelRequest: Route(Task.MODELS, ENGINE, (), LoadedSummary),
    UnloadModelRequest: Route(Task.MODELS, ENGINE, (), int),  # the bytes freed
    DownloadRequest: Route(Task.MODELS, DOWNLOADS, (DownloadProgress,), DownloadedModel),
}

Request = (
    ChatRequest
    | TranslateRequest
    | TranslateFileRequest
    | SentimentRequest
    | SentimentBatchRequest
    | ClassifyRequest
    | IndexRequest
    | AskDocumentsRequest
    | TrainRequest
    | OrganizeRequest
    | SuggestLabelsRequest
    | EmbedRequest
)
ModelRequest = ImportGgufRequest | ImportPickleRequest | RemoveModelRequest | LoadModelRequest | UnloadModelRequest
AnyRequest = Request | ModelRequest | DownloadRequest

# Results whose type depends on the request's fields, not only on its type.
_RESULT_BY_FIELD: dict[type, tuple[type, ...]] = {ClassifyRequest: (list, ClassifyJobResult)}


def route_of(request: object) -> Route:
    """The route of ``request``; KeyError for a type the engine does not know."""
    return ROUTES[type(request)]


def fits_partial(request: object, payload: object) -> bool:
    """Whether ``payload`` is one of the Partial payloads the table names for ``request``."""
    return isinstance(payload, route_of(request).partials)


def fits_result(request: object, payload: object) -> bool:
    """Whether ``payload`` is the Result payload the table names for ``request``."""
    wanted = _RESULT_BY_FIELD.get(type(request), (route_of(request).result,))
    return isinstance(payload, wanted)
