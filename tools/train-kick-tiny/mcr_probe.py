"""Where 4-choice (mcr) answers go wrong: knowledge or letter binding.

For each suite mcr item it measures, on the same fact:
- letter: the evaluated answer, the most likely of " A".." D" after the 5-shot prompt;
- cloze: the most likely option text after the factoid form of the question ("Please give answer to
  this question: ...\\nThe answer is "), i.e. whether the model knows the fact among these options;
- letter given cloze right: letter accuracy on the items whose fact the model knows;
- recall at "Answer:", by layer: whether that layer's output at the 5-shot prompt's last token
  already points at the right option, read through the output head (as the model's own prediction
  would be) and through the input embeddings (as the option tokens are written): the right option's
  first token (with --key, its key token: the first no other option has at that place) scores
  highest of the four. Chance is 25%;
- letter where the options share a first token: the letter accuracy on the items where another
  option starts with the right option's first token, and on the rest.
And, teacher-forced on the training corpus's 4-choice documents, the letter accuracy for questions on
qa-train entities and on qa-test entities (asked in training only in other wordings).

  python3 mcr_probe.py --run runs/main [--limit 200] [--key]
"""
import argparse
import json
import os
import random

import torch

from chain import key_offsets
from data import POOLS_CACHE, load_pools
from evaluate import LETTERS, letter_ids, load_jsonl, load_run, next_token_logits


@torch.no_grad()
def sequence_logprob(model, tok, prompt: str, continuation: str) -> float:
    p = tok.encode(prompt, bos=True)
    c = tok.encode(continuation)
    ids = torch.tensor([p + c])
    logits, _ = model(ids[:, :-1])
    logp = torch.log_softmax(logits[0].float(), -1)
    return float(sum(logp[len(p) - 1 + i, t] for i, t in enumerate(c)))


def option_tokens(tok, options: list[str], key: bool) -> list[int]:
    """Each option's first token, or with `key` its key token (the one chain.py's `key` targets)."""
    spans = [tok.encode(" " + o) for o in options]
    offsets = key_offsets(spans) if key else [0] * len(spans)
    return [span[k] for span, k in zip(spans, offsets)]


@torch.no_grad()
def recall_by_layer(model, tok, items, key: bool) -> list[tuple[float, float]]:
    """Per layer: share of items where the output at the prompt's last token scores the right
    option's first (or key) token highest of the four, through the output head and through the embeddings."""
    outputs: dict[int, torch.Tensor] = {}
    hooks = [layer.register_forward_hook(lambda _m, _i, out, i=i: outputs.__setitem__(i, out[0][0, -1]))
             for i, layer in enumerate(model.model.layers)]
    head, embed = model.lm_head.weight, model.model.embed_tokens.weight
    hits = [[0, 0] for _ in model.model.layers]
    for it in items:
        model(torch.tensor([tok.encode(it["prompt"], bos=True)]))
        first = option_tokens(tok, it["options"], key)
        truth = LETTERS.index(it["answer"])
        for i, h in outputs.items():
            normed = model.model.norm(h)
            hits[i][0] += int((head[first] @ normed).argmax()) == truth
            hits[i][1] += int((embed[first] @ normed).argmax()) == truth
    for h in hooks:
        h.remove()
    return [(head_hits / len(items), embed_hits / len(items)) for head_hits, embed_hits in hits]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--data", default="data")
    ap.add_argument("--tokenizer", default="runs/tok")
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--key", action="store_true", help="read recall on each option's key token, not its first")
    a = ap.parse_args()
    torch.set_num_threads(2)
    model, tok = load_run(a.run)
    items = load_jsonl(os.path.join(a.data, "tasks", "mcr.jsonl"), a.limit)
    letters = letter_ids(tok)
    letter = cloze = both = 0
    picks = [0] * 4
    # [letter right, items]: where no other option shares the right one's first token, and where one does
    shared = [[0, 0], [0, 0]]
    for it in items:
        question = it["prompt"].rsplit("\n\n", 1)[1].split("\n")[0]
        truth = LETTERS.index(it["answer"])
        pick = int(next_token_logits(model, tok, it["prompt"])[letters].argmax())
        picks[pick] += 1
        factoid = f"Please give answer to this question: {question}\nThe answer is "
        scores = [sequence_logprob(model, tok, factoid, o) for o in it["options"]]
        knows = max(range(4), key=lambda i: scores[i]) == truth
        letter += pick == truth
        firsts = option_tokens(tok, it["options"], key=False)
        group = shared[int(firsts.count(firsts[truth]) > 1)]
        group[0] += pick == truth
        group[1] += 1
        cloze += knows
        both += knows and pick == truth
    n = len(items)
    print(f"suite mcr, {n} items: letter {100 * letter / n:.0f}%, cloze {100 * cloze / n:.0f}%, "
          f"letter given cloze right {100 * both / max(1, cloze):.0f}%, letters picked {picks}")
    (apart, apart_n), (alike, alike_n) = shared
    print(f"letter where another option shares the right option's first token: {alike} of {alike_n}; "
          f"elsewhere {apart} of {apart_n}")
    # Also where the question ends, before its options (where the ask target recalls): causal
    # attention makes the output there the same as in the whole prompt.
    ended = [{**it, "prompt": it["prompt"][: it["prompt"].rindex("\nA. ") + 1]} for it in items]
    for where, prompts in (("at 'Answer:'", items), ("where the question ends", ended)):
        for i, (via_head, via_embed) in enumerate(recall_by_layer(model, tok, prompts, a.key)):
            print(f"recall {where}, layer {i} output: right option {'key' if a.key else 'first'} token first of four {100 * via_head:.0f}% through the output head, "
                  f"{100 * via_embed:.0f}% through the embeddings")

    world = json.load(open(os.path.join(a.data, "world.json")))
    test_names = [e["name"] for e in world["entities"] if e["role"] == "qa-test"]
    pools = load_pools(tok, a.data, cache=os.path.join(a.tokenizer, POOLS_CACHE))
    rng = random.Random(1)
    hits = {"qa-train": [0, 0], "qa-test": [0, 0]}
    for d in rng.sample(pools["mcr"], min(150, len(pools["mcr"]))):
        ids = [int(t) for t in d.ids[: model.cfg.max_position_embeddings + 1]]
        logits, _ = model(torch.tensor([ids[:-1]]))
        pred = logits[0].argmax(-1)
        for i in range(1, len(ids)):
            if d.prompt_mask[i] or ids[i] not in letters:
                continue
            # The question this letter answers: the last question line before it.
            block = tok.decode(ids[:i]).rsplit("\n\n", 1)[-1]
            question = block.split("\n")[0]
            split = "qa-test" if any(name in question for name in test_names) else "qa-train"
            hits[split][0] += int(pred[i - 1]) == ids[i]
            hits[split][1] += 1
    for split, (h, t) in hits.items():
        print(f"training 4-choice documents, {split} questions: {100 * h / max(1, t):.0f}% of {t}")


if __name__ == "__main__":
    main()
