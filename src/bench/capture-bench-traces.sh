#!/bin/bash
# Records the big real traces the benchmark reads (src/bench/bench.ts), on a
# real kernel, without squeezing the whole machine: memory pressure stays inside
# a cgroup-v1 memory limit (memcg reclaim; anonymous pages go to a zram swap,
# one mm_vmscan_write_folio line each), and compaction comes from growing the
# hugepage pool while writers fill the page cache. Needs root and tracefs.
# usage: capture-bench-traces.sh OUT WORKLOAD SECONDS MAX_MB
#   WORKLOAD: memcg-swap | memcg-small | compaction
# Tracing, swap, the cgroup and the hugepage pool are put back as found.
set -u
out=$1; wl=$2; secs=$3; maxmb=$4
T=/sys/kernel/tracing
[ -e $T/trace_pipe ] || mount -t tracefs nodev $T
S=${SCRATCH:-/var/tmp/rsc-capture}; mkdir -p "$S"
CG=/sys/fs/cgroup/memory/rsc-bench
[ "$(cat $T/events/enable)" != 0 ] && { echo "tracing is in use by someone else: events/enable is not 0" >&2; exit 1; }
swap_made=
if ! grep -q zram0 /proc/swaps; then
  echo 1 > /sys/block/zram0/reset; echo 2G > /sys/block/zram0/disksize
  mkswap /dev/zram0 >/dev/null && swapon /dev/zram0 && swap_made=1
fi
hp0=$(cat /proc/sys/vm/nr_hugepages)
cleanup() {
  echo 0 > $T/tracing_on; sleep 1; echo 0 > $T/events/enable; echo > $T/trace; echo 1408 > $T/buffer_size_kb
  [ -n "${reader:-}" ] && kill $reader 2>/dev/null
  for p in "${pids[@]}"; do kill $p 2>/dev/null; done; wait 2>/dev/null
  rm -f $S/*; echo $hp0 > /proc/sys/vm/nr_hugepages
  [ -d $CG ] && { for p in $(cat $CG/cgroup.procs); do kill $p; done; sleep 1; rmdir $CG; }
  [ -n "$swap_made" ] && { swapoff /dev/zram0; echo 1 > /sys/block/zram0/reset; }
}
trap cleanup EXIT
echo 0 > $T/tracing_on; echo > $T/trace; echo 65536 > $T/buffer_size_kb; echo global > $T/trace_clock
echo 0 > $T/events/enable; echo 1 > $T/events/vmscan/enable
echo 0 > $T/events/vmscan/mm_shrink_slab_start/enable; echo 0 > $T/events/vmscan/mm_shrink_slab_end/enable
for e in mm_compaction_begin mm_compaction_end mm_compaction_kcompactd_wake mm_compaction_kcompactd_sleep mm_compaction_try_to_compact_pages mm_compaction_wakeup_kcompactd; do
  echo 1 > $T/events/compaction/$e/enable
done
cat $T/trace_pipe > "$out" & reader=$!
echo 1 > $T/tracing_on
pids=()
dirty() { # MB SECONDS: touch every page of an anonymous buffer, round after round
  python3 -c '
import time,sys
b=bytearray(int(sys.argv[1])<<20); end=time.time()+float(sys.argv[2])
while time.time()<end:
    for o in range(0,len(b),4096): b[o]=(b[o]+1)&255
' "$@"; }
case $wl in
memcg-swap|memcg-small)
  if [ $wl = memcg-swap ]; then limit=512; anon=360; writers=3; else limit=256; anon=200; writers=2; fi
  mkdir -p $CG; echo $((limit<<20)) > $CG/memory.limit_in_bytes
  for i in $(seq $writers); do
    ( echo $BASHPID > $CG/cgroup.procs; exec dd if=/dev/zero of=$S/w$i bs=1M count=3000 conv=fsync status=none ) & pids+=($!)
  done
  for i in 1 2; do ( echo $BASHPID > $CG/cgroup.procs; dirty $anon $secs ) & pids+=($!); done;;
compaction)
  # Fragment what is left: hold ~11 GiB back as hugepages (as capture.sh does, less of it), let
  # writers fill the rest with page cache, then grow the pool in order-9 steps and give it back.
  base=${RESERVE:-5500}; echo $base > /proc/sys/vm/nr_hugepages
  for i in 1 2 3; do ( exec dd if=/dev/zero of=$S/c$i bs=1M count=5000 conv=fsync status=none ) & pids+=($!); done
  ( end=$(( $(date +%s) + secs )); sleep 4; while [ $(date +%s) -lt $end ]; do
      for n in 128 256 384 512 640; do
        # never leave other users of the machine under 3 GiB
        [ $(awk '/MemAvailable/ {print $2}' /proc/meminfo) -lt 3000000 ] && break
        echo $((base + n)) > /proc/sys/vm/nr_hugepages; sleep 1
      done
      echo $base > /proc/sys/vm/nr_hugepages; sleep 1
    done ) & pids+=($!);;
*) echo "unknown workload $wl" >&2; exit 2;;
esac
end=$(( $(date +%s) + secs ))
while [ $(date +%s) -lt $end ] && [ $(( $(stat -c %s "$out") >> 20 )) -lt $maxmb ]; do sleep 0.5; done
cleanup; trap - EXIT
echo "lines=$(wc -l < "$out") bytes=$(stat -c %s "$out") write_folio=$(grep -c write_folio "$out") compaction=$(grep -c mm_compaction "$out")"
