#!/usr/bin/env python3
"""Writes test/interop/fixtures/upstream-fields.json: the recipe and task-config vocabulary the
exported folder may use, read from the upstream sources themselves.

- llm-compressor: the modifier classes a KICK Lab recipe names, with every public field of the
  class and its bases (pydantic fields: annotated class attributes, not private, not ending in _);
- compressed-tensors: QuantizationScheme and QuantizationArgs fields (a recipe's config_groups);
- lm-evaluation-harness: TaskConfig, FewshotConfig, GroupConfig and AggMetricConfig fields (the
  keys a task or group YAML may carry; `include` is the YAML loader's own key).

Each source is a git directory (a mirror or a clone) read at a commit with `git show`, so no
checkout is needed:

  python3 tools/interop/extract_upstream_fields.py \
    --llm-compressor /path/llm-compressor.git@<commit> \
    --compressed-tensors /path/compressed-tensors.git@<commit> \
    --lm-eval /path/lm-evaluation-harness.git@<commit> > test/interop/fixtures/upstream-fields.json
"""
import argparse
import ast
import json
import subprocess

LLMC_FILES = [
    "src/llmcompressor/modifiers/modifier.py",
    "src/llmcompressor/modifiers/interface.py",
    "src/llmcompressor/modifiers/utils/hooks.py",
    "src/llmcompressor/modifiers/pruning/sparsegpt/sgpt_base.py",
    "src/llmcompressor/modifiers/pruning/sparsegpt/base.py",
    "src/llmcompressor/modifiers/pruning/wanda/base.py",
    "src/llmcompressor/modifiers/pruning/magnitude/base.py",
    "src/llmcompressor/modifiers/pruning/utils/pytorch/layer_mask.py",
    "src/llmcompressor/modifiers/gptq/base.py",
    "src/llmcompressor/modifiers/transform/awq/base.py",
    "src/llmcompressor/modifiers/quantization/quantization/base.py",
    "src/llmcompressor/modifiers/quantization/quantization/mixin.py",
]
MODIFIERS = [
    "SparseGPTModifier",
    "WandaPruningModifier",
    "MagnitudePruningModifier",
    "GPTQModifier",
    "AWQModifier",
    "QuantizationModifier",
]
CT_FILES = [
    "src/compressed_tensors/quantization/quant_args.py",
    "src/compressed_tensors/quantization/quant_scheme.py",
]
LM_EVAL_FILES = ["lm_eval/config/task.py", "lm_eval/config/group.py"]


def split_ref(ref):
    git_dir, _, commit = ref.rpartition("@")
    return git_dir, commit


def resolve_commit(git_dir, commit):
    out = subprocess.run(["git", "--git-dir", git_dir, "rev-parse", commit], check=True, capture_output=True, text=True)
    return out.stdout.strip()


def read(git_dir, commit, path):
    out = subprocess.run(["git", "--git-dir", git_dir, "show", f"{commit}:{path}"], check=True, capture_output=True, text=True)
    return out.stdout


def classes_of(source):
    """name -> (base names, public annotated field names) for every top-level class."""
    found = {}
    for node in ast.parse(source).body:
        if not isinstance(node, ast.ClassDef):
            continue
        bases = [b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases]
        fields = []
        for item in node.body:
            if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                name = item.target.id
                # pydantic treats _x as private; llm-compressor keeps runtime state in x_ fields.
                if name.startswith("_") or name.endswith("_") or name == "model_config":
                    continue
                fields.append(name)
        found[node.name] = (bases, fields)
    return found


def all_fields(name, classes, seen=()):
    if name not in classes or name in seen:
        return []
    bases, own = classes[name]
    inherited = [f for b in bases for f in all_fields(b, classes, seen + (name,))]
    return sorted(set(inherited + own))


def gather(ref, files):
    git_dir, commit = split_ref(ref)
    full = resolve_commit(git_dir, commit)
    classes = {}
    for path in files:
        classes.update(classes_of(read(git_dir, full, path)))
    return full, classes


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--llm-compressor", required=True)
    parser.add_argument("--compressed-tensors", required=True)
    parser.add_argument("--lm-eval", required=True)
    args = parser.parse_args()

    llmc_commit, llmc = gather(args.llm_compressor, LLMC_FILES)
    ct_commit, ct = gather(args.compressed_tensors, CT_FILES)
    lme_commit, lme = gather(args.lm_eval, LM_EVAL_FILES)
    for name in MODIFIERS:
        if name not in llmc:
            raise SystemExit(f"{name} not found in llm-compressor at {llmc_commit}")
    out = {
        "llm-compressor": {
            "repository": "vllm-project/llm-compressor",
            "commit": llmc_commit,
            "modifiers": {name: all_fields(name, llmc) for name in MODIFIERS},
        },
        "compressed-tensors": {
            "repository": "vllm-project/compressed-tensors",
            "commit": ct_commit,
            "QuantizationScheme": all_fields("QuantizationScheme", ct),
            "QuantizationArgs": all_fields("QuantizationArgs", ct),
        },
        "lm-evaluation-harness": {
            "repository": "EleutherAI/lm-evaluation-harness",
            "commit": lme_commit,
            "TaskConfig": all_fields("TaskConfig", lme),
            "FewshotConfig": all_fields("FewshotConfig", lme),
            "GroupConfig": all_fields("GroupConfig", lme),
            "AggMetricConfig": all_fields("AggMetricConfig", lme),
        },
    }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
