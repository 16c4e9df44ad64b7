"""Per-skill accuracy of a checkpoint on its own training pools, teacher-forced: for each kind of
task document, the share of completion tokens predicted right and of answers whose first token is
right. Shows which skill (copying, recall, open-book retrieval, 4-choice letters, knowledge) a run
has learned long before the generated task scores move.

  python3 skills.py --run runs/main [--tokenizer runs/tok] [--docs 40]
"""
import argparse
import os
import random

import torch

from data import POOLS_CACHE, load_pools
from evaluate import load_run

KEYS = ["copy", "recall@2", "recall@4", "recall@8", "icr-open@0", "icr-open@1", "icr-open@3", "mcr-context@0", "mcr-context@1",
        "mcr", "factoid", "icr-closed", "summarization", "instruction"]


def skill_accuracy(model, docs, seq_len: int):
    tokens = hits = answers = first_hits = 0
    with torch.no_grad():
        for d in docs:
            ids = torch.tensor(d.ids[: seq_len + 1], dtype=torch.long)[None]
            logits, _ = model(ids[:, :-1])
            right = (logits[0].argmax(-1) == ids[0, 1:])
            # Target i is token i+1: completion targets are those whose token is not a prompt token.
            completion = ~torch.tensor(d.prompt_mask[1 : ids.shape[1]])
            tokens += int(completion.sum())
            hits += int(right[completion].sum())
            starts = completion[1:] & ~completion[:-1]
            answers += int(starts.sum())
            first_hits += int(right[1:][starts].sum())
    return hits / max(1, tokens), first_hits / max(1, answers)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--data", default="data")
    ap.add_argument("--tokenizer", default="runs/tok")
    ap.add_argument("--docs", type=int, default=40)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    model, tok = load_run(a.run)
    pools = load_pools(tok, a.data, cache=os.path.join(a.tokenizer, POOLS_CACHE))
    rng = random.Random(1)
    print("| documents | completion tokens right | answers with the first token right |\n|---|---|---|")
    for key in KEYS:
        if key not in pools:
            continue
        docs = rng.sample(pools[key], min(a.docs, len(pools[key])))
        tok_acc, first_acc = skill_accuracy(model, docs, model.cfg.max_position_embeddings)
        print(f"| {key} | {100 * tok_acc:.0f}% | {100 * first_acc:.0f}% |", flush=True)


if __name__ == "__main__":
    main()
