"""Start-up and idle CPU of the real binary, for benches/run-big-tenant.sh. Prints one
`name=value` line.

    python3 startup.py LAZYENTRA_BINARY BASE_URL USERS

Runs `lazyentra` in a pseudo-terminal of 120x40, pointed at a running serve-demo through the
environment (as README's serve-demo section does), and reads what it draws:
- first_frame_ms: from starting the process to its first frame (the connect screen);
- first_page_ms: from Enter (connect) to the first page of users on screen (the summary row's
  "999 of 100,000", USERS being how many the tenant has);
- idle_cpu_ticks: CPU ticks (1/100 s, /proc/PID/stat utime + stime) the app uses during five
  seconds of doing nothing on the list afterwards.
"""

import os
import pty
import re
import select
import signal
import struct
import sys
import fcntl
import termios
import time

TENANT = "7b2c9f4e-8d31-4a6b-9e5f-0c1d2a3b4c5d"
CLIENT_ID = "1f0e5a7c-2b4d-4c8e-9a61-3d5f7b9e0a12"
CLIENT_SECRET = "demo~admin~Secret.0000-not-a-real-secret"
ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]")


def read_until(fd, pattern: bytes, limit: float, seen: bytearray) -> bool:
    """Reads the terminal until `pattern` shows in the text drawn (escapes stripped)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 1 << 16)
            except OSError:
                return False
            seen.extend(chunk)
            # Spaces may be cursor moves instead: compare without them.
            if pattern.replace(b" ", b"") in ANSI.sub(b"", bytes(seen)).replace(b" ", b""):
                return True
    return False


def cpu_ticks(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def main(binary: str, base: str, total: str) -> None:
    env = dict(os.environ)
    env.update(
        AZURE_AUTHORITY_HOST=base,
        LAZYENTRA_GRAPH_ENDPOINT=base,
        AZURE_TENANT_ID=TENANT,
        AZURE_CLIENT_ID=CLIENT_ID,
        AZURE_CLIENT_SECRET=CLIENT_SECRET,
        TERM="xterm-256color",
        # No config file of the machine's user.
        XDG_CONFIG_HOME="/nonexistent-lazyentra-bench",
    )
    started = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(binary, [binary], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    seen = bytearray()
    try:
        # The connect screen names the tenant it is about to sign in to.
        if not read_until(fd, TENANT.encode(), 20, seen):
            sys.exit(f"no first frame: {ANSI.sub(b'', bytes(seen))[-400:]!r}")
        first_frame = time.monotonic() - started
        seen.clear()
        pressed = time.monotonic()
        os.write(fd, b"\r")
        if not read_until(fd, f"of {total}".encode(), 30, seen):
            sys.exit(f"no first page: {ANSI.sub(b'', bytes(seen))[-400:]!r}")
        first_page = time.monotonic() - pressed
        # Let the last frame settle, then do nothing for five seconds.
        read_until(fd, b"\x00never\x00", 1.0, seen)
        before = cpu_ticks(pid)
        read_until(fd, b"\x00never\x00", 5.0, seen)
        idle = cpu_ticks(pid) - before
        print(
            f"startup first_frame_ms={first_frame * 1000:.1f} "
            f"first_page_ms={first_page * 1000:.1f} idle_cpu_ticks={idle}"
        )
    finally:
        os.write(fd, b"q")
        for _ in range(40):
            if os.waitpid(pid, os.WNOHANG)[0]:
                break
            time.sleep(0.05)
        else:
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], f"{int(sys.argv[3]):,}")
