"""Scores a model on the KICK-world suite (strict rules, plus the kick rule where it differs) and
measures the magnitude-pruning curve. Mirrors the lab's scoring: see ../shared/kick/PROTOCOL.md.

  python3 evaluate.py --run runs/main [--prune 0,0.5,0.7] [--limit N]
"""
from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import math
import os
import re
import shutil
import time

import torch

from bpe import Tokenizer
from model import LlamaConfig, LlamaForCausalLM

ARTICLES = re.compile(r"\b(a|an|the)\b")
PUNCT = re.compile(r"""[!"#$%&'()*+,\-./:;<=>?@\[\\\]^`{|}~]""")


def normalize(text: str) -> str:
    t = text.lower().replace("_", " ")
    t = PUNCT.sub(" ", t)
    t = ARTICLES.sub(" ", t)
    return " ".join(t.split())


@torch.no_grad()
def greedy(model, tok: Tokenizer, prompt: str, max_new: int, stop_newline: bool = False) -> list[int]:
    ids = tok.encode(prompt, bos=True)
    limit = model.cfg.max_position_embeddings
    max_new = min(max_new, limit - len(ids))
    x = torch.tensor([ids])
    logits, past = model(x)
    out: list[int] = []
    for _ in range(max_new):
        nxt = int(logits[0, -1].argmax())
        if nxt == tok.eos_id:
            break
        out.append(nxt)
        if stop_newline and "\n" in tok.decode(out).lstrip("\n"):
            break
        pos = torch.tensor([[len(ids) + len(out) - 1]])
        logits, past = model(torch.tensor([[nxt]]), position_ids=pos, past=past)
    return out


def load_jsonl(path, limit=None):
    rows = []
    with open(path) as f:
        for line in f:
            rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    return rows


def score_factoid(model, tok, items):
    strict = kick = 0
    for it in items:
        cont = tok.decode(greedy(model, tok, it["prompt"], 3 * len(tok.encode(it["prompt"], bos=True)) - len(tok.encode(it["prompt"], bos=True))))
        al = [a.lower().replace(" ", "") for a in it["answers"]]
        c = cont.lower().replace(" ", "")
        full = (it["prompt"] + cont).lower().replace(" ", "")
        strict += any(a in c for a in al)
        kick += any(a in full for a in al)
    n = max(1, len(items))
    return {"strict": strict / n, "kick": kick / n}


LETTERS = ["A", "B", "C", "D"]


def letter_ids(tok: Tokenizer) -> list[int]:
    """The tokens of " A" .. " D", the answers a 4-choice prompt ending in "Answer:" is scored on."""
    return [tok.encode(" " + l)[0] for l in LETTERS]


@torch.no_grad()
def next_token_logits(model, tok: Tokenizer, prompt: str) -> torch.Tensor:
    logits, _ = model(torch.tensor([tok.encode(prompt, bos=True)]))
    return logits[0, -1]


def score_mcr(model, tok, items):
    letters = letter_ids(tok)
    strict = kick = 0
    for it in items:
        last = next_token_logits(model, tok, it["prompt"])
        strict += LETTERS[int(last[letters].argmax())] == it["answer"]
        text = tok.decode([int(last.argmax())])
        kick += (text[-1:] if text else "") == it["answer"]
    n = max(1, len(items))
    return {"strict": strict / n, "kick": kick / n}


def score_icr(model, tok, items):
    em = contain = 0
    for it in items:
        cont = tok.decode(greedy(model, tok, it["prompt"].strip(), 32, stop_newline=True))
        pred = normalize(cont.strip().split("\n")[0] if cont.strip() else "")
        golds = [normalize(a) for a in it["answers"]]
        em += any(pred == g for g in golds)
        contain += any((g in pred or pred in g) for g in golds)
    n = max(1, len(items))
    return {"strict": em / n, "kick": contain / n}


def follows(check: str, response: str) -> bool:
    text = response.strip()
    if check == "one_word":
        return re.fullmatch(r"[A-Za-z][A-Za-z'-]*\.?", text) is not None
    if check == "upper_case":
        return re.search(r"[A-Z]", text) is not None and text == text.upper()
    if check == "number":
        return re.fullmatch(r"\d+\.?", text) is not None
    lines = [l.strip() for l in text.split("\n") if l.strip()]
    return len(lines) >= 2 and all(l.startswith("- ") for l in lines)


def score_instruction(model, tok, items):
    fmt = content = 0
    for it in items:
        cont = tok.decode(greedy(model, tok, it["prompt"], 96))
        fmt += follows(it["check"], cont)
        content += any(normalize(a) in normalize(cont) for a in it["answers"])
    n = max(1, len(items))
    return {"strict": fmt / n, "content": content / n}


def key_fact_recall(summary: str, facts) -> float:
    s = f" {normalize(summary)} "
    return sum(f" {normalize(f)} " in s for f in facts) / max(1, len(facts))


def score_summarization(model, tok, items):
    total = 0.0
    for it in items:
        cont = tok.decode(greedy(model, tok, it["prompt"], 128))
        total += key_fact_recall(cont, it["keyFacts"])
    return {"strict": total / max(1, len(items))}


@torch.no_grad()
def score_perplexity(model, tok, items):
    nll = 0.0
    count = 0
    for it in items:
        ids = torch.tensor([tok.encode(it["text"], bos=True)])
        logits, _ = model(ids)
        lp = torch.log_softmax(logits[0, :-1].float(), -1)
        nll += -lp.gather(1, ids[0, 1:, None]).sum().item()
        count += ids.shape[1] - 1
    return {"ppl": math.exp(nll / max(1, count))}


TASKS = {
    "factoid": ("factoid", score_factoid),
    "mcr": ("mcr", score_mcr),
    "icr_open": ("icrOpen", score_icr),
    "icr_closed": ("icrClosed", score_icr),
    "instruction": ("instruction", score_instruction),
    "summarization": ("summarization", score_summarization),
    "perplexity": ("perplexity", score_perplexity),
}


def evaluate(model, tok, data_dir, tasks=None, limit=None):
    model.eval()
    out = {}
    for name in tasks or TASKS:
        file, fn = TASKS[name]
        out[name] = fn(model, tok, load_jsonl(os.path.join(data_dir, "tasks", f"{file}.jsonl"), limit))
    return out


def magnitude_prune(model, sparsity: float):
    """LLM-KICK's magnitude rule per weight matrix: zero |W| <= sort(|W|)[int(numel*s)]."""
    pruned = copy.deepcopy(model)
    if sparsity <= 0:
        return pruned
    with torch.no_grad():
        for _, w in pruned.linear_weights():
            flat = w.abs().flatten().sort().values
            thr = flat[int(w.numel() * sparsity)]
            w.masked_fill_(w.abs() <= thr, 0.0)
    return pruned


def write_run_files(run_dir: str, cfg: LlamaConfig, tokenizer_dir: str) -> None:
    """A run directory's model config and tokenizer (the weights are the caller's: model.pt or an init)."""
    os.makedirs(run_dir, exist_ok=True)
    with open(os.path.join(run_dir, "model_config.json"), "w") as f:
        json.dump(dataclasses.asdict(cfg), f, indent=1)
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(os.path.join(tokenizer_dir, name), os.path.join(run_dir, name))


def load_run(run_dir):
    with open(os.path.join(run_dir, "model_config.json")) as f:
        cfg = LlamaConfig(**json.load(f))
    model = LlamaForCausalLM(cfg)
    model.load_state_dict(torch.load(os.path.join(run_dir, "model.pt")))
    model.eval()
    tok = Tokenizer.load(os.path.join(run_dir, "tokenizer.json"))
    return model, tok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--data", default="data")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--prune", default="0")
    ap.add_argument("--tasks", default=",".join(TASKS))
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    model, tok = load_run(a.run)
    with open(os.path.join(a.data, "manifest.json")) as f:
        suite_version = json.load(f)["suiteVersion"]
    results = {"suiteVersion": suite_version, "limit": a.limit}
    for s in [float(x) for x in a.prune.split(",")]:
        t0 = time.time()
        r = evaluate(magnitude_prune(model, s), tok, a.data, a.tasks.split(","), a.limit)
        results[f"magnitude_{s:g}"] = r
        print(f"magnitude {s:g}: {json.dumps(r)} ({time.time() - t0:.0f}s)", flush=True)
    with open(os.path.join(a.run, f"eval-{int(time.time())}.json"), "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
