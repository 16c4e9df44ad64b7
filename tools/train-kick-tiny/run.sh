#!/bin/sh
# The whole kick-tiny pipeline, from the repository root:  sh tools/train-kick-tiny/run.sh [MIN1] [MIN2]
# The suite hash is fixed by the KICK-world seed; training is seeded (--seed 0) but follows a time
# budget (MIN1 minutes of the two-stage curriculum, then MIN2 minutes of the focus mixture from that
# checkpoint), so a re-run matches the published scores within noise, not bit for bit.
set -e
MIN1=${1:-80}
MIN2=${2:-50}
npx tsx tools/kickworld-export.ts --out tools/train-kick-tiny/data --public public/kickworld
cd tools/train-kick-tiny
export OMP_WAIT_POLICY=PASSIVE
nice -n 15 /usr/bin/python3 build_tokenizer.py --data data --out runs/tok --vocab 2048
nice -n 15 /usr/bin/python3 train.py --data data --run runs/main --minutes "$MIN1" --eval-every 800
nice -n 15 /usr/bin/python3 train.py --data data --run runs/phase2 --init runs/main/model.pt --stage focus \
  --minutes "$MIN2" --lr 1e-3 --warmup 50 --eval-every 100000
nice -n 15 /usr/bin/python3 export.py --run runs/phase2 --out ../../public/models/kick-tiny --fixture fixtures/greedy.json
cd ../..
# The card's table, with the lab's own runner.
npx tsx tools/train-kick-tiny/finding.ts --limit 50
