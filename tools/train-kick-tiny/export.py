"""Exports a trained run to public/models/kick-tiny in the transformers.js layout (optimum's
input/output names), and writes the greedy-continuation fixture the Node test compares against.

  python3 export.py --run runs/main --out ../../public/models/kick-tiny --fixture fixtures/greedy.json
"""
from __future__ import annotations

import argparse
import json
import os
import shutil

import onnx
import torch
import torch.nn as nn

from evaluate import load_jsonl, load_run

FIXTURE_NEW_TOKENS = 24


class OnnxDecoder(nn.Module):
    """(input_ids, attention_mask, position_ids, past_key_values.*) -> (logits, present.*)."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, position_ids, *past_flat):
        past = [(past_flat[2 * i], past_flat[2 * i + 1]) for i in range(len(past_flat) // 2)]
        logits, presents = self.model(input_ids, attention_mask=attention_mask, position_ids=position_ids, past=past)
        return (logits, *[t for kv in presents for t in kv])


def export_onnx(model, out_dir: str):
    cfg = model.cfg
    n = cfg.num_hidden_layers
    onnx_dir = os.path.join(out_dir, "onnx")
    os.makedirs(onnx_dir, exist_ok=True)
    b, s, p = 1, 3, 2
    ids = torch.randint(0, cfg.vocab_size, (b, s))
    mask = torch.ones(b, p + s, dtype=torch.int64)
    pos = torch.arange(p, p + s)[None]
    past = [torch.randn(b, cfg.num_key_value_heads, p, cfg.head_dim) for _ in range(2 * n)]
    past_names = [f"past_key_values.{i}.{kv}" for i in range(n) for kv in ("key", "value")]
    present_names = [f"present.{i}.{kv}" for i in range(n) for kv in ("key", "value")]
    dyn = {
        "input_ids": {0: "batch_size", 1: "sequence_length"},
        "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
        "position_ids": {0: "batch_size", 1: "sequence_length"},
        "logits": {0: "batch_size", 1: "sequence_length"},
    }
    for name in past_names:
        dyn[name] = {0: "batch_size", 2: "past_sequence_length"}
    for name in present_names:
        dyn[name] = {0: "batch_size", 2: "total_sequence_length"}
    tmp = os.path.join(onnx_dir, "model.tmp.onnx")
    torch.onnx.export(
        OnnxDecoder(model).eval(), (ids, mask, pos, *past), tmp,
        input_names=["input_ids", "attention_mask", "position_ids", *past_names],
        output_names=["logits", *present_names], dynamic_axes=dyn, opset_version=14, do_constant_folding=True,
    )
    m = onnx.load(tmp)
    os.remove(tmp)
    data = os.path.join(onnx_dir, "model.onnx_data")
    if os.path.exists(data):
        os.remove(data)
    onnx.save_model(m, os.path.join(onnx_dir, "model.onnx"), save_as_external_data=True,
                    all_tensors_to_one_file=True, location="model.onnx_data", size_threshold=1024)
    onnx.checker.check_model(os.path.join(onnx_dir, "model.onnx"))


@torch.no_grad()
def greedy_with_margins(model, ids: list[int], eos: int, max_new: int):
    """Greedy continuation in fp32, with the gap between the two best logits at each step (a
    near-tie may legitimately flip between frameworks)."""
    out, margins = [], []
    logits, past = model(torch.tensor([ids]))
    for _ in range(max_new):
        top = torch.topk(logits[0, -1], 2)
        nxt = int(top.indices[0])
        margins.append(round(float(top.values[0] - top.values[1]), 6))
        out.append(nxt)
        if nxt == eos:
            break
        logits, past = model(torch.tensor([[nxt]]), position_ids=torch.tensor([[len(ids) + len(out) - 1]]), past=past)
    return out, margins


def fixture_prompts(data_dir: str) -> list[str]:
    t = lambda name, k: [r["prompt"] for r in load_jsonl(os.path.join(data_dir, "tasks", f"{name}.jsonl"), k)]
    return (
        t("factoid", 4) + t("icrClosed", 3) + t("icrOpen", 3) + t("instruction", 4) + t("summarization", 2) + t("mcr", 2)
        + ["Here is what is known about", "The city of"]
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--data", default="data")
    ap.add_argument("--out", default="../../public/models/kick-tiny")
    ap.add_argument("--fixture", default="fixtures/greedy.json")
    a = ap.parse_args()
    torch.set_num_threads(2)
    model, tok = load_run(a.run)
    model.float().eval()
    os.makedirs(a.out, exist_ok=True)
    export_onnx(model, a.out)
    cfg = model.cfg
    with open(os.path.join(a.out, "config.json"), "w") as f:
        json.dump(cfg.hf_config(), f, indent=1)
    with open(os.path.join(a.out, "generation_config.json"), "w") as f:
        json.dump({"bos_token_id": cfg.bos_token_id, "eos_token_id": cfg.eos_token_id, "pad_token_id": cfg.eos_token_id,
                   "max_length": cfg.max_position_embeddings, "do_sample": False}, f, indent=1)
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(os.path.join(a.run, name), os.path.join(a.out, name))

    cases = []
    for prompt in fixture_prompts(a.data):
        ids = tok.encode(prompt, bos=True)
        out, margins = greedy_with_margins(model, ids, tok.eos_id, FIXTURE_NEW_TOKENS)
        cases.append({"prompt": prompt, "promptIds": ids, "outputIds": out, "margins": margins, "text": tok.decode(out)})
    os.makedirs(os.path.dirname(a.fixture) or ".", exist_ok=True)
    with open(a.fixture, "w") as f:
        json.dump({"model": "kick-tiny", "maxNewTokens": FIXTURE_NEW_TOKENS, "eosTokenId": tok.eos_id, "cases": cases}, f, indent=1)
    total = sum(os.path.getsize(os.path.join(dp, fn)) for dp, _, fns in os.walk(a.out) for fn in fns)
    print(f"exported to {a.out}: {total / 1e6:.2f} MB; fixture {a.fixture} ({len(cases)} prompts)")


if __name__ == "__main__":
    main()
