"""Turns the published ONNX export back into a training-tool run directory, so that the probes
(evaluate.py, mcr_probe.py, skills.py) can study the committed model without retraining it.

  python3 import_onnx.py --model ../../public/models/kick-tiny --run runs/published

The weights are read from the export's initializers: norms and embeddings keep their module names,
the linear layers are named by the MatMul node that consumes them (stored transposed). The import
is checked against the greedy fixture that export.py wrote for this very model: every continuation
must come out token for token.
"""
import argparse
import dataclasses
import json
import os

import onnx
import torch
from onnx import numpy_helper

from evaluate import load_run, write_run_files
from export import greedy_with_margins
from model import LlamaConfig, LlamaForCausalLM


def state_dict_from_onnx(path: str, names: set[str]) -> dict[str, torch.Tensor]:
    """`names`: the model's state-dict keys. The export wraps the model (export.py's wrapper holds it
    as `model`), so initializer names carry one "model." too many; node scopes drop one level
    ("/model/layers.0/..." for model.layers.0, "/model/lm_head/..." for lm_head)."""
    graph = onnx.load(path).graph
    weights = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in graph.initializer}
    state = {name.removeprefix("model."): w for name, w in weights.items() if name.startswith("model.")}
    for node in graph.node:
        if node.op_type != "MatMul":
            continue
        for x in node.input:
            if x in weights and not x.startswith("model."):
                # "/model/layers.0/self_attn/q_proj/MatMul" -> "model.layers.0.self_attn.q_proj.weight"
                scope = node.name.strip("/").rsplit("/", 1)[0].replace("/", ".").removeprefix("model.")
                name = next((n for n in (f"model.{scope}.weight", f"{scope}.weight") if n in names), f"{scope}.weight")
                state[name] = weights[x].t().contiguous()
    return state


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="../../public/models/kick-tiny")
    ap.add_argument("--run", required=True)
    ap.add_argument("--fixture", default="fixtures/greedy.json")
    a = ap.parse_args()
    torch.set_num_threads(2)
    with open(os.path.join(a.model, "config.json")) as f:
        hf = json.load(f)
    cfg = LlamaConfig(**{field.name: hf[field.name] for field in dataclasses.fields(LlamaConfig)})
    model = LlamaForCausalLM(cfg)
    expected = set(model.state_dict())
    state = state_dict_from_onnx(os.path.join(a.model, "onnx", "model.onnx"), expected)
    missing, unknown = expected - set(state), set(state) - expected
    if missing or unknown:
        raise SystemExit(f"the export does not map onto the model: missing {sorted(missing)}, unknown {sorted(unknown)}")
    model.load_state_dict(state)

    write_run_files(a.run, cfg, a.model)
    torch.save(model.state_dict(), os.path.join(a.run, "model.pt"))

    model, tok = load_run(a.run)
    with open(a.fixture) as f:
        fixture = json.load(f)
    differ = [c["prompt"][:40] for c in fixture["cases"]
              if greedy_with_margins(model, c["promptIds"], tok.eos_id, fixture["maxNewTokens"])[0] != c["outputIds"]]
    if differ:
        raise SystemExit(f"imported to {a.run}, but {len(differ)} of {len(fixture['cases'])} greedy continuations differ "
                         f"from {a.fixture}: {differ}")
    print(f"imported to {a.run}; all {len(fixture['cases'])} greedy continuations of {a.fixture} reproduced")


if __name__ == "__main__":
    main()
