"""Trains kick-tiny on the exported KICK-world corpus (CPU, 2 threads, bf16 autocast).

  OMP_WAIT_POLICY=PASSIVE python3 train.py --data data --run runs/main --steps 6692 --warmup 223

The budget is a number of steps (4,096 tokens each): with the same seed, data and thread count a
re-run on the same CPU model trains the same model bit for bit, however busy the machine is (6,692
steps take 79-85 minutes on two unshared cores). Another CPU model picks other bf16 and BLAS kernels,
which round differently: its run starts the same and drifts apart, and the drift is not always
small (open book 89% against 50% in one such pair, see the model card), so log.json records the
machine. Every 250 steps and at each evaluation it writes checkpoint.pt
(checkpoint.py): a run that was stopped continues with the same arguments plus --resume, and ends
with the same weights as an unbroken run. --minutes follows elapsed time instead, for a fixed
wall-clock budget.

Curriculum (stages by fraction of the budget, mixtures in token fractions):
  skills: copying drills, associative recall, short open-book contexts, 4-choice with the answer
          in context, beside biographies and QA lines (knowledge takes longest to settle);
  main:   everything: biographies, QA lines (qa-test entities only in wordings the suite does not
          evaluate), open book with 0-3 distractors, 4-choice closed and in context, summaries,
          instructions, recall drills.
The model starts from a seeded induction circuit (induction_seed.py; --no-induction-seed for a
plain start). Task documents ask several questions about one context; completions weigh 1 in the loss, prompt
tokens --prompt-weight. --chain adds auxiliary targets along the 4-choice chain inside the network
(chain.py; off by default, e.g. --chain value=2,letter=2,point=3:1,open=3:2,ask=1). --chain-from delays them
until the facts they recall are known: started with the run they slow all learning.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import time

import numpy as np
import torch

from bpe import Tokenizer
from chain import ChainConfig, ChainTargets
from checkpoint import load_checkpoint, save_checkpoint
from data import POOLS_CACHE, Packer, load_pools
from evaluate import evaluate
from induction_seed import seed_induction
from model import LlamaConfig, LlamaForCausalLM

STAGES = [
    # Skills first: copying, recall drills, short open-book contexts and 4-choice with the answer in
    # context, beside the knowledge (biographies, QA lines) that takes longest to settle.
    (0.25, {"copy": 0.1, "recall": 0.25, "icr-open@0": 0.15, "icr-open@1": 0.1, "mcr-context@0": 0.05, "mcr-context@1": 0.05,
            "bio": 0.15, "factoid": 0.1, "icr-closed": 0.05}),
    (1.00, {
        "bio": 0.17, "factoid": 0.08, "icr-closed": 0.04, "mcr": 0.08, "icr-open": 0.29, "mcr-context@1": 0.06,
        "mcr-context@0": 0.01, "summarization": 0.1, "instruction": 0.03, "recall": 0.12, "copy": 0.02,
    }),
]


# In-context skills alone (fresh entities only): what the retrieval circuit is learned from.
RETRIEVAL = {"copy": 0.2, "recall": 0.3, "icr-open@0": 0.25, "icr-open@1": 0.15, "mcr-context@0": 0.1}


def with_open_levels(mixture: dict[str, float], levels: list[int]) -> dict[str, float]:
    """The mixture with its "icr-open" share spread evenly over the given context levels (level n has
    n + 1 passages; the suite's prompts have four, level 3)."""
    if not levels or "icr-open" not in mixture:
        return mixture
    out = {k: v for k, v in mixture.items() if k != "icr-open"}
    for level in levels:
        out[f"icr-open@{level}"] = out.get(f"icr-open@{level}", 0.0) + mixture["icr-open"] / len(levels)
    return out


def doc_weights(pools, token_fractions):
    """Per-document draw weights giving the requested token fractions."""
    return {k: f / float(np.mean([len(d.ids) for d in pools[k][:2000]])) for k, f in token_fractions.items()}


def lr_at(step, total, peak, warmup):
    if step < warmup:
        return peak * (step + 1) / warmup
    p = (step - warmup) / max(1, total - warmup)
    return peak * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * p)))


def machine() -> dict:
    """What decides the floating-point kernels, so that two runs' logs say whether they can agree bit for bit."""
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    except OSError:
        pass
    capability = next((line.split(":", 1)[1].strip() for line in torch.__config__.show().splitlines()
                       if "CPU capability usage" in line), "unknown")
    return {"cpu": cpu, "cpu_capability": capability, "torch": torch.__version__, "threads": torch.get_num_threads()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="data")
    ap.add_argument("--run", required=True)
    ap.add_argument("--tokenizer", default="runs/tok")
    ap.add_argument("--steps", type=int, default=6000)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--seq", type=int, default=512)
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--ffn", type=int, default=688)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--prompt-weight", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--eval-every", type=int, default=1000)
    ap.add_argument("--eval-limit", type=int, default=40)
    ap.add_argument("--eval-tasks", default="factoid,mcr,icr_open,icr_closed,summarization,instruction")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--no-bf16", action="store_true")
    ap.add_argument("--no-induction-seed", action="store_true", help="plain initialisation (see induction_seed.py)")
    ap.add_argument("--init", default="", help="continue from this state dict (a second curriculum phase)")
    ap.add_argument("--stage", default="", help="train on one mixture only: skills, main, or retrieval (the in-context drills alone)")
    ap.add_argument("--mixture", default="", help='train on this mixture only, as JSON token fractions: \'{"mcr": 0.5, "bio": 0.5}\'')
    ap.add_argument("--chain", default="", help='4-choice chain targets (chain.py), e.g. "value=2,letter=2,point=3:1,open=3:2,ask=1"')
    ap.add_argument("--chain-weight", type=float, default=1.0)
    ap.add_argument("--chain-from", type=float, default=0.0,
                    help="fraction of the run after which the chain targets apply (the facts they recall are learned first)")
    ap.add_argument("--open-from", type=float, default=None,
                    help="fraction of the run after which the open-book target applies, when it has its own head (default: --chain-from)")
    ap.add_argument("--main-open-levels", default="",
                    help='open-book context levels of the main stage, e.g. "2,3" (default: all, drawn by tokens)')
    ap.add_argument("--minutes", type=float, default=0.0,
                    help="time budget: schedule and curriculum follow elapsed time instead of --steps (not reproducible: "
                         "a machine whose cores are shared sees fewer tokens)")
    ap.add_argument("--checkpoint-every", type=int, default=250,
                    help="steps between checkpoints (checkpoint.pt; step budget only), besides one at each evaluation")
    ap.add_argument("--resume", action="store_true",
                    help="continue this run from its checkpoint (same arguments; step budget only)")
    a = ap.parse_args()
    if a.resume and a.minutes > 0:
        raise SystemExit("--resume needs a step budget: a time-budgeted run's schedule depends on its wall clock")

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    random.seed(a.seed)
    os.makedirs(a.run, exist_ok=True)
    for f in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(os.path.join(a.tokenizer, f), os.path.join(a.run, f))
    tok = Tokenizer.load(os.path.join(a.run, "tokenizer.json"))

    t0 = time.time()
    pools = load_pools(tok, a.data, cache=os.path.join(a.tokenizer, POOLS_CACHE))
    print(f"corpus tokenised in {time.time() - t0:.0f}s: " + ", ".join(f"{k} {len(v)}" for k, v in pools.items() if "@" not in k), flush=True)

    cfg = LlamaConfig(vocab_size=len(tok.vocab), hidden_size=a.hidden, intermediate_size=a.ffn, num_hidden_layers=a.layers,
                      num_attention_heads=a.heads, num_key_value_heads=a.heads, max_position_embeddings=a.seq,
                      bos_token_id=tok.bos_id, eos_token_id=tok.eos_id)
    model = LlamaForCausalLM(cfg)
    if a.init:
        model.load_state_dict(torch.load(a.init))
    elif not a.no_induction_seed:
        seed_induction(model)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"params {n_params / 1e6:.2f} M", flush=True)
    host = machine()
    print("machine " + json.dumps(host), flush=True)
    with open(os.path.join(a.run, "model_config.json"), "w") as f:
        json.dump(vars(cfg) if not hasattr(cfg, "__dataclass_fields__") else {k: getattr(cfg, k) for k in cfg.__dataclass_fields__}, f, indent=1)

    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=a.lr, betas=(0.9, 0.95))
    packer = Packer(pools, a.seq, a.prompt_weight, a.seed, tok.eos_id)
    stages = STAGES if not a.stage else [(1.0, {"skills": STAGES[0][1], "main": STAGES[1][1], "retrieval": RETRIEVAL}[a.stage])]
    if a.main_open_levels and a.stage in ("", "main"):
        levels = [int(x) for x in a.main_open_levels.split(",")]
        stages = [(end, with_open_levels(mix, levels) if mix is STAGES[1][1] else mix) for end, mix in stages]
    if a.mixture:
        stages = [(1.0, json.loads(a.mixture))]
    mixtures = [(end, doc_weights(pools, mix)) for end, mix in stages]

    chain_cfg = ChainConfig.parse(a.chain)
    chain = ChainTargets(model, tok, chain_cfg) if chain_cfg.active else None
    # When each chain target starts; a shared head has one merged loss, so the open-book target
    # cannot start on its own there.
    starts = {term: a.chain_from for term in ("value", "letter", "ask", "point", "open")}
    if a.open_from is not None and not chain_cfg.shared_head:
        starts["open"] = a.open_from

    log = []
    t_start = time.time()
    tokens = 0
    step = 0
    if a.resume:
        resumed = load_checkpoint(a.run, vars(a), model=model, opt=opt, packer=packer)
        step, tokens, log = resumed["step"], resumed["tokens"], resumed["log"]
        t_start -= resumed["elapsed"]
        print(f"resumed at step {step} ({tokens / 1e6:.1f} M tokens)", flush=True)
    while True:
        elapsed = time.time() - t_start
        frac = min(elapsed / (60 * a.minutes) if a.minutes > 0 else step / a.steps, 0.999999)
        mixture = next(m for end, m in mixtures if frac < end)
        x, y, w, value, point = packer.batch(mixture, a.batch, with_value=True)
        lr = lr_at(int(frac * 100000), 100000, a.lr, int(100000 * a.warmup / a.steps)) if a.minutes > 0 else lr_at(step, a.steps, a.lr, a.warmup)
        for g in opt.param_groups:
            g["lr"] = lr
        model.train()
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=not a.no_bf16):
            logits, _ = model(x)
        loss_tok = torch.nn.functional.cross_entropy(logits.float().reshape(-1, cfg.vocab_size), y.reshape(-1), reduction="none")
        loss = (loss_tok * w.reshape(-1)).sum() / w.sum().clamp(min=1.0)
        aux = {}
        due = {term for term, start in starts.items() if frac >= start}
        if chain is not None and due:
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=not a.no_bf16):
                aux = chain.losses(x, y, value, point, due)
            for term in aux.values():
                loss = loss + a.chain_weight * term
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        tokens += x.numel()
        last = (a.minutes > 0 and time.time() - t_start >= 60 * a.minutes) or (a.minutes <= 0 and step == a.steps - 1)
        if step % 50 == 0 or last:
            el = time.time() - t_start
            entry = {"step": step, "loss": round(loss.item(), 4), **{k: round(v.item(), 4) for k, v in aux.items()}, "lr": lr, "tokens": tokens, "minutes": round(el / 60, 2), "tok_s": round(tokens / el)}
            if a.minutes <= 0:
                # A step budget trains the same model on a slower (shared) machine, only later.
                entry["eta_minutes"] = round(el / (step + 1) * (a.steps - step - 1) / 60, 1)
            log.append(entry)
            print(json.dumps(entry), flush=True)
        if (step + 1) % a.eval_every == 0 or last:
            r = evaluate(model, tok, a.data, a.eval_tasks.split(","), a.eval_limit)
            log.append({"step": step, "eval": r, "minutes": round((time.time() - t_start) / 60, 2)})
            print(json.dumps(log[-1]), flush=True)
            torch.save(model.state_dict(), os.path.join(a.run, "model.pt"))
            with open(os.path.join(a.run, "log.json"), "w") as f:
                json.dump({"args": vars(a), "machine": host, "params": n_params, "too_long": packer.too_long, "drawn": packer.drawn, "log": log}, f, indent=1)
        if a.minutes <= 0 and not last and ((step + 1) % a.checkpoint_every == 0 or (step + 1) % a.eval_every == 0):
            save_checkpoint(a.run, args=vars(a), step=step + 1, tokens=tokens, elapsed=time.time() - t_start,
                            log=log, model=model, opt=opt, packer=packer)
        step += 1
        if last:
            break
    print(f"done in {(time.time() - t_start) / 60:.1f} min, {tokens / (time.time() - t_start):.0f} tokens/s", flush=True)


if __name__ == "__main__":
    main()
