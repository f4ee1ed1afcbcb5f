#!/usr/bin/env bash
# Times the official MoBY code (../shared/reference/official-code: Transformer-SSL + timm 0.4.5 on Debian's PyTorch 1.13)
# and ours on the same model, batch and thread count, alternating official / ours ROUNDS times in one run so that both see
# the same machine, and prints images/s of each round, min and median of both, the median of the per-round ratios, and
# the CPU (model name, family, model: generations differ by 2x). Needs /usr/bin/python3 with torch
# (apt-get install python3-torch python3-torchvision libopenblas0-pthread); never needed by the tests.
# OpenBLAS picks its own kernels on both sides: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE (which some machines set to force
# its AVX2 kernels) are unset for the timed commands only: the official bench.sh does it, and our float32 linear layers
# run on OpenBLAS too where the CPU is not Intel's (set OURS_ENV="MOBYNET_FP32_GEMM=libtorch" to time LibTorch's MKL).
#
# Usage: scripts/bench-official.sh CONFIG BATCH ITERS [ROUNDS] [-- MOBY_BENCH_ARGS...]
#   CONFIG: swin_t | deit_s | swin_micro32 (our swin_micro_patch4_window8_32, 1 channel, without the conv stem)
#   INNER_DIM=1024 sets the heads' hidden width on both sides (default 4096, the official one); THREADS=N (default 2).
#   Example: scripts/bench-official.sh swin_t 8 3 2 -- --precision bf16
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
official="${OFFICIAL_CODE:-$root/../shared/reference/official-code}"
[ $# -ge 3 ] || { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
config="$1" batch="$2" iters="$3" rounds=3
shift 3
if [ $# -gt 0 ] && [ "$1" != "--" ]; then rounds="$1"; shift; fi
[ $# -gt 0 ] && [ "$1" = "--" ] && shift
threads="${THREADS:-2}" inner="${INNER_DIM:-4096}"
case "$config" in
  swin_t) ours=(--model swin_tiny_patch4_window7_224) ;;
  deit_s) ours=(--model deit_small_patch16_224) ;;
  swin_micro32) ours=(--model swin_micro_patch4_window8_32 --in-chans 1) ;;
  *) echo "bench-official: unknown CONFIG '$config' (swin_t, deit_s or swin_micro32)" >&2; exit 2 ;;
esac
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import torch' 2>/dev/null ||
  { echo "bench-official: /usr/bin/python3 with torch is needed (apt-get install python3-torch python3-torchvision libopenblas0-pthread)" >&2; exit 1; }
[ -f "$official/bench.sh" ] || { echo "bench-official: no official code at $official (set OFFICIAL_CODE)" >&2; exit 1; }

"$root/moby" --help >/dev/null # builds Release once, outside the timed rounds
# The official queue holds 4096 - 4096 % batch keys; ours is given the same.
queue=$((4096 - 4096 % batch))
cpu="$(awk -F': ' '/^model name/{m=$2} /^cpu family/{f=$2} /^model\t/{n=$2} /^$/{exit} END{print m ", family " f " model " n}' /proc/cpuinfo)"
echo "CPU: $cpu; $threads threads; $config batch $batch, $iters timed iterations per run, $rounds rounds; extra: ${*:-none}; our environment: ${OURS_ENV:-as is}"

official_ips=() ours_ips=() ratios=()
for round in $(seq 1 "$rounds"); do
  line="$(INNER_DIM="$inner" "$official/bench.sh" "$config" "$batch" "$iters" "$threads" 2>&1 | grep '^official' | tail -1)"
  o="$(sed -n 's/.* \([0-9.]*\) img\/s.*/\1/p' <<<"$line")"
  [ -n "$o" ] || { echo "bench-official: the official bench printed no figure" >&2; exit 1; }
  j="$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE ${OURS_ENV:-} "$root/moby" bench train "${ours[@]}" --batch "$batch" --inner-dim "$inner" --queue "$queue" --warmup 1 \
        --iterations "$iters" --threads "$threads" --json "$@")"
  m="$(/usr/bin/python3 -c 'import json,sys; print("%.3f" % json.load(sys.stdin)["ImagesPerSecond"])' <<<"$j")"
  r="$(/usr/bin/python3 -c "print('%.2f' % ($m / $o))")"
  official_ips+=("$o") ours_ips+=("$m") ratios+=("$r")
  echo "round $round: official $o images/s, ours $m images/s, ratio ${r}x"
done

summary() { /usr/bin/python3 -c 'import sys, statistics as s; v = [float(x) for x in sys.argv[1:]]; print("min %.2f, median %.2f" % (min(v), s.median(v)))' "$@"; }
echo "official images/s: $(summary "${official_ips[@]}")"
echo "ours images/s:     $(summary "${ours_ips[@]}")"
echo "ratio ours/official (per round): $(summary "${ratios[@]}")"
