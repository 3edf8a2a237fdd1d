"""Which int8 keeps SmolLM2-135M's quality: layouts of torch dynamic quantization, smoothed or not.

The program's precision check (assistant/core/models/precision.py) lets a chat model run
int8 on "auto" only when its mean log-likelihood per token of the held-out text stays
within 5% of float32's and it predicts at least 85% of float32's greedy answer tokens on
the fixed questions.  Plain dynamic quantization fails it on the starter model.  This
script measures, in one process and one run, each layout below on that gate (the
held-out text is dev data here: layouts are picked on it) and its decode speed against
float32 ``generate`` (alternate rounds, median):

* ``per-tensor``: what the program does today (``quantize_dynamic``, every Linear);
* ``per-channel``: one weight scale per output row;
* ``smooth A``: SmoothQuant (Xiao et al. 2022) with alpha A, then per-channel: input
  channel j of a layer divided by s_j and weight column j multiplied by it, 1/s_j folded
  exactly into what made the input (the RMSNorm before q/k/v and gate/up, the up
  projection before down, the value projection before the output projection);
* ``keep R``: per-channel, but every Linear whose calibration input has a channel over R
  times its median channel stays float32 (the massive activations of a few down
  projections);
* ``smooth A keep R``: both;
* ``only K``: only the layers named K (``down_proj``, ``lm_head``...) quantized, per-channel,
  the rest float32: which layers the damage comes from;
* ``per-token``: per-channel weights, and each token's activations scaled on their own (one
  quantized call per row: what decoding one token at a time does with torch's kernel anyway);
  ``per-token skip K+L``: the same with the layers named K and L left float32;
  ``per-token tensor ...``: per-tensor weight scales instead (torch's faster kernel).

Input ranges are measured on text the model writes itself after two plain prompts, so
nothing outside the model is read.  Findings and the command are in bench/README.md
("Int8 layouts").

    HF_HUB_OFFLINE=1 .venv/bin/python bench/int8_variants.py [--variants per-tensor,keep 20] [--rounds 2] [--engine onednn]

Writes bench/results/int8_variants.json.
"""

from __future__ import annotations

import argparse
import copy
import logging
import statistics
import sys
import time

import _common

_common.use_repo_root()

log = logging.getLogger(__name__)

ALPHA = 0.5
# Model families whose layers read as described above (Gemma's norms add 1 to their weight
# and sit elsewhere; Phi-3 fuses q/k/v): checked by name, not guessed from attributes.
SMOOTHED_TYPES = frozenset({"llama", "mistral", "qwen2", "qwen3"})
CALIBRATION_PROMPTS = (
    "Tell me about the ocean.",
    "Write a short letter to a friend about your week.",
)
CALIBRATION_TOKENS = 48


def quantize(model, calibration=None, alpha: float = ALPHA, skip: tuple[str, ...] = (), outlier_ratio: float = 0.0, per_channel: bool = True):
    """An int8 copy of ``model`` (the float32 model is left as it was), every Linear per-channel unless kept.

    ``calibration``: token ids (1 x n, or a list of them) the model reads to measure its
    input ranges; None quantizes without smoothing.  ``skip``: suffixes of linear layers
    left in float32.
    """
    import torch

    copied = copy.deepcopy(model)
    keep: set[str] = set()
    if calibration is not None:
        ranges = input_ranges(copied, calibration)
        if outlier_ratio:
            keep = {name for name, seen in ranges.items() if float(seen.max()) > outlier_ratio * float(seen.median().clamp(min=1e-6))}
        if alpha and _layers(copied) is not None:
            smooth(copied, ranges, alpha)
    names = {name for name, module in copied.named_modules() if isinstance(module, torch.nn.Linear) and not name.endswith(skip) and name not in keep}
    log.info("int8: %d linear layers quantized, %d kept in float32 (%s)", len(names), len(keep), ", ".join(sorted(keep)))
    qconfig = torch.ao.quantization.per_channel_dynamic_qconfig if per_channel else torch.ao.quantization.default_dynamic_qconfig
    return torch.ao.quantization.quantize_dynamic(copied, {name: qconfig for name in names}, dtype=torch.qint8)


def calibration_ids(model, tokenizer) -> list:
    """Text the model writes itself (greedy) after a few plain prompts, as token ids: what its ranges are measured on."""
    import torch

    sequences = []
    with torch.inference_mode():
        for prompt in CALIBRATION_PROMPTS:
            ids = tokenizer.apply_chat_template([{"role": "user", "content": prompt}], add_generation_prompt=True, return_dict=True, return_tensors="pt")[
                "input_ids"
            ]
            sequences.append(
                model.generate(
                    ids,
                    attention_mask=torch.ones_like(ids),
                    max_new_tokens=CALIBRATION_TOKENS,
                    do_sample=False,
                    temperature=None,
                    top_p=None,
                    top_k=None,
                    pad_token_id=tokenizer.pad_token_id,
                )
            )
    return sequences


def input_ranges(model, calibration) -> dict:
    """{linear layer name: largest |input| per input channel} over the calibration text."""
    import torch

    ranges: dict = {}
    hooks = []

    def watch(name):
        def hook(_module, args):
            seen = args[0].detach().abs().reshape(-1, args[0].shape[-1]).amax(0).float()
            ranges[name] = torch.maximum(ranges[name], seen) if name in ranges else seen

        return hook

    for name, module in model.named_modules():
        if isinstance(module, torch.nn.Linear):
            hooks.append(module.register_forward_pre_hook(watch(name)))
    try:
        with torch.inference_mode():
            for ids in calibration if isinstance(calibration, (list, tuple)) else [calibration]:
                model(ids)
    finally:
        for hook in hooks:
            hook.remove()
    return ranges


def smooth(model, ranges: dict, alpha: float) -> None:
    """Move input range into the weights, layer by layer (the function computed stays the same)."""
    import torch

    layers = _layers(model)
    config = model.config
    heads = config.num_attention_heads
    kv_heads = getattr(config, "num_key_value_heads", None) or heads
    head_dim = getattr(config, "head_dim", None) or config.hidden_size // heads
    with torch.no_grad():
        for index, layer in enumerate(layers):
            prefix = _prefix(model, index)
            attn, mlp = layer.self_attn, layer.mlp
            _fold_into_norm(layer.input_layernorm, [attn.q_proj, attn.k_proj, attn.v_proj], ranges[prefix + "self_attn.q_proj"], alpha)
            _fold_into_norm(layer.post_attention_layernorm, [mlp.gate_proj, mlp.up_proj], ranges[prefix + "mlp.gate_proj"], alpha)
            # up -> down: one scale per MLP channel.
            scale = _scales(ranges[prefix + "mlp.down_proj"], mlp.down_proj.weight, alpha)
            mlp.up_proj.weight.div_(scale[:, None])
            if mlp.up_proj.bias is not None:
                mlp.up_proj.bias.div_(scale)
            mlp.down_proj.weight.mul_(scale[None, :])
            # v -> o: output column (query head h, dim d) reads value channel (h // group, d).
            group = heads // kv_heads
            o_range = ranges[prefix + "self_attn.o_proj"].reshape(kv_heads, group, head_dim).amax(1)
            o_weight = attn.o_proj.weight.abs().amax(0).reshape(kv_heads, group, head_dim).amax(1)
            scale = (o_range.clamp(min=1e-5).pow(alpha) / o_weight.clamp(min=1e-5).pow(1 - alpha)).clamp(min=1e-5).reshape(-1)
            attn.v_proj.weight.div_(scale[:, None])
            if attn.v_proj.bias is not None:
                attn.v_proj.bias.div_(scale)
            attn.o_proj.weight.mul_(scale.reshape(kv_heads, 1, head_dim).expand(kv_heads, group, head_dim).reshape(1, -1))


def _fold_into_norm(norm, linears, seen, alpha: float) -> None:
    import torch

    weight = torch.cat([linear.weight for linear in linears], 0)
    scale = _scales(seen, weight, alpha)
    norm.weight.div_(scale)
    for linear in linears:
        linear.weight.mul_(scale[None, :])


def _scales(seen, weight, alpha: float):
    return (seen.clamp(min=1e-5).pow(alpha) / weight.abs().amax(0).clamp(min=1e-5).pow(1 - alpha)).clamp(min=1e-5)


def _layers(model):
    """The decoder layers of a Llama-like model, or None for another layout."""
    if getattr(model.config, "model_type", None) not in SMOOTHED_TYPES:
        return None
    inner = getattr(model, "model", None)
    layers = getattr(inner, "layers", None)
    if layers is None or not len(layers):
        return None
    layer = layers[0]
    needed = ("input_layernorm", "post_attention_layernorm", "self_attn", "mlp")
    if not all(hasattr(layer, name) for name in needed):
        return None
    if not all(hasattr(layer.self_attn, p) for p in ("q_proj", "k_proj", "v_proj", "o_proj")):
        return None
    if not all(hasattr(layer.mlp, p) for p in ("gate_proj", "up_proj", "down_proj")):
        return None
    return layers


def _prefix(model, index: int) -> str:
    return f"model.layers.{index}."


# ------------------------------------------------------------------ the measurement


def per_token_linear(quantized):
    """``quantized`` (a dynamically quantized Linear) made to scale each row (token) of its input on its own."""
    import torch

    class PerToken(torch.nn.Module):
        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, x):
            rows = x.reshape(-1, x.shape[-1])
            if rows.shape[0] == 1:  # one token: the kernel's own scale is already this token's
                return self.inner(x)
            out = torch.cat([self.inner(rows[i : i + 1]) for i in range(rows.shape[0])])
            return out.reshape(*x.shape[:-1], out.shape[-1])

    return PerToken(quantized)


def per_token(model, skip: tuple[str, ...] = (), per_channel: bool = True):
    """Int8 weights with per-token activation scales; the layers whose names end with ``skip`` stay float32."""
    import torch

    quantized = quantize(model, skip=skip, per_channel=per_channel)
    dynamic = torch.ao.nn.quantized.dynamic.Linear
    for module in list(quantized.modules()):
        for child_name, child in list(module.named_children()):
            if isinstance(child, dynamic):
                setattr(module, child_name, per_token_linear(child))
    return quantized


def build(name: str, model, calibration):
    """The int8 copy a variant's name describes ("per-tensor", "per-channel", "smooth 0.5", "keep 20", "smooth 0.5 keep 20")."""
    if name.startswith("per-token"):
        words = name.split()
        skip = tuple(words[words.index("skip") + 1].split("+")) if "skip" in words else ()
        return per_token(model, skip, per_channel="tensor" not in words)
    if name == "per-tensor":
        return quantize(model, per_channel=False)
    if name.startswith("only "):  # one kind of layer quantized (per-channel), the rest float32
        import torch

        kind = name.split()[1]
        others = {n.rsplit(".", 1)[-1] for n, m in model.named_modules() if isinstance(m, torch.nn.Linear)} - {kind}
        return quantize(model, skip=tuple(sorted(others)))
    words = name.split()
    alpha = float(words[words.index("smooth") + 1]) if "smooth" in words else 0.0
    ratio = float(words[words.index("keep") + 1]) if "keep" in words else 0.0
    return quantize(model, calibration if (alpha or ratio) else None, alpha, (), ratio)


def kept_float(model) -> int:
    import torch

    return sum(1 for _, module in model.named_modules() if type(module) is torch.nn.Linear)


def gate(model, quantized, tokenizer, folder) -> dict:
    from assistant.core.models import precision

    verdict = precision.measure(model, quantized, tokenizer, folder)
    return {
        "nll_float32": verdict.nll_float32,
        "nll_int8": verdict.nll_int8,
        "nll_change": verdict.nll_int8 / verdict.nll_float32 - 1,
        "greedy_agreement": verdict.agreement,
        "passes": verdict.int8_ok,
    }


def decode_seconds(model, tokenizer, new_tokens: int) -> float:
    import torch

    ids = tokenizer.apply_chat_template(
        [{"role": "user", "content": "Write a long story about a lighthouse keeper and a storm."}],
        add_generation_prompt=True,
        return_dict=True,
        return_tensors="pt",
    )["input_ids"]
    started = time.perf_counter()
    with torch.inference_mode():
        model.generate(
            ids,
            attention_mask=torch.ones_like(ids),
            max_new_tokens=new_tokens,
            min_new_tokens=new_tokens,
            do_sample=False,
            temperature=None,
            top_p=None,
            top_k=None,
            pad_token_id=tokenizer.pad_token_id,
        )
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--variants", default="per-tensor,per-channel,smooth 0.5,keep 50,keep 20,smooth 0.5 keep 20")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--new-tokens", type=int, default=32)
    parser.add_argument("--engine", default="", help="torch.backends.quantized.engine (x86 by default: 7-bit activations)")
    parser.add_argument("--out", default="int8_variants")
    args = parser.parse_args()
    import torch
    from chat_speed import starter_folder
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if args.engine:
        torch.backends.quantized.engine = args.engine
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    folder = starter_folder()
    tokenizer = AutoTokenizer.from_pretrained(str(folder))
    model = AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32).eval()
    calibration = calibration_ids(model, tokenizer)
    names = [v.strip() for v in args.variants.split(",") if v.strip()]
    models = {"float32": model}
    results: dict = {
        "command": " ".join(["bench/int8_variants.py"] + sys.argv[1:]),
        "engine": torch.backends.quantized.engine,
        "variants": {},
    }
    for name in names:
        models[name] = build(name, model, calibration)
        results["variants"][name] = {"linears_kept_float32": kept_float(models[name]), **gate(model, models[name], tokenizer, folder)}
        print(name, results["variants"][name], flush=True)
        _common.write_results(args.out, results)
    seconds: dict[str, list[float]] = {name: [] for name in models}
    for variant in models.values():  # the first pass of a model is slower
        decode_seconds(variant, tokenizer, 2)
    for r in range(args.rounds):
        order = list(models) if r % 2 == 0 else list(reversed(models))
        for name in order:
            seconds[name].append(decode_seconds(models[name], tokenizer, args.new_tokens))
            print(f"round {r + 1} {name}: {args.new_tokens / seconds[name][-1]:.2f} tok/s", flush=True)
        base = statistics.median(seconds["float32"])
        results["float32_tok_s"] = _common.summary([args.new_tokens / s for s in seconds["float32"]])
        for name in names:
            results["variants"][name]["tok_s"] = _common.summary([args.new_tokens / s for s in seconds[name]])
            results["variants"][name]["decode_x_float32"] = base / statistics.median(seconds[name])
        results["rounds_done"] = r + 1
        _common.write_results(args.out, results)
    print(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
