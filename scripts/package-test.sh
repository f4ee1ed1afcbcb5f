#!/usr/bin/env bash
# The test that the packages work on their own: packs Moby.NET, Moby.NET.Reporting and the moby tool into a folder
# feed, restores the sample (samples/UseFromCSharp, the README's "Use from C#") from that feed into an empty NuGet
# packages folder, so nothing of the repository's build is reused, builds and runs it; then installs the tool from the
# same feed into a temporary tool path and runs `moby --help`, `moby inspect` on a golden checkpoint, and
# `moby features` (LibTorch, which the tool package leaves out, found in the NuGet packages folder).
# Usage: scripts/package-test.sh [WORK_DIR]   (default: a new temporary folder, deleted at the end)
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
work="${1:-$(mktemp -d)}"
[ $# -gt 0 ] || trap 'rm -rf "$work"' EXIT
feed="$work/feed" packages="$work/packages" tools="$work/tools"
golden="$repo/../shared/golden/moby_swin_micro.official-checkpoint.pth"
mkdir -p "$feed" "$packages"

echo "package test: packing into $feed" >&2
dotnet pack src/Moby/Moby.csproj -c Release -o "$feed" -nologo -clp:ErrorsOnly >&2
dotnet pack src/Moby.Reporting/Moby.Reporting.csproj -c Release -o "$feed" -nologo -clp:ErrorsOnly >&2
dotnet pack src/Moby.Cli/Moby.Cli.csproj -c Release -o "$feed" -nologo -clp:ErrorsOnly >&2

# The feed first; the other packages (TorchSharp, LibTorch, ...) from this machine's NuGet cache when it has them
# (a folder feed too: no download), else from the configured sources.
sources="$feed"
[ -d "$HOME/.nuget/packages" ] && sources="$sources;$HOME/.nuget/packages"
echo "package test: restoring and running the sample against the package" >&2
dotnet build samples/UseFromCSharp/UseFromCSharp.csproj -c Release -nologo -clp:ErrorsOnly --packages "$packages" \
  -p:RestoreAdditionalProjectSources="${sources//;/%3B}" -o "$work/sample" >&2
[ -f "$packages/moby.net/0.1.0/buildTransitive/native/linux-x64/libiosinit_shim.so" ] || { echo "package test: the sample did not restore Moby.NET from the feed" >&2; exit 1; }
[ -f "$packages/moby.net.reporting/0.1.0/lib/net10.0/Moby.Reporting.dll" ] || { echo "package test: the sample did not restore Moby.NET.Reporting from the feed" >&2; exit 1; }
# The golden official checkpoint stores no architecture keys: name them, as a user would, in a YAML config.
printf 'MODEL:\n  SWIN: {PATCH_SIZE: 2, EMBED_DIM: 24, DEPTHS: [2, 2], NUM_HEADS: [2, 4], WINDOW_SIZE: 4}\nDATA: {IMG_SIZE: 32}\n' > "$work/swin_micro.yaml"
"$work/sample/UseFromCSharp" "$golden" "$work/swin_micro.yaml"

echo "package test: installing the moby tool from the feed" >&2
dotnet tool install Moby.NET.Cli --version 0.1.0 --tool-path "$tools" --add-source "$feed" >&2
"$tools/moby" --help >/dev/null
description="$("$tools/moby" inspect "$golden")"
grep -q "MoBY: queue" <<<"$description" || { echo "package test: moby inspect did not describe $golden" >&2; exit 1; }
"$tools/moby" features -w "$repo/../shared/golden/swin_micro.safetensors" --prefix model. -m "$work/swin_micro.yaml" \
  -i "$repo/../shared/golden/swin_micro.safetensors" -o "$work/features.safetensors" >/dev/null
[ -s "$work/features.safetensors" ] || { echo "package test: moby features wrote nothing" >&2; exit 1; }
echo "package test: 4 passed, 0 failed"
