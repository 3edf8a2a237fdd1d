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
"""

from __future__ import annotations

import json
import logging
import math
import os
from dataclasses import asdict, dataclass
from pathlib import Path

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
    """Compare ``quantized`` (int8) with ``model`` (float32) on the held-out text and the questions."""
    import torch

    from assistant.core.models.heldout import HELD_OUT_TEXT

    with torch.inference_mode():
        text = tokenizer(HELD_OUT_TEXT, return_tensors="pt")["input_ids"]
        nll_float32 = _mean_nll(model, text)
        nll_int8 = _mean_nll(quantized, text)
        same = total = 0
        for question in QUESTIONS:
            prompt = tokenizer.apply_chat_template(
                [{"role": "user", "content": question}], add_generation_prompt=True, return_dict=True, return_tensors="pt"
            )["input_ids"]
            answer = model.generate(
                prompt,
                attention_mask=torch.ones_like(prompt),
                max_new_tokens=ANSWER_TOKENS,
                do_sample=False,
                temperature=None,
                top_p=None,
                top_k=None,
                pad_token_id=tokenizer.pad_token_id,
            )
            new = answer.shape[1] - prompt.shape[1]
            if new < 1:
                continue
            predicted = quantized(answer).logits[0, prompt.shape[1] - 1 : -1].argmax(-1)
            same += int((predicted == answer[0, prompt.shape[1] :]).sum())
            total += new
    agreement = same / total if total else 1.0
    ok = math.isfinite(nll_int8) and nll_int8 <= nll_float32 * (1 + MAX_NLL_INCREASE) and agreement >= MIN_AGREEMENT
    verdict = Verdict(ok, nll_float32, nll_int8, agreement, fingerprint(folder))
    log.info("int8 check of %s: nll %.3f -> %.3f, agreement %.2f: %s", folder.name, nll_float32, nll_int8, agreement, "int8" if ok else "float32")
    return verdict


def _mean_nll(model, ids) -> float:
    return float(model(ids, labels=ids).loss)


def verdicts_path(models_dir: Path | None) -> Path | None:
    return Path(os.fspath(models_dir)) / VERDICTS_FILE if models_dir is not None else None
