#!/bin/sh
# The whole kick-tiny pipeline, from the repository root:  sh tools/train-kick-tiny/run.sh [steps]
# Seeded end to end: the suite hash is fixed by the KICK-world seed; training uses --seed 0.
set -e
STEPS=${1:-6000}
npx tsx tools/kickworld-export.ts --out tools/train-kick-tiny/data --public public/kickworld
cd tools/train-kick-tiny
export OMP_WAIT_POLICY=PASSIVE
nice -n 15 /usr/bin/python3 build_tokenizer.py --data data --out runs/tok --vocab 2048
nice -n 15 /usr/bin/python3 train.py --data data --run runs/main --steps "$STEPS"
nice -n 15 /usr/bin/python3 evaluate.py --run runs/main --prune 0,0.3,0.5,0.7
nice -n 15 /usr/bin/python3 export.py --run runs/main --out ../../public/models/kick-tiny --fixture fixtures/greedy.json
