"""Chat: the conversation through the model's chat template, the answer streamed.

Generation runs on the calling (worker) thread; tokens reach the tab through a
streamer whose callback runs inside ``generate`` on that same thread, so there is
no second thread (DESIGN rule 3).  Stop is a StoppingCriteria that reads the
cancel event between tokens.
"""

from __future__ import annotations

import time

from assistant.core.chat.messages import ChatMessage, ChatRequest, ContextTrimmed
from assistant.core.protocol import BadInput, Cancelled, Stats, Task
from assistant.core.models.loader import LoadedModel
from assistant.core.say import say
from assistant.core.context import QUESTION, ModelChooser, Plan, TaskContext, one_model, require_text

DEFAULT_CONTEXT = 2048


def prepare(request: ChatRequest, models: ModelChooser) -> Plan:
    """Refuse an empty question before any model loads; the chat model runs it."""
    check_question(request)
    return one_model(Task.CHAT, request, models)


def check_question(request: ChatRequest) -> None:
    if not request.messages or request.messages[-1].role != "user":
        raise BadInput(say("There is no question to answer: type one first."))
    require_text(request.messages[-1].content, QUESTION)
    if request.max_new_tokens < 1:
        raise BadInput(say("The answer length must be at least one token."))


def encode_prompt(loaded: LoadedModel, request: ChatRequest) -> tuple[dict, int, int]:
    """Token ids of the prompt, how many earlier turns were left out to fit, and the answer budget.

    The model reads at most ``context_length`` tokens, prompt and answer together.
    Old exchanges are left out (never the system prompt or the question) until the
    prompt leaves room for an answer; the answer is capped by what is left.
    """
    check_question(request)
    tokenizer = loaded.tokenizer
    context = context_length(loaded)
    room_for_answer = min(request.max_new_tokens, context // 4)
    system = [m for m in request.messages if m.role == "system"][:1]
    turns = [m for m in request.messages if m.role != "system"]
    dropped = 0
    while True:
        encoded = _encode(tokenizer, system + turns)
        prompt_tokens = encoded["input_ids"].shape[1]
        if prompt_tokens <= context - room_for_answer:
            return encoded, dropped, min(request.max_new_tokens, context - prompt_tokens)
        if len(turns) <= 1:
            raise BadInput(
                say(
                    "The question is too long for this model ({tokens:,} tokens; it reads at most "
                    "{limit:,} and needs room for the answer). Shorten it.",
                    tokens=prompt_tokens,
                    limit=context - room_for_answer,
                )
            )
        # Leave out the oldest exchange (a question and its answer).
        turns = turns[2:] if len(turns) > 2 else turns[1:]
        dropped += 1


def _encode(tokenizer, messages: list[ChatMessage]) -> dict:
    return tokenizer.apply_chat_template(
        [{"role": m.role, "content": m.content} for m in messages],
        add_generation_prompt=True,
        return_dict=True,
        return_tensors="pt",
    )


def context_length(loaded: LoadedModel) -> int:
    config = loaded.model.config
    return int(getattr(config, "max_position_embeddings", None) or DEFAULT_CONTEXT)


def generation_options(request: ChatRequest) -> dict:
    options: dict[str, bool | float | None]  # keyword arguments of generate()
    if request.temperature > 0:
        options = dict(do_sample=True, temperature=request.temperature, top_p=request.top_p)
    else:
        options = dict(do_sample=False, temperature=None, top_p=None, top_k=None)
    if request.repetition_penalty and request.repetition_penalty != 1.0:
        options["repetition_penalty"] = request.repetition_penalty
    return options


def run(loaded: list[LoadedModel], request: ChatRequest, context: TaskContext) -> tuple[str, Stats]:
    return answer(loaded[0], request, context)


def answer(loaded: LoadedModel, request: ChatRequest, context: TaskContext) -> tuple[str, Stats]:
    """Generate the answer to ``request``'s last question, streaming its text as Partials."""
    import torch
    from transformers import StoppingCriteria, StoppingCriteriaList, TextStreamer

    encoded, dropped, max_new_tokens = encode_prompt(loaded, request)
    if dropped:
        context.emit_partial(ContextTrimmed(dropped))
    if request.seed is not None and request.temperature > 0:
        torch.manual_seed(request.seed)  # the same seed and settings give the same sampled answer
    pieces: list[str] = []

    class _Streamer(TextStreamer):
        def on_finalized_text(self, text: str, stream_end: bool = False) -> None:
            if text:
                pieces.append(text)
                context.emit_partial(text)

    class _StopWhenCancelled(StoppingCriteria):
        def __call__(self, input_ids, scores, **kwargs):
            return torch.full((input_ids.shape[0],), context.cancel.is_set(), dtype=torch.bool, device=input_ids.device)

    streamer = _Streamer(loaded.tokenizer, skip_prompt=True, skip_special_tokens=True)
    inputs = {k: v.to(loaded.device) for k, v in encoded.items()}
    started = time.perf_counter()
    with torch.inference_mode():
        output = loaded.model.generate(
            **inputs,
            max_new_tokens=max_new_tokens,
            streamer=streamer,
            stopping_criteria=StoppingCriteriaList([_StopWhenCancelled()]),
            pad_token_id=loaded.tokenizer.pad_token_id,
            **generation_options(request),
        )
    seconds = time.perf_counter() - started
    if context.cancel.is_set():
        raise Cancelled(say("Stopped; the answer so far is kept."))
    new_tokens = output[0, inputs["input_ids"].shape[1] :]
    answer = loaded.tokenizer.decode(new_tokens, skip_special_tokens=True)
    return answer, Stats(items=int(new_tokens.shape[0]), unit="tokens", seconds=seconds)
