#!/usr/bin/env bash
# Runs the test suite on a fresh Debian 12 machine with the .NET SDK: installs what is missing, builds, tests.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh Debug
dotnet test Moby.slnx --no-build -nologo "$@"
