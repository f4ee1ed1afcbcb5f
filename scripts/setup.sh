#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine with the .NET SDK lacks, then builds. Safe to run again: it skips what is done.
# Usage: scripts/setup.sh [Debug|Release]
set -euo pipefail
cd "$(dirname "$0")/.."
configuration="${1:-Release}"

need=()
command -v g++ >/dev/null || need+=(g++)
command -v patchelf >/dev/null || need+=(patchelf)
[ -d /usr/share/datasets/fashion-mnist ] || need+=(dataset-fashion-mnist)
# OpenBLAS: float32 linear layers on CPUs that are not Intel's (LibTorch's MKL runs its AVX2 code there), and its tests.
[ -e /usr/lib/x86_64-linux-gnu/libopenblas.so.0 ] || need+=(libopenblas0-pthread)
# Open MPI: data-parallel pre-training under mpirun, and its tests.
command -v mpirun >/dev/null || need+=(openmpi-bin)
[ -e /usr/lib/x86_64-linux-gnu/libmpi.so.40 ] && [ -d /usr/lib/x86_64-linux-gnu/openmpi/include ] || need+=(libopenmpi-dev)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing: ${need[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required: https://dotnet.microsoft.com/download" >&2; exit 1; }
dotnet build Moby.slnx -c "$configuration" -nologo -clp:ErrorsOnly >&2
