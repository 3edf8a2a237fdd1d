"""Whether a chat model keeps its quality in int8: measured once per model, remembered.

On a CPU, dynamic int8 quantization makes a small chat model about three times faster
(bench/chat_speed.py), but a model may lose too much in it.  So, the first time a chat
model loads with the precision left on "automatic", it is measured against itself in
float32:

* the held-out text (core/models/heldout.py): the mean log-likelihood per token must
  stay within 5% of float32's;
* a fixed set of questions: float32's greedy answers, read back by the int8 model, must
  be what int8 also predicts, token for token, for at least ``MIN_AGREEMENT`` of them.

The verdict is kept in a small JSON file in the models folder, keyed by the model's
folder and its weight files' sizes and times, so the measure runs again only when the
weights change.

The measure takes about a minute on two cores, so nobody waits for it: the model answers in
float32 at once, and the worker runs the measure (``Check``) in short steps while it has
nothing else to do.  Each step is a fraction of a second (one layer quantized, one chunk of
the held-out text, one generated token), so a new request waits at most one step; a step cut
short is done again from its start, the finished ones are kept.
"""

from __future__ import annotations

import json
import logging
import math
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from assistant.core.say import say

log = logging.getLogger(__name__)

MAX_NLL_INCREASE = 0.05  # int8's mean negative log-likelihood per token at most 5% above float32's
MIN_AGREEMENT = 0.85  # of float32's greedy answer tokens, int8 predicts the same one
ANSWER_TOKENS = 24
QUESTIONS = (
    "What is the capital of France?",
    "How many days are there in a week?",
    "Name a fruit that is yellow.",
    "What do bees make?",
    "Translate 'thank you' into Spanish.",
    "What is 12 plus 7?",
)
VERDICTS_FILE = "precision.json"


@dataclass(frozen=True)
class Verdict:
    int8_ok: bool
    nll_float32: float
    nll_int8: float
    agreement: float
    fingerprint: str = ""

    def reason(self) -> str:
        """Why the model runs in float32 (empty when int8 passed)."""
        if self.int8_ok:
            return ""
        return say(
            "int8 was not used: it changed the model too much (likelihood of a test text {change:+.1%}, "
            "{agreement:.0%} of answer tokens the same; needs at most +{limit:.0%} and {needed:.0%}).",
            change=self.nll_int8 / self.nll_float32 - 1 if self.nll_float32 else float("inf"),
            agreement=self.agreement,
            limit=MAX_NLL_INCREASE,
            needed=MIN_AGREEMENT,
        )


def fingerprint(folder: Path) -> str:
    import torch

    parts = [str(folder.resolve()), torch.__version__]
    for weights in sorted(folder.glob("*.safetensors")) + sorted(folder.glob("*.bin")):
        stat = weights.stat()
        parts.append(f"{weights.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join(parts)


def remembered(verdicts_file: Path | None, folder: Path) -> Verdict | None:
    """The verdict measured earlier for these weights, or None."""
    if verdicts_file is None or not verdicts_file.is_file():
        return None
    try:
        raw = json.loads(verdicts_file.read_text(encoding="utf-8")).get(str(folder.resolve()))
        verdict = Verdict(**raw) if isinstance(raw, dict) else None
    except (OSError, ValueError, TypeError):
        return None
    if verdict is None or verdict.fingerprint != fingerprint(folder):
        return None
    return verdict


def remember(verdicts_file: Path | None, folder: Path, verdict: Verdict) -> None:
    if verdicts_file is None:
        return
    from assistant.core.files.write import write_atomically

    try:
        known = json.loads(verdicts_file.read_text(encoding="utf-8")) if verdicts_file.is_file() else {}
        if not isinstance(known, dict):
            known = {}
    except (OSError, ValueError):
        known = {}
    known[str(folder.resolve())] = asdict(verdict)
    try:
        verdicts_file.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(verdicts_file, json.dumps(known, indent=1))
    except OSError as exc:  # a read-only models folder: measured again next time, nothing lost
        log.warning("could not keep the precision verdict in %s: %s", verdicts_file, exc)


def measure(model, quantized, tokenizer, folder: Path) -> Verdict:
    """Compare ``quantized`` (int8) with ``model`` (float32) on the held-out text and the questions, in one go."""
    check = Check(model, tokenizer, folder, quantized=quantized)
    while True:
        verdict = check.step(lambda: False)
        if verdict is not None:
            return verdict


class Interrupted(Exception):
    """A step gave way to a request; it is done again from its start."""


NLL_CHUNK_TOKENS = 16  # the held-out text is read this many tokens per step (its cache kept between steps): one step stays short


class Check:
    """The int8 measure of one float32 model, in steps that each take a fraction of a second.

    ``step(should_yield)`` does the next step and returns the verdict once the last one is done
    (None before).  ``should_yield`` is asked between generated tokens; when it says yes the step
    stops (``Interrupted`` is caught here) and is done again at the next call.  The float32 model is
    only read: requests keep using it between steps.  The int8 copy shares its embeddings and norms
    (int8 quantizes only the Linear layers) and takes a quarter of the Linear weights' memory.
    """

    def __init__(self, model, tokenizer, folder: Path, quantized=None) -> None:
        self.model, self.tokenizer, self.folder = model, tokenizer, folder
        self.quantized = quantized
        self._linears = [] if quantized is not None else [name for name, module in model.named_modules() if _is_linear(module)]
        modules = dict(model.named_modules())
        self._int8_sizes = {name: modules[name].weight.numel() for name in self._linears}  # one byte per int8 weight
        self._int8_layers: dict[str, Any] = {}
        self._text_ids: Any = None
        self._nll: dict[str, tuple[float, int, int]] = {}  # "float32"/"int8" -> (summed nll, tokens, next offset)
        self._caches: dict[str, Any] = {}
        self._answers: list[tuple[Any, int]] = []  # (prompt + float32's answer, prompt length) per question
        self._agreement = [0, 0]  # same, total
        self._agreement_done = 0  # answers read back by the int8 model
        self.steps_done = 0
        self.verdict: Verdict | None = None

    @property
    def extra_bytes(self) -> int:
        """The memory the int8 copy built so far takes beside the float32 model (its Linear weights,
        a byte each; everything else is shared): the loader counts it against the memory budget."""
        if self.quantized is not None or self.verdict is not None:
            return sum(self._int8_sizes.values())
        return sum(self._int8_sizes[name] for name in self._int8_layers)

    def step(self, should_yield: Callable[[], bool]) -> Verdict | None:
        """Do the next step (or finish); the verdict once all are done."""
        import torch

        if self.verdict is not None:
            return self.verdict
        try:
            with torch.inference_mode():
                self._next_step(should_yield)
        except Interrupted:
            return None
        self.steps_done += 1
        return self.verdict

    def _next_step(self, should_yield: Callable[[], bool]) -> None:
        if self.quantized is None:
            self._quantize_next()
            return
        if self._text_ids is None:
            from assistant.core.models.heldout import HELD_OUT_TEXT

            self._text_ids = self.tokenizer(HELD_OUT_TEXT, return_tensors="pt")["input_ids"]
            return
        for name, model in (("float32", self.model), ("int8", self.quantized)):
            if name not in self._nll or self._nll[name][2] < self._text_ids.shape[1] - 1:
                self._nll_chunk(name, model)
                return
        if len(self._answers) < len(QUESTIONS):
            self._answers.append(self._greedy_answer(QUESTIONS[len(self._answers)], should_yield))
            return
        if self._agreement_done < len(self._answers):
            answer, prompt_length = self._answers[self._agreement_done]
            predicted = self.quantized(answer).logits[0, prompt_length - 1 : -1].argmax(-1)
            self._agreement[0] += int((predicted == answer[0, prompt_length:]).sum())
            self._agreement[1] += answer.shape[1] - prompt_length
            self._agreement_done += 1
            return
        self.verdict = self._judge()

    def _quantize_next(self) -> None:
        """One Linear layer quantized (as quantize_int8 would); once all are, the int8 model put together."""
        import torch

        modules = dict(self.model.named_modules())
        if len(self._int8_layers) < len(self._linears):
            name = self._linears[len(self._int8_layers)]
            self._int8_layers[name] = quantize_int8(torch.nn.Sequential(modules[name]))[0]
            return
        # A copy of the model's structure: the quantized layers in place of the Linear ones, every
        # other tensor shared with the float32 model (copy.deepcopy takes what ``memo`` already holds).
        import copy

        memo: dict[int, Any] = {id(modules[name]): layer for name, layer in self._int8_layers.items()}
        for tensor in list(self.model.parameters()) + list(self.model.buffers()):
            memo.setdefault(id(tensor), tensor)
        self.quantized = copy.deepcopy(self.model, memo).eval()
        self._int8_layers.clear()

    def _nll_chunk(self, name: str, model) -> None:
        """The next chunk of the held-out text, read with the cache of the chunks before it."""
        import torch

        total, count, start = self._nll.setdefault(name, (0.0, 0, 0))
        ids = self._text_ids
        end = min(start + NLL_CHUNK_TOKENS, ids.shape[1] - 1)
        cache_name = _cache_argument()
        out = model(ids[:, start:end], use_cache=True, **{cache_name: self._caches.get(name)})
        self._caches[name] = out[cache_name]
        nll = torch.nn.functional.cross_entropy(out.logits[0].float(), ids[0, start + 1 : end + 1], reduction="sum")
        self._nll[name] = (total + float(nll), count + (end - start), end)
        if end >= ids.shape[1] - 1:
            self._caches.pop(name, None)

    def _greedy_answer(self, question: str, should_yield: Callable[[], bool]):
        import torch
        from transformers import StoppingCriteria, StoppingCriteriaList

        class GiveWay(StoppingCriteria):
            def __call__(self, input_ids, scores, **kwargs) -> bool:
                if should_yield():
                    raise Interrupted
                return False

        prompt = self.tokenizer.apply_chat_template(
            [{"role": "user", "content": question}], add_generation_prompt=True, return_dict=True, return_tensors="pt"
        )["input_ids"]
        if should_yield():
            raise Interrupted
        answer = self.model.generate(
            prompt,
            attention_mask=torch.ones_like(prompt),
            max_new_tokens=ANSWER_TOKENS,
            do_sample=False,
            temperature=None,
            top_p=None,
            top_k=None,
            pad_token_id=self.tokenizer.pad_token_id,
            stopping_criteria=StoppingCriteriaList([GiveWay()]),
        )
        return answer, prompt.shape[1]

    def _judge(self) -> Verdict:
        nll_float32 = self._nll["float32"][0] / max(1, self._nll["float32"][1])
        nll_int8 = self._nll["int8"][0] / max(1, self._nll["int8"][1])
        same, total = self._agreement
        agreement = same / total if total else 1.0
        ok = math.isfinite(nll_int8) and nll_int8 <= nll_float32 * (1 + MAX_NLL_INCREASE) and agreement >= MIN_AGREEMENT
        verdict = Verdict(ok, nll_float32, nll_int8, agreement, fingerprint(self.folder))
        log.info(
            "int8 check of %s: nll %.3f -> %.3f, agreement %.2f: %s", self.folder.name, nll_float32, nll_int8, agreement, "int8" if ok else "float32"
        )
        return verdict


def _cache_argument() -> str:
    """The forward pass's name for the key/value cache: "cache" since transformers 5.x, "past_key_values" before."""
    from transformers.generation import utils

    return "cache" if hasattr(utils, "ALL_CACHE_NAMES") else "past_key_values"


def _is_linear(module) -> bool:
    import torch

    return type(module) is torch.nn.Linear


def quantize_int8(model):
    """Dynamic int8 quantization of the Linear layers (CPU): weights stored in int8, activations quantized on the fly."""
    import torch

    return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


def verdicts_path(models_dir: Path | None) -> Path | None:
    return Path(os.fspath(models_dir)) / VERDICTS_FILE if models_dir is not None else None
