#!/bin/sh
# The whole kick-tiny pipeline, from the repository root:  sh tools/train-kick-tiny/run.sh [STEPS]
# The suite hash is fixed by the KICK-world seed; training is seeded (--seed 0) and follows a step
# budget, so a re-run on the same CPU model with two threads trains the same model bit for bit; on
# another CPU model the kernels round differently and the two runs drift apart (log.json records the
# machine; the model card reports how far: open book is the score that varies).
# 6,692 steps (27.4 M tokens) take 78-85 minutes on two unshared cores; where the cores are
# shared the run takes longer (train.py logs its eta_minutes) but its result is the same.
# A stopped run continues from its checkpoint: the same train.py command plus --resume.
# Needs Node (npm ci) and Debian's python3-torch, python3-onnx and libopenblas0-pthread.
set -e
STEPS=${1:-6692}
npx tsx tools/kickworld-export.ts --out tools/train-kick-tiny/data --public public/kickworld
cd tools/train-kick-tiny
export OMP_WAIT_POLICY=PASSIVE
rm -rf runs/tok runs/main
python=/usr/bin/python3
$python build_tokenizer.py --data data --out runs/tok --vocab 2048
# The 4-choice chain targets (chain.py) join after 45% of the run, once the facts are known;
# open-book pointing trains the head that writes open-book answers, layer 1's induction head
# (open=1:0; open_probe.py), apart from the 4-choice pointing head (point=3:1); ask=1
# recalls the value where the question ends, before its options; key names each option by its first
# token that no other option has, so options that start alike ("the Tenak River", "the Tugel
# River") are told apart. After the skills stage the open-book documents have 3-4 passages, as the
# suite's do (--main-open-levels 2,3). Warm-up is 1/30 of the run.
$python train.py --data data --run runs/main --steps "$STEPS" --warmup $((STEPS / 30)) --eval-every 1500 \
  --chain value=2,letter=2,point=3:1,open=1:0,ask=1,key --chain-from 0.45 --main-open-levels 2,3
$python export.py --run runs/main --out ../../public/models/kick-tiny --fixture fixtures/greedy.json
cd ../..
# The card's table, with the lab's own runner.
npx tsx tools/train-kick-tiny/finding.ts --limit 50
