#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""Runs a command (tests/vm/run ...), copies its output to stdout, and on
each "BENCH-MARK ..." line the guest prints appends the CPU time QEMU has
used so far, as "BENCH figure=hostcpu ticks=N hz=HZ <the mark's words>".

Why: under TCG on a shared host, the guest's clock runs on while QEMU's
vCPU threads wait for a host core, so the guest's packets/s swing with
the host's load. The CPU time QEMU actually got between two marks does
not (much): divided by the packets sent between them it gives the host
CPU per packet, which tracks the guest's work per packet.

usage: hostcpu.py COMMAND [ARG...]   (exits with COMMAND's status)
"""
import os
import subprocess
import sys


def children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def find_qemu(root):
    """The qemu-system process among root's descendants, or None."""
    todo = [root]
    while todo:
        pid = todo.pop()
        try:
            with open("/proc/%d/comm" % pid) as f:
                if f.read().strip().startswith("qemu-system"):
                    return pid
        except OSError:
            continue
        todo.extend(children(pid))
    return None


def cpu_ticks(pid):
    """utime + stime of every thread of pid, in clock ticks."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    hz = os.sysconf("SC_CLK_TCK")
    proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, errors="replace")
    qemu = None
    for line in proc.stdout:
        sys.stdout.write(line)
        if line.startswith("BENCH-MARK"):
            qemu = qemu or find_qemu(proc.pid)
            try:
                ticks = cpu_ticks(qemu) if qemu else None
            except OSError:
                ticks = None
            if ticks is not None:
                sys.stdout.write("BENCH figure=hostcpu ticks=%d hz=%d %s\n"
                                 % (ticks, hz, " ".join(line.split()[1:])))
        sys.stdout.flush()
    sys.exit(proc.wait())


if __name__ == "__main__":
    main()
