"""Seeds an induction circuit into a freshly initialised kick-tiny, so that in-context copying works
from the first steps instead of after a long plateau.

Why: from a plain initialisation this model sits on the induction plateau for its whole budget. On
repeated random token sequences (the cleanest copying signal there is) it still predicted 0% of the
repeat after 900 steps; seeded, 89% after 100 steps and 94% after 200. Open-book retrieval,
recall lists and 4-choice letters all need to find an earlier token and copy what is next to it.

The circuit is written into ordinary Llama weights; training then adapts it like any other weight:
- embeddings are drawn with std 1 (RMSNorm makes the scale free), and one residual dimension is a
  constant across tokens;
- layer 0, head 0 reads only that constant for its queries and keys, with rotary phases that peak
  one position back: a previous-token head. Its values carry the previous token's embedding
  (the first head_dim dimensions) into a subspace reserved for it (the last head_dim dimensions);
- layer 1, head 0 matches the current token against that previous-token copy, through the slowest
  rotary pairs only so that the match hardly depends on distance, and writes the matched
  position's own embedding back to the residual;
- the output head starts as a scaled copy of the embeddings, so that writing a token's embedding
  raises that token's logit.
"""
from __future__ import annotations

import math

import torch

from model import LlamaForCausalLM

EMBED_STD = 1.0
CONST_DIM = 0
CONST_VALUE = 15.0 * EMBED_STD  # ~11 after RMSNorm: queries and keys of the previous-token head
PREV_SHARPNESS = 8.0  # rotary amplitude: attention one back is ~e^8 above any other position
MATCH_GAIN = 6.0
COPY_GAIN = 3.0
HEAD_INIT_STD = 0.02


def _rope_inv_freq(head_dim: int, theta: float) -> torch.Tensor:
    return 1.0 / (theta ** (torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim))


@torch.no_grad()
def seed_induction(model: LlamaForCausalLM) -> None:
    cfg = model.cfg
    d, half, hidden = cfg.head_dim, cfg.head_dim // 2, cfg.hidden_size
    own = slice(1, 1 + d)  # the token's own embedding dimensions that the circuit moves
    prev = slice(hidden - d, hidden)  # where the previous token's copy is written
    if prev.start < own.stop:
        raise ValueError("seed_induction needs hidden_size >= 2 * head_dim + 1")

    embed = model.model.embed_tokens.weight
    embed.normal_(0.0, EMBED_STD)
    embed[:, prev] = 0.0
    embed[:, CONST_DIM] = CONST_VALUE
    rms = math.sqrt((CONST_VALUE**2 + (hidden - 1 - d) * EMBED_STD**2) / hidden)
    const_normed = CONST_VALUE / rms

    # Layer 0, head 0: q and k read the constant only; k's rotary phase is one step ahead, so
    # q(m).k(n) = A^2 * sum_i cos((m - n - 1) * freq_i), largest at n = m - 1.
    inv_freq = _rope_inv_freq(d, cfg.rope_theta)
    a0 = model.model.layers[0].self_attn
    heads0 = slice(0, d)
    for w in (a0.q_proj.weight, a0.k_proj.weight, a0.v_proj.weight):
        w[heads0] = 0.0
    a0.q_proj.weight[:half, CONST_DIM] = PREV_SHARPNESS / const_normed
    a0.k_proj.weight[:half, CONST_DIM] = PREV_SHARPNESS * torch.cos(inv_freq) / const_normed
    a0.k_proj.weight[half:d, CONST_DIM] = PREV_SHARPNESS * torch.sin(inv_freq) / const_normed
    a0.v_proj.weight[heads0, own] = torch.eye(d)
    a0.o_proj.weight[:, heads0] = 0.0
    a0.o_proj.weight[prev, heads0] = torch.eye(d)

    # Layer 1, head 0: current token (own dims) against the previous-token copy (prev dims) on the
    # slowest rotary pairs, then copy the matched position's own dims forward.
    a1 = model.model.layers[1].self_attn
    for w in (a1.q_proj.weight, a1.k_proj.weight, a1.v_proj.weight):
        w[heads0] = 0.0
    a1.o_proj.weight[:, heads0] = 0.0
    slow = [j for i in range(3 * half // 4, half) for j in (i, i + half)]
    for j in slow:
        a1.q_proj.weight[j, own.start + j] = MATCH_GAIN
        a1.k_proj.weight[j, prev.start + j] = MATCH_GAIN
    a1.v_proj.weight[heads0, own] = torch.eye(d)
    a1.o_proj.weight[own, heads0] = COPY_GAIN * torch.eye(d)

    model.lm_head.weight.copy_(embed * (HEAD_INIT_STD / EMBED_STD))


def repeat_accuracy(model: LlamaForCausalLM, steps: int = 4, batch: int = 16, seed: int = 0) -> float:
    """Share of the second copy of random token sequences (8-39 tokens) predicted right."""
    g = torch.Generator().manual_seed(seed)
    hits = total = 0
    with torch.no_grad():
        for _ in range(steps * batch):
            n = int(torch.randint(8, 40, (), generator=g))
            body = torch.randint(2, model.cfg.vocab_size, (n,), generator=g)
            x = torch.cat([torch.zeros(1, dtype=torch.long), body, body])[None]
            logits, _ = model(x[:, :-1])
            pred = logits[0, n + 1 :].argmax(-1)
            hits += int((pred == x[0, n + 2 :]).sum())
            total += n - 1
    return hits / total


if __name__ == "__main__":
    from model import LlamaConfig

    torch.manual_seed(0)
    plain = LlamaForCausalLM(LlamaConfig())
    seeded = LlamaForCausalLM(LlamaConfig())
    seed_induction(seeded)
    print(f"repeat accuracy at initialisation: plain {100 * repeat_accuracy(plain.eval()):.0f}%, "
          f"seeded {100 * repeat_accuracy(seeded.eval()):.0f}%")
