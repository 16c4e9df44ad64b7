"""Appends freshly initialised decoder layers to a trained kick-tiny (a depth experiment).

  python3 grow.py --run runs/main --add 2 --out runs/grow6

The new layers' residual outputs (o_proj, down_proj) start at the model's scaled init, so the grown
model starts almost where the trained one ends and training can use the extra depth for what the
trained layers could not compose (recall -> compare -> letter).
"""
from __future__ import annotations

import argparse
import dataclasses
import os

import torch

from evaluate import load_run, write_run_files
from model import LlamaForCausalLM


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--add", type=int, default=2)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    old, _ = load_run(a.run)
    cfg = dataclasses.replace(old.cfg, num_hidden_layers=old.cfg.num_hidden_layers + a.add)
    new = LlamaForCausalLM(cfg)
    missing = new.load_state_dict(old.state_dict(), strict=False)
    assert not missing.unexpected_keys, missing.unexpected_keys
    write_run_files(a.out, cfg, a.run)
    torch.save(new.state_dict(), os.path.join(a.out, "init.pt"))
    print(f"{a.out}/init.pt: {cfg.num_hidden_layers} layers, {len(missing.missing_keys)} new tensors")


if __name__ == "__main__":
    main()
