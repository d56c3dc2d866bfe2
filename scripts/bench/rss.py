"""Peak memory of the benchmark's Python processes."""

import resource


def peak_rss_mb() -> float:
    """This process's peak RSS. Not ru_maxrss: Linux carries it over fork and
    exec, so a child started by the bench would report the bench's peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
