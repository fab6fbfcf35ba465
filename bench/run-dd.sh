#!/usr/bin/env bash
# Raw-disk figures for scale next to the Silo bench: writes 1 GiB with dd and fdatasync, then
# reads it back with O_DIRECT so the page cache does not flatter the number (no root needed).
# Usage: bench/run-dd.sh [directory]   (default: ./data if it exists, else .; use Silo's data dir)
set -euo pipefail

dir=${1:-}
if [[ -z $dir ]]; then
  if [[ -d data ]]; then dir=data; else dir=.; fi
fi
file=$(mktemp "$dir/silo-dd.XXXXXX")
trap 'rm -f "$file"' EXIT

# dd prints its summary ("1073741824 bytes (1.1 GB, 1.0 GiB) copied, 2.1 s, 511 MB/s") last.
echo "disk under $(cd "$dir" && pwd), 1 GiB:"
printf '  write (conv=fdatasync): '
dd if=/dev/zero of="$file" bs=1M count=1024 conv=fdatasync 2>&1 | tail -n 1
printf '  read  (iflag=direct):   '
if ! dd if="$file" of=/dev/null bs=1M iflag=direct 2>&1 | tail -n 1; then
  echo "O_DIRECT is not supported here"
fi
echo "note: /dev/zero data; a compressing filesystem (zfs, btrfs) will look faster than it is."
