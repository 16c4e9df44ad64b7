"""A run's resumable state (train.py writes it every --checkpoint-every steps and at each
evaluation), so that a step-budget run stopped part way (a session that ends, a machine that goes away) continues where it was and still
trains the same model bit for bit as an unbroken run."""
from __future__ import annotations

import os
import random

import torch

from data import Packer

CHECKPOINT = "checkpoint.pt"


def save_checkpoint(run_dir: str, *, args: dict, step: int, tokens: int, elapsed: float, log: list,
                    model: torch.nn.Module, opt: torch.optim.Optimizer, packer: Packer) -> None:
    state = {
        "args": args, "step": step, "tokens": tokens, "elapsed": elapsed, "log": log,
        "model": model.state_dict(), "opt": opt.state_dict(),
        "packer": packer.state(),
        "random": random.getstate(), "torch_rng": torch.get_rng_state(),
    }
    # Written aside and renamed: a run killed while saving keeps its previous checkpoint.
    path = os.path.join(run_dir, CHECKPOINT)
    torch.save(state, path + ".tmp")
    os.replace(path + ".tmp", path)


def load_checkpoint(run_dir: str, args: dict, *, model: torch.nn.Module, opt: torch.optim.Optimizer, packer: Packer) -> dict:
    """Restores model, optimizer, data order and random state; returns step, tokens, elapsed and log.
    Refuses a checkpoint written with other arguments: its continuation would be another run."""
    path = os.path.join(run_dir, CHECKPOINT)
    if not os.path.exists(path):
        raise SystemExit(f"--resume: no {CHECKPOINT} in {run_dir} (the run stopped before its first checkpoint)")
    state = torch.load(path)
    differ = sorted(k for k in set(state["args"]) | set(args) if k != "resume" and state["args"].get(k) != args.get(k))
    if differ:
        raise SystemExit(f"--resume: {path} was written with other arguments ({', '.join(differ)})")
    model.load_state_dict(state["model"])
    opt.load_state_dict(state["opt"])
    packer.load_state(state["packer"])
    random.setstate(state["random"])
    torch.set_rng_state(state["torch_rng"])
    return {k: state[k] for k in ("step", "tokens", "elapsed", "log")}
