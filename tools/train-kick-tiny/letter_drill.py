"""Where does the 4-choice letter fail? Trains a copy of a run on the letter alone (a diagnostic).

  python3 letter_drill.py --run runs/main                  # the value to pick is given
  python3 letter_drill.py --run runs/main --mode corpus    # the value must be recalled

given: rows "Pick X.\nA. a\nB. b\nC. c\nD. d\nAnswer:" -> " L" where option L is X, over random
single-token words, scored on 256 held-out rows. corpus: the corpus's 4-choice lists, loss on the
answer letters, scored on 100 of the suite's 4-choice questions. Corpus-mode options add targets
that say where the chain breaks: --chain (chain.py: recalled value at "Answer:", each option's own
letter, a head pointing at the right option), --correct-layer (each option's first token says
whether it is right), --given-frac (given-value rows mixed in). The run's model is not changed
(--save writes the drilled copy elsewhere).

Measured on the published model (see its card): given, 25% -> 88% in 50 steps, 100% by 150;
corpus, the letter loss stays at ln 4 = 1.386 for 300 steps, with or without --correct-layer,
--given-frac or any single chain target; with all three chain targets
(--chain value=1,letter=1,point=2:1 --lr 2e-3) the suite's 4-choice goes 20% -> 60-69% by 475 steps.
"""
from __future__ import annotations

import argparse
import os
import random

import torch

from chain import ChainConfig, ChainTargets, option_targets
from data import POOLS_CACHE, Packer, load_pools
from evaluate import LETTERS, letter_ids, load_jsonl, load_run, score_mcr


def word_tokens(tok) -> list[int]:
    out = []
    for i in range(len(tok.vocab)):
        s = tok.decode([i])
        if len(s) >= 4 and s[0] == " " and s[1:].isalpha() and s[1:].islower() and tok.encode(s) == [i]:
            out.append(i)
    return out


def make_rows(tok, words, n, rng: random.Random):
    letters = letter_ids(tok)
    pieces = {k: tok.encode(k) for k in ("Pick", ".\n", "\n", ".", "Answer:")}
    letter_plain = [tok.encode(l)[0] for l in LETTERS]
    rows, targets = [], []
    for _ in range(n):
        opts = rng.sample(words, 4)
        right = rng.randrange(4)
        ids = [tok.bos_id] + pieces["Pick"] + [opts[right]] + pieces[".\n"]
        for k, o in enumerate(opts):
            ids += [letter_plain[k]] + pieces["."] + [o] + pieces["\n"]
        ids += pieces["Answer:"]
        rows.append(ids)
        targets.append(letters[right])
    L = max(len(r) for r in rows)
    x = torch.full((n, L), tok.eos_id, dtype=torch.long)
    pos = torch.zeros(n, dtype=torch.long)
    for i, r in enumerate(rows):
        x[i, : len(r)] = torch.tensor(r)
        pos[i] = len(r) - 1
    return x, pos, torch.tensor(targets)


def update(model, opt, loss) -> None:
    """One optimizer step with train.py's gradient clipping."""
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()


def accuracy(model, x, pos, y, letters) -> float:
    with torch.no_grad():
        logits, _ = model(x)
    last = logits[torch.arange(len(x)), pos][:, letters]
    return float((torch.tensor(letters)[last.argmax(-1)] == y).float().mean())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--steps", type=int, default=400)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--mode", default="given", choices=["given", "corpus"],
                    help="given: the value is in the prompt; corpus: the corpus's 4-choice lists (recalled values), "
                         "loss on the letters alone, scored on the suite's 4-choice questions")
    ap.add_argument("--given-frac", type=float, default=0.0, help="corpus mode: also train on given-value rows (this many per letter)")
    ap.add_argument("--chain", default="", help='corpus mode: chain targets (chain.py), e.g. "value=1,letter=1,point=2:1"')
    ap.add_argument("--correct-layer", type=int, default=-1,
                    help="corpus mode: also train this layer's output at each option's first token to say whether it is the right one")
    ap.add_argument("--save", default="", help="save the drilled model's state dict here")
    ap.add_argument("--data", default="data")
    ap.add_argument("--tokenizer", default="runs/tok")
    a = ap.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(0)
    model, tok = load_run(a.run)
    if a.mode == "corpus":
        return corpus_drill(model, tok, a)
    words = word_tokens(tok)
    rng = random.Random(0)
    letters = letter_ids(tok)
    test = make_rows(tok, words, 256, random.Random(1))
    model.eval()
    print(f"{len(words)} word tokens; step 0: accuracy {100 * accuracy(model, *test, letters):.0f}%", flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, betas=(0.9, 0.95), weight_decay=0.1)
    for step in range(1, a.steps + 1):
        model.train()
        x, pos, y = make_rows(tok, words, a.batch, rng)
        logits, _ = model(x)
        loss = torch.nn.functional.cross_entropy(logits[torch.arange(len(x)), pos], y)
        update(model, opt, loss)
        if step % 25 == 0:
            model.eval()
            print(f"step {step}: loss {loss.item():.3f}, accuracy {100 * accuracy(model, *test, letters):.0f}%", flush=True)


def corpus_drill(model, tok, a):
    pools = load_pools(tok, a.data, cache=os.path.join(a.tokenizer, POOLS_CACHE))
    packer = Packer(pools, 512, 0.0, 0, tok.eos_id)
    items = load_jsonl(os.path.join(a.data, "tasks", "mcr.jsonl"), 100)
    model.eval()
    print(f"step 0: suite mcr {100 * score_mcr(model, tok, items)['strict']:.0f}%", flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, betas=(0.9, 0.95), weight_decay=0.1)
    words = word_tokens(tok)
    rng = random.Random(0)
    chain = ChainTargets(model, tok, ChainConfig.parse(a.chain))
    correct: dict = {}
    if a.correct_layer >= 0:
        model.model.layers[a.correct_layer].register_forward_hook(lambda _m, _i, out: correct.__setitem__("h", out[0]))
    yes_no = [tok.encode(" yes")[0], tok.encode(" no")[0]]
    ce = torch.nn.functional.cross_entropy
    for step in range(1, a.steps + 1):
        model.train()
        x, y, _, value, _ = packer.batch({"mcr": 1.0}, max(1, a.batch // 8), with_value=True)
        at = value >= 0
        logits, _ = model(x)
        terms = {"answer": ce(logits[at], y[at]), **chain.losses(x, y, value)}
        if a.correct_layer >= 0:
            o = option_targets(tok, x, y, value)
            h = model.model.norm(correct["h"][o.pos[:, 0], o.pos[:, 1]])
            terms["correct"] = ce(h @ model.lm_head.weight[yes_no].T, (~o.right).long())
        if a.given_frac > 0:
            gx, gpos, gy = make_rows(tok, words, max(1, int(a.given_frac * int(at.sum()))), rng)
            glogits, _ = model(gx)
            terms["given"] = ce(glogits[torch.arange(len(gx)), gpos], gy)
        loss = sum(terms.values())
        update(model, opt, loss)
        if step % 25 == 0:
            model.eval()
            losses = ", ".join(f"{k} {v.item():.3f}" for k, v in terms.items())
            print(f"step {step}: loss {losses} ({int(at.sum())} letters); suite mcr {100 * score_mcr(model, tok, items)['strict']:.0f}%", flush=True)
            if a.save:
                torch.save(model.state_dict(), a.save)


if __name__ == "__main__":
    main()
