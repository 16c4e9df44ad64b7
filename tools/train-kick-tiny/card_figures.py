"""Prints the model card's tables (training curve, scores, pruning curve) as Markdown.

  python3 card_figures.py --run runs/main --eval runs/main/eval-XXXX.json
"""
import argparse
import json

BARS = {"factoid": ">= 0.90", "mcr": ">= 0.85", "icr_open": ">= 0.85", "icr_closed": "near chance", "instruction": ">= 0.80",
        "summarization": ">= 0.70", "perplexity": "-"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--eval", default="", help="evaluate.py's output (optional: the lab's finding.ts measures the card's table)")
    a = ap.parse_args()
    log = json.load(open(f"{a.run}/log.json"))
    losses = [e for e in log["log"] if "loss" in e]
    # With --chain the logged loss is the language-model loss plus the weighted chain terms; the
    # card shows them apart.
    terms = [k for k in ("value", "ask", "letter", "point", "open", "copy") if any(k in e for e in losses)]
    weight = log["args"].get("chain_weight", 1.0)
    print("| step | tokens | minutes | loss | " + "".join(f"{k} | " for k in terms) + "tokens/s |\n|---|---|---|---|" + "---|" * len(terms) + "---|")
    for e in losses[:: max(1, len(losses) // 12)] + [losses[-1]]:
        lm = e["loss"] - weight * sum(e.get(k, 0.0) for k in terms)
        print(f"| {e['step']} | {e['tokens'] / 1e6:.2f} M | {e['minutes']} | {lm:.3f} | " + "".join(f"{e[k]:.3f} | " if k in e else "- | " for k in terms) + f"{e['tok_s']} |")
    evals = [e for e in log["log"] if "eval" in e]
    if evals:
        print("\n| step | minutes | " + " | ".join(evals[0]["eval"]) + " |\n|---|---|" + "---|" * len(evals[0]["eval"]))
        for e in evals:
            print(f"| {e['step']} | {e['minutes']} | " + " | ".join(f"{100 * v['strict']:.1f}%" for v in e["eval"].values()) + " |")
    if not a.eval:
        return
    ev = json.load(open(a.eval))
    levels = [k for k in ev if k.startswith("magnitude_")]
    print("\n| task | metric | bar | " + " | ".join(l.replace("magnitude_", "magnitude ") for l in levels) + " |")
    print("|---|---|---|" + "---|" * len(levels))
    tasks = ev[levels[0]].keys()
    for t in tasks:
        for metric in ev[levels[0]][t]:
            vals = [ev[l].get(t, {}).get(metric) for l in levels]
            cells = " | ".join("-" if v is None else (f"{v:.2f}" if metric == "ppl" else f"{100 * v:.1f}%") for v in vals)
            print(f"| {t} | {metric} | {BARS.get(t, '') if metric in ('strict', 'ppl') else ''} | {cells} |")


if __name__ == "__main__":
    main()
