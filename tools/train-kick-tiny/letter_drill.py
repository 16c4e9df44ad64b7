"""Where does the 4-choice letter fail? Trains a copy of a run on the letter alone (a diagnostic).

  python3 letter_drill.py --run runs/main                  # the value to pick is given
  python3 letter_drill.py --run runs/main --mode corpus    # the value must be recalled

given: rows "Pick X.\nA. a\nB. b\nC. c\nD. d\nAnswer:" -> " L" where option L is X, over random
single-token words, scored on 256 held-out rows. corpus: the corpus's 4-choice lists, loss on the
answer letters only, scored on 100 of the suite's 4-choice questions. Options for corpus mode add
auxiliary targets that say where in the chain it breaks: --value-layer trains a layer's output at
"Answer:" to hold the right option's text (through the output head or the input embeddings),
--correct-layer trains a layer's output at each option's first token to say whether that option is
right, --given-frac mixes given-value rows in. Nothing is saved: the run's model is not changed.

Measured on the committed model (see its card): given, 25% -> 88% in 50 steps and 100% by 150;
corpus, the letter loss stays at ln 4 = 1.386 for 300 steps, and neither auxiliary target moves it.
"""
from __future__ import annotations

import argparse
import os
import random

import torch

from data import POOLS_CACHE, Packer, load_pools
from evaluate import LETTERS, letter_ids, load_jsonl, load_run, score_mcr
from model import rotate_half


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
    ap.add_argument("--given-frac", type=float, default=0.0, help="corpus mode: also train on given-value rows (this many per corpus row)")
    ap.add_argument("--value-layer", type=int, default=-1, help="corpus mode: also train this layer's output to hold the right option's text")
    ap.add_argument("--value-readout", default="head", choices=["head", "embed"],
                    help="read the value target through the output head or through the input embeddings")
    ap.add_argument("--correct-layer", type=int, default=-1,
                    help="corpus mode: also train this layer's output at each option's first token to say whether it is the right one")
    ap.add_argument("--point-layer", type=int, default=-1,
                    help="corpus mode: also train one head of this layer to attend from \"Answer:\" to the right option's first token")
    ap.add_argument("--point-head", type=int, default=1)
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
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if step % 25 == 0:
            model.eval()
            print(f"step {step}: loss {loss.item():.3f}, accuracy {100 * accuracy(model, *test, letters):.0f}%", flush=True)


def option_labels(tok, x, y, value):
    """Positions of each option's first token ("\nB. <here>") and whether it is the right option (0)
    or not (1), from the answer letter that follows the options."""
    nl, dot = tok.encode("\n")[0], tok.encode(".")[0]
    plain = {tok.encode(l)[0]: l for l in LETTERS}
    spaced = {tok.encode(" " + l)[0]: l for l in LETTERS}
    pos, label, asked = [], [], []
    for b in range(x.shape[0]):
        row, seen = x[b].tolist(), []
        for t in range(2, len(row) - 1):
            if row[t - 2] == nl and row[t - 1] in plain and row[t] == dot:
                seen.append((t + 1, plain[row[t - 1]]))
            if value[b, t] >= 0:
                right = spaced.get(int(y[b, t]))
                for p, l in seen:
                    pos.append((b, p))
                    label.append(0 if l == right else 1)
                    asked.append(t)
                seen = []
    return torch.tensor(pos), torch.tensor(label), torch.tensor(asked)


def head_scores(attn, args, head: int):
    """Pre-softmax attention scores of one head, [batch, query, key], from the attention's inputs."""
    x, cos, sin = args[:3]
    d = attn.cfg.head_dim
    rows = slice(head * d, (head + 1) * d)
    q = torch.nn.functional.linear(x, attn.q_proj.weight[rows])
    k = torch.nn.functional.linear(x, attn.k_proj.weight[rows])
    c, s_ = cos[:, 0].to(q.dtype), sin[:, 0].to(q.dtype)
    q = q * c + rotate_half(q) * s_
    k = k * c + rotate_half(k) * s_
    causal = torch.ones(x.shape[1], x.shape[1], dtype=torch.bool).tril()
    return (q @ k.transpose(1, 2) / d**0.5).masked_fill(~causal, float("-inf"))


def capture_output(layer, holder: dict, key: str) -> None:
    layer.register_forward_hook(lambda _m, _i, out: holder.__setitem__(key, out[0]))


def corpus_drill(model, tok, a):
    pools = load_pools(tok, a.data, cache=os.path.join(a.tokenizer, POOLS_CACHE))
    packer = Packer(pools, 512, 0.0, 0, tok.eos_id)
    items = load_jsonl(os.path.join(a.data, "tasks", "mcr.jsonl"), 100)
    model.eval()
    print(f"step 0: suite mcr {100 * score_mcr(model, tok, items)['strict']:.0f}%", flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, betas=(0.9, 0.95), weight_decay=0.1)
    words = word_tokens(tok)
    rng = random.Random(0)
    seen: dict = {}
    if a.value_layer >= 0:
        capture_output(model.model.layers[a.value_layer], seen, "value")
    if a.correct_layer >= 0:
        capture_output(model.model.layers[a.correct_layer], seen, "correct")
    if a.point_layer >= 0:
        model.model.layers[a.point_layer].self_attn.register_forward_pre_hook(lambda _m, args: seen.__setitem__("point", args))
    yes_no = [tok.encode(" yes")[0], tok.encode(" no")[0]]
    ce = torch.nn.functional.cross_entropy
    for step in range(1, a.steps + 1):
        model.train()
        x, y, _, value = packer.batch({"mcr": 1.0}, max(1, a.batch // 8), with_value=True)
        at = value >= 0
        logits, _ = model(x)
        terms = {"letter": ce(logits[at], y[at])}
        if a.value_layer >= 0:
            h = model.model.norm(seen["value"][at])
            readout = model.lm_head.weight if a.value_readout == "head" else model.model.embed_tokens.weight / model.cfg.hidden_size**0.5
            terms["value"] = ce(h @ readout.T, value[at])
        if a.correct_layer >= 0 or a.point_layer >= 0:
            pos, label, asked = option_labels(tok, x, y, value)
        if a.correct_layer >= 0:
            h = model.model.norm(seen["correct"][pos[:, 0], pos[:, 1]])
            terms["correct"] = ce(h @ model.lm_head.weight[yes_no].T, label)
        if a.point_layer >= 0:
            right = label == 0
            scores = head_scores(model.model.layers[a.point_layer].self_attn, seen["point"], a.point_head)
            terms["point"] = ce(scores[pos[right, 0], asked[right]], pos[right, 1])
        if a.given_frac > 0:
            gx, gpos, gy = make_rows(tok, words, max(1, int(a.given_frac * int(at.sum()))), rng)
            glogits, _ = model(gx)
            terms["given"] = ce(glogits[torch.arange(len(gx)), gpos], gy)
        loss = sum(terms.values())
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if step % 25 == 0:
            model.eval()
            losses = ", ".join(f"{k} {v.item():.3f}" for k, v in terms.items())
            print(f"step {step}: loss {losses} ({int(at.sum())} letters); suite mcr {100 * score_mcr(model, tok, items)['strict']:.0f}%", flush=True)


if __name__ == "__main__":
    main()
