#!/usr/bin/env bash
# Training on a CUDA GPU in one go (a few minutes): the training benchmark on the device,
# the GPU checks (probes agree with the CPU, mixed precision learns on torch and on TF,
# where it also reports whether TF's float16 rewrite converted the training step, a
# real allocator cap is reported as out of memory) and the distributed export's scaling over every
# visible GPU (throughput with 1, 2, ... GPUs: torchrun/DDP over nccl, one process per
# GPU; TF MirroredStrategy over the first N). Prints every figure.
#
#   bench/gpu.sh            # from the repository root, with .venv set up
# Exit status: 0 all ran and passed, 1 a check failed, 3 no CUDA GPU here.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
[ -x "$PY" ] || PY=python3
export TF_CPP_MIN_LOG_LEVEL=2

if ! "$PY" -c 'import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null
then
    echo "bench/gpu.sh: no CUDA GPU is visible to torch here; nothing to measure." >&2
    echo "Run it on a machine with an NVIDIA GPU and a CUDA build of torch." >&2
    exit 3
fi
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version \
    --format=csv,noheader

backends=torch
if "$PY" -c 'import sys, tensorflow as tf; sys.exit(0 if tf.config.list_physical_devices("GPU") else 1)' 2>/dev/null
then
    backends=torch,tf
else
    echo "(TensorFlow sees no GPU here: the TF columns are skipped)"
fi

status=0
echo
echo "== bench/training.py --device cuda --backends $backends"
timeout 420 "$PY" bench/training.py --device cuda --backends "$backends" --epochs 20 \
    --repeat 3 || status=1
echo
echo "== bench/gpu_check.py"
timeout 480 "$PY" bench/gpu_check.py || status=1

gpus=$("$PY" -c 'import torch; print(torch.cuda.device_count())')
sizes=$(seq -s, 1 "$gpus")
for backend in ${backends//,/ }; do
    echo
    echo "== bench/distributed.py --backend $backend --device cuda --sizes $sizes"
    timeout 600 "$PY" bench/distributed.py --backend "$backend" --device cuda \
        --sizes "$sizes" --graph digits_cnn --epochs 3 || status=1
done
exit $status
