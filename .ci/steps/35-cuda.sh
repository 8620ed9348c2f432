#!/usr/bin/env bash
# CUDA: the device-code tests (compiled by nvcc, run where a GPU is present). Here, on a machine with a GPU, the device
# benchmark runs: a fused forward_backward kernel against a device-to-device
# copy of the same bytes. Without nvcc or without a GPU there is nothing to do.
set -euo pipefail
cd "$(dirname "$0")/../.."
nvcc="${NVCC:-/usr/local/cuda/bin/nvcc}"
if [ ! -x "$nvcc" ]; then
    echo "cuda: no nvcc, skipped"
    exit 0
fi
# The nvcc compilations (label cuda; left out of scripts/test.sh for time), in the g++ test build.
ctest --test-dir build/test-g++ --output-on-failure -L cuda
if ! nvidia-smi -L > /dev/null 2>&1; then
    echo "cuda: no GPU; the kernels are compiled by the tests (hardening.cuda_*), not run"
    exit 0
fi
out=build/hard-cuda
mkdir -p "$out"
"$nvcc" -std=c++20 -O3 -Werror all-warnings -Iinclude -o "$out/cuda_device_test" tests/hardening/cuda_device_test.cu
"$nvcc" -std=c++20 -O3 -Werror all-warnings -Iinclude -o "$out/cuda_benchmark" tests/hardening/cuda_benchmark.cu
"$out/cuda_device_test"
"$out/cuda_benchmark" "${CTDIFF_CUDA_ELEMENTS:-67108864}"
