"""Byte-level BPE (GPT-2 style) trained on the KICK-world corpus, written as a tokenizer.json that
transformers.js and Hugging Face tokenizers read. No third-party tokenizer library is needed.

Pre-tokenisation follows the GPT-2 pattern; the corpus is ASCII, where `[A-Za-z]` and `[0-9]`
are exactly the pattern's \\p{L} and \\p{N}, so Python's `re` splits text as the ByteLevel
pre-tokenizer of transformers.js does.
"""
from __future__ import annotations

import collections
import json
import re

PRETOKEN = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[A-Za-z]+| ?[0-9]+| ?[^\sA-Za-z0-9]+|\s+(?!\S)|\s+""")
BOS, EOS = "<s>", "</s>"
SPECIALS = [BOS, EOS]


def bytes_to_unicode() -> dict[int, str]:
    """GPT-2's reversible map from bytes to printable characters."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


BYTE_TO_CHAR = bytes_to_unicode()
CHAR_TO_BYTE = {c: b for b, c in BYTE_TO_CHAR.items()}


def pretokens(text: str) -> list[str]:
    return ["".join(BYTE_TO_CHAR[b] for b in piece.encode("utf-8")) for piece in PRETOKEN.findall(text)]


def train_bpe(texts, vocab_size: int) -> list[tuple[str, str]]:
    """Classic BPE on pre-token frequencies, with incremental pair counts. Ties break on the pair
    itself so training is deterministic."""
    freq = collections.Counter()
    for t in texts:
        freq.update(pretokens(t))
    words = [list(w) for w in freq]
    counts = list(freq.values())
    pairs = collections.Counter()
    where = collections.defaultdict(set)
    for i, w in enumerate(words):
        for a, b in zip(w, w[1:]):
            pairs[(a, b)] += counts[i]
            where[(a, b)].add(i)
    merges = []
    n_merges = vocab_size - len(SPECIALS) - 256
    for _ in range(n_merges):
        if not pairs:
            break
        best = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))[0]
        if pairs[best] < 2:
            break
        merges.append(best)
        a, b = best
        for i in list(where[best]):
            w = words[i]
            c = counts[i]
            for x, y in zip(w, w[1:]):
                pairs[(x, y)] -= c
                if pairs[(x, y)] <= 0:
                    del pairs[(x, y)]
                where[(x, y)].discard(i)
            out = []
            j = 0
            while j < len(w):
                if j + 1 < len(w) and w[j] == a and w[j + 1] == b:
                    out.append(a + b)
                    j += 2
                else:
                    out.append(w[j])
                    j += 1
            words[i] = out
            for x, y in zip(out, out[1:]):
                pairs[(x, y)] += c
                where[(x, y)].add(i)
        where.pop(best, None)
    return merges


class Tokenizer:
    def __init__(self, vocab: dict[str, int], merges: list[tuple[str, str]]):
        self.vocab = vocab
        self.inv = {i: t for t, i in vocab.items()}
        self.merges = merges
        self.ranks = {m: r for r, m in enumerate(merges)}
        self.cache: dict[str, list[int]] = {}
        self.bos_id = vocab[BOS]
        self.eos_id = vocab[EOS]

    @classmethod
    def from_merges(cls, merges):
        vocab = {s: i for i, s in enumerate(SPECIALS)}
        for b in range(256):
            vocab[BYTE_TO_CHAR[b]] = len(vocab)
        for a, b in merges:
            vocab.setdefault(a + b, len(vocab))
        return cls(vocab, merges)

    @classmethod
    def load(cls, path: str) -> "Tokenizer":
        with open(path) as f:
            tj = json.load(f)
        merges = [tuple(m.split(" ")) if isinstance(m, str) else tuple(m) for m in tj["model"]["merges"]]
        vocab = dict(tj["model"]["vocab"])
        return cls(vocab, merges)

    def _bpe(self, piece: str) -> list[int]:
        hit = self.cache.get(piece)
        if hit is not None:
            return hit
        w = list(piece)
        while len(w) > 1:
            ranked = [(self.ranks.get((x, y), 1 << 30), k) for k, (x, y) in enumerate(zip(w, w[1:]))]
            r, k = min(ranked)
            if r == 1 << 30:
                break
            a, b = self.merges[r]
            out = []
            j = 0
            while j < len(w):
                if j + 1 < len(w) and w[j] == a and w[j + 1] == b:
                    out.append(a + b)
                    j += 2
                else:
                    out.append(w[j])
                    j += 1
            w = out
        ids = [self.vocab[t] for t in w]
        if len(self.cache) < 500_000:
            self.cache[piece] = ids
        return ids

    def encode(self, text: str, bos: bool = False) -> list[int]:
        ids = [self.bos_id] if bos else []
        for p in pretokens(text):
            ids.extend(self._bpe(p))
        return ids

    def decode(self, ids) -> str:
        data = bytearray()
        for i in ids:
            t = self.inv[int(i)]
            if t in SPECIALS:
                continue
            data.extend(CHAR_TO_BYTE[c] for c in t)
        return data.decode("utf-8", errors="replace")

    def to_json(self, model_max_length: int) -> tuple[dict, dict]:
        added = [
            {"id": self.vocab[s], "content": s, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True}
            for s in SPECIALS
        ]
        tokenizer = {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": added,
            "normalizer": None,
            "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
            # Every sequence starts with <s>, as in training.
            "post_processor": {
                "type": "TemplateProcessing",
                "single": [{"SpecialToken": {"id": BOS, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
                "pair": [
                    {"SpecialToken": {"id": BOS, "type_id": 0}},
                    {"Sequence": {"id": "A", "type_id": 0}},
                    {"SpecialToken": {"id": BOS, "type_id": 1}},
                    {"Sequence": {"id": "B", "type_id": 1}},
                ],
                "special_tokens": {BOS: {"id": BOS, "ids": [self.bos_id], "tokens": [BOS]}},
            },
            "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
            "model": {
                "type": "BPE",
                "dropout": None,
                "unk_token": None,
                "continuing_subword_prefix": "",
                "end_of_word_suffix": "",
                "fuse_unk": False,
                "byte_fallback": False,
                "ignore_merges": False,
                "vocab": self.vocab,
                "merges": [f"{a} {b}" for a, b in self.merges],
            },
        }
        config = {
            "tokenizer_class": "PreTrainedTokenizerFast",
            "bos_token": BOS,
            "eos_token": EOS,
            "pad_token": EOS,
            "unk_token": None,
            "add_bos_token": True,
            "add_eos_token": False,
            "clean_up_tokenization_spaces": False,
            "model_max_length": model_max_length,
        }
        return tokenizer, config
