#!/usr/bin/env bash
# Rewrites the tracked public surface of each library project (PublicAPI.Unshipped.txt beside its .csproj) from the
# code: after a deliberate change to the public API, run this and commit the files with the change; review their diff.
# Usage: scripts/public-api.sh [PROJECT.csproj ...]   (default: every src project with a PublicAPI.Unshipped.txt)
# Everything is unshipped until a release: then move the lines to PublicAPI.Shipped.txt, and from then on a removed
# shipped symbol is recorded as "*REMOVED*<symbol>" in the Unshipped file (the analyzer's rule RS0017 asks for it).
set -euo pipefail
cd "$(dirname "$0")/.."
projects=("$@")
if [ ${#projects[@]} -eq 0 ]; then
    for file in src/*/PublicAPI.Unshipped.txt; do projects+=("$(ls "$(dirname "$file")"/*.csproj)"); done
fi
for project in "${projects[@]}"; do
    dir="$(dirname "$project")"
    if [ -s "$dir/PublicAPI.Shipped.txt" ] && [ "$(grep -cv '^#' "$dir/PublicAPI.Shipped.txt")" -gt 0 ]; then
        echo "$dir has shipped API: add or mark lines in PublicAPI.Unshipped.txt (the IDE's fix for RS0016/RS0017), not regenerated" >&2
        exit 1
    fi
    printf '#nullable enable\n' > "$dir/PublicAPI.Unshipped.txt"
    # RS0016's code fix adds each public symbol missing from the file.
    dotnet format analyzers "$project" --diagnostics RS0016 -v q
    { echo '#nullable enable'; grep -v '^#nullable' "$dir/PublicAPI.Unshipped.txt" | LC_ALL=C sort -u; } > "$dir/PublicAPI.Unshipped.txt.tmp"
    mv "$dir/PublicAPI.Unshipped.txt.tmp" "$dir/PublicAPI.Unshipped.txt"
    echo "$dir/PublicAPI.Unshipped.txt: $(grep -vc '^#' "$dir/PublicAPI.Unshipped.txt") symbols" >&2
done
