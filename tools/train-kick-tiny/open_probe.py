"""Where open-book answers go wrong: finding the asked entity's passage, or writing what is found.

For each suite icr-open item (four passages, the answer in one of them), at the prompt's last token
("A:", where the answer's first token is predicted), per attention head:
- passage: the head's strongest key lies in the asked entity's passage;
- source: the strongest key is the answer's first token in that passage, over all items and apart
  for the items the model answers right and wrong (a head whose pointing follows the answer is the
  one the answer comes from);
- writes: the head's own output, read through the final norm and the output head, names the
  answer's first token (it copies what it attends to into the prediction).

  python3 open_probe.py --run runs/main [--limit 100]
"""
import argparse
import json
import os

import torch

from chain import head_output, head_scores
from evaluate import load_jsonl, load_run


def passage_of_tokens(tok, ids: list[int], text: str) -> list[int]:
    """Per token of ids (the encoding of text, without <s>), the index of the passage its first
    character falls in (blocks split by a blank line, before the questions); -1 outside them."""
    spans, at = [], 0
    for block in text.split("\n\nBased on")[0].split("\n\n"):
        spans.append((at, at + len(block)))
        at += len(block) + 2
    out, pos = [], 0
    for i in ids:
        out.append(next((k for k, (a, b) in enumerate(spans) if a <= pos < b), -1))
        pos += len(tok.decode([i]))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--data", default="data")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    model, tok = load_run(a.run)
    layers = model.model.layers
    seen: dict[int, tuple] = {}
    for n, layer in enumerate(layers):
        layer.self_attn.register_forward_pre_hook(lambda _m, args, n=n: seen.__setitem__(n, args))
    with open(os.path.join(a.data, "world.json")) as f:
        names = {e["id"]: e["name"] for e in json.load(f)["entities"]}
    shape = (len(layers), model.cfg.num_attention_heads)
    passage, writes = torch.zeros(shape), torch.zeros(shape)
    source = {True: torch.zeros(shape), False: torch.zeros(shape)}
    answered = {True: 0, False: 0}
    with torch.no_grad():
        for item in load_jsonl(os.path.join(a.data, "tasks", "icrOpen.jsonl"), a.limit):
            prompt = item["prompt"]
            ids = tok.encode(prompt, bos=True)
            where = [-1] + passage_of_tokens(tok, ids[1:], prompt)
            # The asked entity's passage names it most often (another may name it once, as a value).
            counts = [block.count(names[item["entity"]]) for block in prompt.split("\n\nBased on")[0].split("\n\n")]
            target = counts.index(max(counts))
            first = tok.encode(" " + item["answers"][0])[0]
            sources = {i for i, t in enumerate(ids) if t == first and where[i] == target}
            if not sources:
                continue
            logits, _ = model(torch.tensor([ids]))
            right = int(logits[0, -1].argmax()) == first
            answered[right] += 1
            for n, layer in enumerate(layers):
                for h in range(shape[1]):
                    scores = head_scores(layer.self_attn, seen[n], h)
                    key = int(scores[0, -1].argmax())
                    own = head_output(layer.self_attn, seen[n], h, scores)[0, -1]
                    passage[n, h] += where[key] == target
                    source[right][n, h] += key in sources
                    writes[n, h] += int((model.model.norm(own) @ model.lm_head.weight.T).argmax()) == first
    total = answered[True] + answered[False]
    pct = lambda x, n: f"{100 * float(x) / max(1, n):.0f}%"
    print(f"{total} items; first answer token right for {answered[True]} ({pct(answered[True], total)})\n")
    print("| head | strongest key in the asked passage | at the answer there | (right answers) | (wrong answers) | own output names the answer |")
    print("|---|---|---|---|---|---|")
    for n in range(shape[0]):
        for h in range(shape[1]):
            both = source[True][n, h] + source[False][n, h]
            print(f"| {n}:{h} | {pct(passage[n, h], total)} | {pct(both, total)} | {pct(source[True][n, h], answered[True])} "
                  f"| {pct(source[False][n, h], answered[False])} | {pct(writes[n, h], total)} |")


if __name__ == "__main__":
    main()
