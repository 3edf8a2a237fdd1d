"""Chat: the conversation through the model's chat template, the answer streamed.

Generation runs on the calling (worker) thread; tokens reach the tab through a
streamer whose callback runs inside ``generate`` on that same thread, so there is
no second thread (DESIGN rule 3).  Stop is checked before every decoder layer, while
the prompt is read and while each token is made (chat/prefill.py), and by a
StoppingCriteria between generated tokens.
"""

from __future__ import annotations

import functools
import time
from typing import NamedTuple

from assistant.core.chat import cache as conversation_cache
from assistant.core.chat import prefill, remote
from assistant.core.chat.messages import ChatMessage, ChatRequest, ContextTrimmed
from assistant.core.chat.settings import history_limit
from assistant.core.context import QUESTION, ModelChooser, Plan, TaskContext, one_model, require_text
from assistant.core.models.loader import LoadedModel
from assistant.core.protocol import BadInput, Cancelled, Stats, Task
from assistant.core.say import say

DEFAULT_CONTEXT = 2048
TRIM_SHARE = 4  # a trimmed prompt gives up at most 1/TRIM_SHARE of the exchanges that fit to keep its start (_steady)


@functools.cache
def _cache_argument() -> str:
    """generate()'s name for the key/value cache: "cache" since transformers 5.x, "past_key_values" before."""
    from transformers.generation import utils

    return "cache" if hasattr(utils, "ALL_CACHE_NAMES") else "past_key_values"


def prepare(request: ChatRequest, models: ModelChooser) -> Plan:
    """Refuse an empty question before any model loads; the chat model runs it, or a server's model."""
    check_question(request)
    return remote.plan(request) or one_model(Task.CHAT, request, models)


def check_question(request: ChatRequest) -> None:
    if not request.messages or request.messages[-1].role != "user":
        raise BadInput(say("There is no question to answer: type one first."))
    require_text(request.messages[-1].content, QUESTION)
    if request.max_new_tokens < 1:
        raise BadInput(say("The answer length must be at least one token."))
    if not request.temperature >= 0:  # also NaN
        raise BadInput(say("The temperature must be 0 or more (0 gives the same answer each time)."))
    if not 0 < request.top_p <= 1:
        raise BadInput(say("Top-p must be more than 0 and at most 1."))
    if not request.repetition_penalty > 0:
        raise BadInput(say("The repetition penalty must be more than 0 (1 is off)."))


class Prompt(NamedTuple):
    encoded: dict  # the token ids (and attention mask) of what the model reads
    dropped: int  # early exchanges left out, those the sender did not send included
    max_new_tokens: int  # the answer's budget: what the context leaves
    by_setting: bool  # the chat's "History sent to the model" left them out, not the model's context


def encode_prompt(loaded: LoadedModel, request: ChatRequest) -> Prompt:
    """The prompt's token ids, how many earlier exchanges were left out and why, and the answer budget.

    The model reads at most ``context_length`` tokens, prompt and answer together, and the
    chat's setting "History sent to the model" (``request.history_tokens``) caps the prompt
    lower.  Old exchanges (a question and its answer) are left out, never the system prompt
    or the question, until the prompt fits; the cap never refuses a question and system
    prompt that fit the context on their own.  The answer is capped by what is left.  The work
    is bounded by what the model reads, not by the length of the conversation: turns are
    counted from the newest back until the room is full (each message's text tokenized once),
    then what is kept is encoded through the chat template; only when that estimate was short
    is one more exchange left out.
    """
    check_question(request)
    tokenizer = loaded.tokenizer
    context = context_length(loaded)
    room_for_answer = min(request.max_new_tokens, context // 4)
    limit = context - room_for_answer
    cap = history_limit(request.history_tokens, context)
    capped = cap is not None and cap < limit
    target = cap if cap is not None and capped else limit
    system = [m for m in request.messages if m.role == "system"][:1]
    turns = [m for m in request.messages if m.role != "system"]
    dropped = _exchanges_to_leave_out(tokenizer, system, turns, target)
    while True:
        encoded = _encode(tokenizer, system + _kept(turns, dropped))
        prompt_tokens = encoded["input_ids"].shape[1]
        alone = len(_kept(turns, dropped)) <= 1  # the question (and the system prompt) alone
        if prompt_tokens <= target or (alone and prompt_tokens <= limit):
            steady = _steady(dropped, request.earlier_exchanges, len(turns) // 2)
            if steady != dropped:
                dropped = steady
                encoded = _encode(tokenizer, system + _kept(turns, dropped))
                prompt_tokens = encoded["input_ids"].shape[1]
            total = dropped + request.earlier_exchanges
            return Prompt(encoded, total, min(request.max_new_tokens, context - prompt_tokens), capped and total > 0)
        if alone:
            raise BadInput(
                say(
                    "The question is too long for this model ({tokens:,} tokens; it reads at most "
                    "{limit:,} and needs room for the answer). Shorten it.",
                    tokens=prompt_tokens,
                    limit=limit,
                )
            )
        dropped += 1  # the estimate kept one exchange too many


def _steady(dropped: int, earlier: int, exchanges: int) -> int:
    """``dropped`` raised so that the prompt starts at an exchange that the next turns will start at too.

    Each turn adds an exchange, so leaving out just enough would move the start of the prompt
    by an exchange every turn, and the cache of the previous turn (chat/cache.py), which holds
    up to the first token that differs, would be lost each time: the model would read the
    whole prompt again for every answer.  So the prompt starts only at every ``step``-th
    exchange of the conversation, ``step`` a power of two of at most a quarter of the exchanges
    that fit: the same start serves up to ``step`` turns, for at most a quarter of the history
    given up.  (Powers of two nest, so a step that halves or doubles as the exchanges' lengths
    vary keeps most starts.)  ``earlier``, the exchanges the sender did not send, makes the
    count the conversation's rather than the request's.
    """
    total = dropped + earlier
    if total == 0:
        return dropped
    fitting = exchanges - dropped
    step = 1
    while step * 2 <= fitting // TRIM_SHARE:
        step *= 2
    return min(dropped + (-total) % step, exchanges)


def _kept(turns: list[ChatMessage], dropped: int) -> list[ChatMessage]:
    """The turns left after leaving out the ``dropped`` oldest exchanges; the question always stays.

    Exchanges are counted back from the question, so a conversation that starts with an
    answer has a first exchange of one message.
    """
    keep = 2 * max(len(turns) // 2 - dropped, 0) + 1
    return turns[max(len(turns) - keep, 0) :]


def _exchanges_to_leave_out(tokenizer, system: list[ChatMessage], turns: list[ChatMessage], limit: int) -> int:
    """How many of the oldest exchanges must go so that the rest is estimated to fit in ``limit`` tokens.

    The estimate: each message's text tokenized on its own, plus what the chat template
    adds around one message (measured once, on a short exchange).  Turns are counted from
    the newest back and counting stops as soon as the room is full.
    """
    wrapper = _template_tokens_per_message(tokenizer)
    used = len(_encode(tokenizer, system + turns[-1:])["input_ids"][0])  # the system prompt and the question, exactly
    exchanges = len(turns) // 2  # before the question (see _kept)
    kept = 0
    for exchange in range(exchanges):  # newest first
        last = len(turns) - 2 - 2 * exchange  # the exchange's answer; its question is just before
        pair = turns[max(last - 1, 0) : last + 1]
        cost = sum(len(tokenizer(m.content, add_special_tokens=False)["input_ids"]) + wrapper for m in pair)
        if used + cost > limit:
            break
        used += cost
        kept += 1
    return exchanges - kept


def _template_tokens_per_message(tokenizer) -> int:
    """The tokens the chat template puts around one message (its role markers, separators)."""
    one = _encode(tokenizer, [ChatMessage("user", "x")])["input_ids"].shape[1]
    two = _encode(tokenizer, [ChatMessage("user", "x"), ChatMessage("assistant", "x")])["input_ids"].shape[1]
    return max(0, two - one - len(tokenizer("x", add_special_tokens=False)["input_ids"]))


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


def run(loaded: list[LoadedModel], request: ChatRequest | remote.RemoteChat, context: TaskContext) -> tuple[str, Stats]:
    if isinstance(request, remote.RemoteChat):
        return remote.run(request, context)
    return answer(loaded[0], request, context)


def answer(loaded: LoadedModel, request: ChatRequest, context: TaskContext) -> tuple[str, Stats]:
    """Generate the answer to ``request``'s last question, streaming its text as Partials."""
    import torch
    from transformers import DynamicCache, StoppingCriteria, StoppingCriteriaList, TextStreamer

    asked = time.perf_counter()  # time to first token counts the prompt's encoding too
    encoded, dropped, max_new_tokens, by_setting = encode_prompt(loaded, request)
    if dropped:
        context.emit_partial(ContextTrimmed(dropped, by_setting))
    if request.seed is not None and request.temperature > 0:
        torch.manual_seed(request.seed)  # the same seed and settings give the same sampled answer
    pieces: list[str] = []
    first_token_at: list[float] = []  # when generate handed over the first answer token

    made: list = []  # the answer's token ids as generate hands them over (what a stopped answer's cache holds)

    class _Streamer(TextStreamer):
        def put(self, value) -> None:
            if not self.next_tokens_are_prompt:
                made.append(value.reshape(-1))
                if not first_token_at:
                    first_token_at.append(time.perf_counter())
            super().put(value)

        def on_finalized_text(self, text: str, stream_end: bool = False) -> None:
            if text:
                pieces.append(text)
                context.emit_partial(text)

    class _StopWhenCancelled(StoppingCriteria):
        def __call__(self, input_ids, scores, **kwargs):
            return torch.full((input_ids.shape[0],), context.cancel.is_set(), dtype=torch.bool, device=input_ids.device)

    streamer = _Streamer(loaded.tokenizer, skip_prompt=True, skip_special_tokens=True)
    inputs = {k: v.to(loaded.device) for k, v in encoded.items()}
    # Not for int8: dynamic quantization scales each pass's activations by their largest value, so
    # the new tokens read alone do not give the numbers of the prompt read whole: on the tiny test
    # model, 6 of 10 cached turns answered otherwise than uncached ones (greedy).  A hang once seen
    # with the cache on in int8 did not come back (the chat tab's tests, 3 runs): it is not the reason.
    past, reused = conversation_cache.take(loaded, inputs["input_ids"]) if loaded.dtype != "int8" else (None, 0)
    if past is None:
        past = DynamicCache(config=loaded.model.config)
    started = time.perf_counter()
    # The prompt is read first, in chunks (chat/prefill.py), then generate reads its last token and
    # answers; Stop is checked before every decoder layer throughout, and between tokens.
    try:
        with prefill.stop_checks(loaded.model, context.cancel), torch.inference_mode():
            prefill.read_prompt(loaded.model, inputs, past, reused, context.cancel)
            output = loaded.model.generate(
                **inputs,
                **{_cache_argument(): past},
                max_new_tokens=max_new_tokens,
                streamer=streamer,
                stopping_criteria=StoppingCriteriaList([_StopWhenCancelled()]),
                pad_token_id=loaded.tokenizer.pad_token_id,
                **generation_options(request),
            )
    except prefill.Stopped:
        if loaded.dtype != "int8" and prefill.even_out(past):  # what was read before the stopped pass is kept
            read = torch.cat([inputs["input_ids"][0], *made]).unsqueeze(0)
            conversation_cache.keep(loaded, read, past)
        raise Cancelled(say("Stopped; the answer so far is kept.")) from None
    seconds = time.perf_counter() - started
    if loaded.dtype != "int8":
        conversation_cache.keep(loaded, output, past)  # a stopped answer's tokens are real too: the cache holds
    if context.cancel.is_set():
        raise Cancelled(say("Stopped; the answer so far is kept."))
    new_tokens = output[0, inputs["input_ids"].shape[1] :]
    answer = loaded.tokenizer.decode(new_tokens, skip_special_tokens=True)
    first = (first_token_at[0] if first_token_at else time.perf_counter()) - asked
    return answer, Stats(items=int(new_tokens.shape[0]), unit="tokens", seconds=seconds, first_seconds=first)
