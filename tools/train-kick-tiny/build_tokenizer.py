"""Trains the byte-level BPE on the exported corpus and writes tokenizer.json + tokenizer_config.json.

  python3 build_tokenizer.py --data data --out runs/tok --vocab 2048
"""
import argparse
import json
import os
import time

from bpe import Tokenizer, train_bpe
from data import tokenizer_sample


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="data")
    ap.add_argument("--out", required=True)
    ap.add_argument("--vocab", type=int, default=2048)
    ap.add_argument("--max-len", type=int, default=512)
    a = ap.parse_args()
    t0 = time.time()
    texts = tokenizer_sample(a.data)
    merges = train_bpe(texts, a.vocab)
    tok = Tokenizer.from_merges(merges)
    tj, tc = tok.to_json(a.max_len)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "tokenizer.json"), "w") as f:
        json.dump(tj, f, ensure_ascii=False)
    with open(os.path.join(a.out, "tokenizer_config.json"), "w") as f:
        json.dump(tc, f, indent=1)
    chars = sum(len(t) for t in texts)
    toks = sum(len(tok.encode(t)) for t in texts)
    print(f"vocab {len(tok.vocab)} merges {len(merges)} chars/token {chars / toks:.2f} in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
