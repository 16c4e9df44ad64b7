"""Tokenised KICK-world corpus and the packer that builds training rows from a mixture."""
from __future__ import annotations

import json
import os
import random
import re

import numpy as np
import torch

from bpe import Tokenizer

# Cached tokenised pools, in the tokenizer's run folder; the name changes when Doc does.
POOLS_CACHE = "pools-v3.pt"

PARTS = ["bio", "closed-qa", "mcr", "open-book", "mcr-context", "summarization", "instruction", "recall", "copy"]


def read_jsonl(path):
    with open(path) as f:
        for line in f:
            yield json.loads(line)


def tokenizer_sample(data_dir: str, per_part: int = 6000) -> list[str]:
    """Texts for training the tokenizer: every part, so all prompt formats get their merges."""
    texts = []
    for part in PARTS:
        for i, d in enumerate(read_jsonl(os.path.join(data_dir, "corpus", f"{part}.jsonl"))):
            if i >= per_part:
                break
            texts.append(d["text"] if d["type"] == "text" else "".join(p + c for p, c in turns(d)))
    return texts


def turns(d: dict) -> list[tuple[str, str]]:
    """(prompt, completion) pairs of a task document: the first, then its follow-up questions."""
    return [(d["prompt"], d["completion"])] + [(t["prompt"], t["completion"]) for t in d.get("then", [])]


class Doc:
    """Token ids, a mask of the prompt tokens (weighted less than completions in the loss) and two
    optional chain targets (chain.py), -1 where there is none:
      value  for 4-choice documents, at each answer letter the first token of the right option's
             text: what the model should have recalled when it writes the letter;
      point  for open-book documents, at each answer's first token the index in ids of the passage
             token the answer is copied from (where the value occurs once in what precedes)."""
    __slots__ = ("ids", "prompt_mask", "value", "point")

    def __init__(self, ids: np.ndarray, prompt_mask: np.ndarray, value: np.ndarray | None = None,
                 point: np.ndarray | None = None):
        self.ids = ids
        self.prompt_mask = prompt_mask
        self.value = value
        self.point = point


OPTION_LINE = re.compile(r"^([ABCD])\. (.+)$", re.M)


def option_value(prompt: str, completion: str) -> str | None:
    """The text of the option a 4-choice completion (" B\n\n") names, from the prompt's option lines."""
    letter = completion.strip()[:1]
    options = dict(OPTION_LINE.findall(prompt))
    return options.get(letter) if letter in "ABCD" and len(options) == 4 else None


def copied_from(ids: list[int], answer: list[int]) -> int:
    """Index in ids of the one occurrence of the answer's tokens, or -1 if none or several."""
    n = len(answer)
    hits = [i for i in range(len(ids) - n + 1) if ids[i : i + n] == answer] if n else []
    return hits[0] if len(hits) == 1 else -1


def encode_doc(tok: Tokenizer, d: dict) -> Doc:
    """<s> text </s>, or <s> prompt completion [prompt completion ...] </s> with each piece encoded
    apart, as evaluation encodes the prompt alone and the model continues it."""
    if d["type"] == "text":
        ids = tok.encode(d["text"], bos=True) + [tok.eos_id]
        return Doc(np.array(ids, dtype=np.int32), np.zeros(len(ids), dtype=bool))
    ids: list[int] = []
    mask: list[bool] = []
    value: list[int] = []
    point: list[int] = []
    for i, (p, c) in enumerate(turns(d)):
        pi = tok.encode(p, bos=(i == 0))
        ci = tok.encode(c)
        v = option_value(p, c) if d["source"] in ("mcr", "mcr-context") else None
        src = copied_from(ids + pi, tok.encode(" " + c.strip())) if d["source"] == "icr-open" else -1
        ids += pi + ci
        mask += [True] * len(pi) + [False] * len(ci)
        value += [-1] * len(pi) + [tok.encode(" " + v)[0] if v else -1] + [-1] * (len(ci) - 1)
        point += [-1] * len(pi) + [src] + [-1] * (len(ci) - 1)
    ids.append(tok.eos_id)
    mask.append(False)
    value.append(-1)
    point.append(-1)
    optional = lambda a: np.array(a, dtype=np.int32) if any(t >= 0 for t in a) else None
    return Doc(np.array(ids, dtype=np.int32), np.array(mask, dtype=bool), optional(value), optional(point))


def load_pools(tok: Tokenizer, data_dir: str, cache: str | None = None) -> dict[str, list[Doc]]:
    """Pools keyed "source" and "source@level"."""
    if cache and os.path.exists(cache):
        return torch.load(cache)
    pools: dict[str, list[Doc]] = {}
    for part in PARTS:
        for d in read_jsonl(os.path.join(data_dir, "corpus", f"{part}.jsonl")):
            doc = encode_doc(tok, d)
            pools.setdefault(d["source"], []).append(doc)
            if "level" in d:
                pools.setdefault(f"{d['source']}@{d['level']}", []).append(doc)
    if cache:
        torch.save(pools, cache)
    return pools


class Packer:
    """Fills rows of seq_len+1 tokens from a weighted mixture of pools. A document that does not
    fit in what is left of a row starts the next row (never silently dropped); the gap is padding
    with weight 0."""

    def __init__(self, pools: dict[str, list[Doc]], seq_len: int, prompt_weight: float, seed: int, pad_id: int):
        self.pools = pools
        self.seq_len = seq_len
        self.prompt_weight = prompt_weight
        self.rng = random.Random(seed)
        self.pad_id = pad_id
        self.carry: list[Doc] = []
        self.too_long = 0
        self.drawn: dict[str, int] = {}

    def state(self) -> dict:
        """What decides the next rows: the draw order, the documents carried over, the counters."""
        return {"rng": self.rng.getstate(), "carry": self.carry, "too_long": self.too_long, "drawn": self.drawn}

    def load_state(self, state: dict) -> None:
        self.rng.setstate(state["rng"])
        self.carry, self.too_long, self.drawn = state["carry"], state["too_long"], state["drawn"]

    def _draw(self, mixture: dict[str, float]) -> Doc:
        keys = list(mixture)
        key = self.rng.choices(keys, weights=[mixture[k] for k in keys])[0]
        self.drawn[key] = self.drawn.get(key, 0) + 1
        return self.rng.choice(self.pools[key])

    def row(self, mixture: dict[str, float]):
        n = self.seq_len + 1
        ids = np.full(n, self.pad_id, dtype=np.int64)
        w = np.zeros(n, dtype=np.float32)
        value = np.full(n, -1, dtype=np.int64)
        point = np.full(n, -1, dtype=np.int64)
        pos = 0
        waiting, self.carry = self.carry, []
        misses = 0
        # Carried documents go first; then draws until the row is full or 4 draws in a row missed
        # (a miss is carried, so the mixture is kept).
        while pos < n and misses < 4:
            doc = waiting.pop(0) if waiting else self._draw(mixture)
            L = len(doc.ids)
            if L > n:
                self.too_long += 1
                continue
            if pos + L > n:
                self.carry.append(doc)
                misses += 1
                continue
            ids[pos : pos + L] = doc.ids
            w[pos : pos + L] = np.where(doc.prompt_mask, self.prompt_weight, 1.0)
            if doc.value is not None:
                value[pos : pos + L] = doc.value
            if doc.point is not None:
                point[pos : pos + L] = np.where(doc.point >= 0, doc.point + pos, -1)
            pos += L
        self.carry = waiting + self.carry
        # Weight, value and point belong to the predicted token: targets are ids[1:]. A point is an
        # index into the row, which is also an index into its inputs ids[:-1].
        return ids, w, value, point

    def batch(self, mixture: dict[str, float], batch_size: int, with_value: bool = False):
        rows = [self.row(mixture) for _ in range(batch_size)]
        ids = torch.from_numpy(np.stack([r[0] for r in rows]))
        w = torch.from_numpy(np.stack([r[1] for r in rows]))
        if with_value:
            value, point = (torch.from_numpy(np.stack([r[k] for r in rows]))[:, 1:] for k in (2, 3))
            return ids[:, :-1], ids[:, 1:], w[:, 1:], value, point
        return ids[:, :-1], ids[:, 1:], w[:, 1:]
