"""Auxiliary targets along the 4-choice chain: recall the value, know each option's letter, point
from "Answer:" to the option that holds the value.

Why: trained on the answer letter alone, kick-tiny never answers 4-choice questions from memory.
It knows the facts (a cloze over the options is right 100% of the time) and binds letters to values
it can see, but the chain recall -> compare -> letter is never found: the letter loss stays at
ln 4. Supervising the chain's three links inside the network makes it form (letter_drill.py:
suite 4-choice 20% -> 60-69% in 475 steps on the published model). The targets are training
signals only: the exported model is an ordinary Llama and answers from its weights alone.

  value   layer Lv's output at "Answer:", read through the final norm and the output head, names
          the right option's first token (the recalled value, where the letter is decided);
  letter  layer Ll's output at each option's first token names that option's letter (" B"), so
          the letter is where the value is;
  point   head H of layer Lp attends from "Answer:" to the right option's first token;
  open    the same head also attends, at each open-book answer, to the passage token the answer is
          copied from: one head finds the answer in both tasks (and carries the value or, through
          the letter target, the option's letter) instead of being taken from open book for 4-choice;
  open=L:H  that open-book target on head H of layer L instead, so the two tasks do not share a head;
  ask     layer La's output where the question ends (the newline before "A."), read like value, names
          the right option's first token: recall where a closed-book question recalls it, before
          the options, for "Answer:" to find.
  copy    with open=L:H, that head's own output at each open-book answer, read through the final
          norm and the output head, names the token it points at. Trained as open=3:2 the head
          points right on 97% of the suite's questions and writes nothing that names the answer,
          which comes from layer 1's induction head (open_probe.py); copy was to make the head that
          finds the answer write it, but layer 3's head does not learn to (loss 5.7 -> 3.3-3.8 in
          1,700 steps) and open book fell. Pointing layer 1's head instead (open=1:0) works: a
          1,000-step continuation of a 50% model reaches 88% (pointing head 3:2 there: 53%).
  key     all of them on each option's key token (the first that no other option of its question
          has at the same offset) instead of its first token: river options all begin " the", so a
          first-token target cannot tell them apart.
"""
from __future__ import annotations

import dataclasses

import torch
import torch.nn.functional as F

from evaluate import LETTERS, letter_ids
from model import LlamaForCausalLM, apply_rotary


@dataclasses.dataclass
class OptionTargets:
    """One row per option of every answered 4-choice question in a batch."""
    pos: torch.Tensor  # [N, 2] (row, position of the option's first token)
    right: torch.Tensor  # [N] the option is the answer
    asked: torch.Tensor  # [N] position of the "Answer:" token that answers its question
    letter: torch.Tensor  # [N] the option's own letter, 0-3
    ended: torch.Tensor  # [N] position of the newline that ends its question, before "A."
    key: torch.Tensor  # [N] position of the option's first token no other option has at that offset


def option_targets(tok, x: torch.Tensor, y: torch.Tensor, value: torch.Tensor) -> OptionTargets:
    """Finds "\\nB. <first token>" in each row; the answer letter that follows the options (where
    `value` >= 0, y holding the letter) says which option is right."""
    nl, dot = tok.encode("\n")[0], tok.encode(".")[0]
    plain = {tok.encode(l)[0]: i for i, l in enumerate(LETTERS)}
    spaced = {t: i for i, t in enumerate(letter_ids(tok))}
    pos, right, asked, letter, ended, key = [], [], [], [], [], []
    for b in range(x.shape[0]):
        row, options = x[b].tolist(), []
        answers = set((value[b] >= 0).nonzero().flatten().tolist())
        for t in range(2, len(row)):
            if row[t - 2] == nl and row[t - 1] in plain and row[t] == dot and t + 1 < len(row):
                options.append((t + 1, plain[row[t - 1]]))
            if t in answers:
                answer = spaced.get(int(y[b, t]), -1)
                # -1 when the row begins after the question (packing cut it off)
                end = options[0][0] - 3 if options and options[0][1] == 0 else -1
                keys = key_offsets([option_span(row, p, nl) for p, _ in options])
                for (p, l), k in zip(options, keys):
                    pos.append((b, p))
                    right.append(l == answer)
                    asked.append(t)
                    letter.append(l)
                    ended.append(end)
                    key.append(p + k)
                options = []
    return OptionTargets(torch.tensor(pos, dtype=torch.long).reshape(-1, 2), torch.tensor(right, dtype=torch.bool),
                         torch.tensor(asked, dtype=torch.long), torch.tensor(letter, dtype=torch.long),
                         torch.tensor(ended, dtype=torch.long), torch.tensor(key, dtype=torch.long))


def option_span(row: list[int], start: int, nl: int) -> list[int]:
    """An option's tokens: from its first to the end of its line (or of the row)."""
    end = start
    while end < len(row) and row[end] != nl:
        end += 1
    return row[start:end]


def key_offsets(spans: list[list[int]]) -> list[int]:
    """Per option, the first offset where its token differs from every other option's token there
    (an option that has ended differs); 0 when there is none (an option that is a prefix of another)."""
    out = []
    for i, span in enumerate(spans):
        others = [s for j, s in enumerate(spans) if j != i]
        out.append(next((k for k, tok in enumerate(span) if all(k >= len(s) or s[k] != tok for s in others)), 0))
    return out


def head_scores(attn, args: tuple, head: int) -> torch.Tensor:
    """Pre-softmax attention scores of one head, [batch, query, key], from the attention's inputs."""
    x, cos, sin = args[:3]
    d = attn.cfg.head_dim
    rows = slice(head * d, (head + 1) * d)
    q = apply_rotary(F.linear(x, attn.q_proj.weight[rows]), cos[:, 0], sin[:, 0])
    k = apply_rotary(F.linear(x, attn.k_proj.weight[rows]), cos[:, 0], sin[:, 0])
    causal = torch.ones(x.shape[1], x.shape[1], dtype=torch.bool).tril()
    return (q @ k.transpose(1, 2) / d**0.5).masked_fill(~causal, float("-inf"))


def head_output(attn, args: tuple, head: int, scores: torch.Tensor | None = None) -> torch.Tensor:
    """One head's contribution to the residual stream, [batch, query, hidden]: its attention over
    its values, through its columns of the output projection."""
    x = args[0]
    d = attn.cfg.head_dim
    rows = slice(head * d, (head + 1) * d)
    if scores is None:
        scores = head_scores(attn, args, head)
    v = F.linear(x, attn.v_proj.weight[rows])
    return F.linear(torch.softmax(scores.float(), -1).to(v.dtype) @ v, attn.o_proj.weight[:, rows])


@dataclasses.dataclass
class ChainConfig:
    value_layer: int = -1
    letter_layer: int = -1
    ask_layer: int = -1
    point_layer: int = -1
    point_head: int = 1
    open_layer: int = -1
    open_head: int = 0
    key: bool = False
    copy: bool = False

    @staticmethod
    def parse(spec: str) -> "ChainConfig":
        """"value=1,letter=1,point=2:1[,open|,open=3:2[,copy]][,ask=1][,key]" (layer, and head for point and open); "" for none."""
        cfg, shared_open = ChainConfig(), False
        for part in filter(None, spec.split(",")):
            key, _, val = part.partition("=")
            layer, _, head = val.partition(":")
            if key == "open" and not val:
                shared_open = True
            elif key in ("key", "copy") and not val:
                setattr(cfg, key, True)
            elif key in ("point", "open"):
                setattr(cfg, f"{key}_layer", int(layer))
                setattr(cfg, f"{key}_head", int(head or getattr(cfg, f"{key}_head")))
            elif key in ("value", "letter", "ask"):
                setattr(cfg, f"{key}_layer", int(val))
            else:
                raise ValueError(f"unknown chain target {key!r} in {spec!r}")
        if shared_open:
            cfg.open_layer, cfg.open_head = cfg.point_layer, cfg.point_head
        if cfg.copy and (cfg.open_layer < 0 or cfg.shared_head):
            raise ValueError(f"copy needs an open-book head of its own (open=L:H) in {spec!r}")
        return cfg

    @property
    def shared_head(self) -> bool:
        """The open-book target trains the 4-choice pointing head, in one loss with it."""
        return (self.open_layer, self.open_head) == (self.point_layer, self.point_head)

    @property
    def active(self) -> bool:
        return max(self.value_layer, self.letter_layer, self.ask_layer, self.point_layer, self.open_layer) >= 0


class ChainTargets:
    """Hooks the layers the targets read; `losses` gives the terms for the last forward pass."""

    def __init__(self, model: LlamaForCausalLM, tok, cfg: ChainConfig):
        self.model, self.tok, self.cfg = model, tok, cfg
        self.seen: dict = {}
        layers = model.model.layers
        for name, layer in (("value", cfg.value_layer), ("letter", cfg.letter_layer), ("ask", cfg.ask_layer)):
            if layer >= 0:
                layers[layer].register_forward_hook(lambda _m, _i, out, name=name: self.seen.__setitem__(name, out[0]))
        for name, layer in (("point", cfg.point_layer), ("open", cfg.open_layer)):
            if layer >= 0 and not (name == "open" and cfg.shared_head):
                layers[layer].self_attn.register_forward_pre_hook(lambda _m, args, name=name: self.seen.__setitem__(name, args))
        self.letters = letter_ids(tok)

    def losses(self, x: torch.Tensor, y: torch.Tensor, value: torch.Tensor,
               point: torch.Tensor | None = None, due: set[str] | None = None) -> dict[str, torch.Tensor]:
        """point: the packer's open-book pointing targets, used with the "open" option;
        due: the terms to compute (all configured ones when None)."""
        m, cfg, out = self.model, self.cfg, {}
        wants = lambda term, layer: layer >= 0 and (due is None or term in due)
        at = value >= 0
        answered = bool(at.any())
        needs_options = (wants("letter", cfg.letter_layer) or wants("ask", cfg.ask_layer) or wants("point", cfg.point_layer)
                         or (cfg.key and wants("value", cfg.value_layer)))
        o = option_targets(self.tok, x, y, value) if answered and needs_options else None
        # Where each option is read and what the recalled value is: its first token, or with
        # `key` its key token (the packer's `value` holds the right option's first token).
        where = (o.key if cfg.key else o.pos[:, 1]) if o is not None else None
        if answered and wants("value", cfg.value_layer) and not cfg.key:
            out["value"] = self._recall("value", at.nonzero(as_tuple=True), value[at])
        if o is not None and o.right.any() and wants("value", cfg.value_layer) and cfg.key:
            rows = o.pos[o.right, 0]
            out["value"] = self._recall("value", (rows, o.asked[o.right]), x[rows, where[o.right]])
        if o is not None and len(o.pos) and wants("letter", cfg.letter_layer):
            h = m.model.norm(self.seen["letter"][o.pos[:, 0], where])
            out["letter"] = F.cross_entropy((h @ m.lm_head.weight[self.letters].T).float(), o.letter)
        ended = o.right & (o.ended >= 0) if o is not None else None
        if ended is not None and ended.any() and wants("ask", cfg.ask_layer):
            rows = o.pos[ended, 0]
            target = x[rows, where[ended]] if cfg.key else value[rows, o.asked[ended]]
            out["ask"] = self._recall("ask", (rows, o.ended[ended]), target)
        # (row, query, key) of every pointing target: 4-choice answers to the right option,
        # open-book answers to their source in the passage.
        pointing = []
        if o is not None and o.right.any() and wants("point", cfg.point_layer):
            r = o.right
            pointing.append((o.pos[r, 0], o.asked[r], where[r]))
        opening = []
        if point is not None and (point >= 0).any() and wants("open", cfg.open_layer):
            b, t = (point >= 0).nonzero(as_tuple=True)
            opening.append((b, t, point[b, t]))
        if cfg.shared_head:
            pointing, opening = pointing + opening, []
        if pointing:
            out["point"] = self._pointing("point", cfg.point_layer, cfg.point_head, pointing)
        if opening:
            out["open"] = self._pointing("open", cfg.open_layer, cfg.open_head, opening, inputs=x if cfg.copy else None)
            if cfg.copy:
                out["open"], out["copy"] = out["open"]
        return out

    def _recall(self, seen: str, at: tuple[torch.Tensor, torch.Tensor], tokens: torch.Tensor) -> torch.Tensor:
        """Cross-entropy of a layer's output at (rows, positions), read through the final norm and
        the output head, against the tokens it should name."""
        h = self.model.model.norm(self.seen[seen][at])
        return F.cross_entropy((h @ self.model.lm_head.weight.T).float(), tokens)

    def _pointing(self, seen: str, layer: int, head: int, targets: list, inputs: torch.Tensor | None = None):
        """Cross-entropy of one head's attention from each (row, query) to its target key; given the
        input tokens (the copy target), also that of the head's own output there, read through the
        final norm and the output head, against the token at the key."""
        rows, queries, keys = (torch.cat(parts) for parts in zip(*targets))
        attn = self.model.model.layers[layer].self_attn
        scores = head_scores(attn, self.seen[seen], head)
        pointing = F.cross_entropy(scores[rows, queries].float(), keys)
        if inputs is None:
            return pointing
        own = head_output(attn, self.seen[seen], head, scores)[rows, queries]
        logits = self.model.model.norm(own) @ self.model.lm_head.weight.T
        tokens = inputs[rows, keys]
        return pointing, F.cross_entropy(logits.float(), tokens)
