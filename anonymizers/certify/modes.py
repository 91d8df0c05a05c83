"""Who may read a published run folder and the output root: file modes from the policy.

A run is assembled in a staging folder only its user can enter (0700: it holds plain
data until it is sealed), and is given the policy's ``access.output_mode`` just before
the move into place:

    private  folders 0700, files 0600   the running user only (e.g. one service account)
    group    folders 0750, files 0640   the output root's group: auditors and teams read
    world    folders 0755, files 0644   every local user
    umask    the run folder gets what the running user's umask gives; files are left as
             written (the behaviour before roles: keep it only where the umask is right)

The output root and the dataset folder get the same folder mode (``umask`` leaves them
alone). A quarantined run keeps its private staging mode whatever the policy: a run that
failed its checks may hold personal data. Modes are no substitute for sealing the data
(``grants.py``): they decide who may *list and verify* runs; who may *read* the data of a
sealed run is decided by the keys.
"""

from __future__ import annotations

import os
from pathlib import Path

from anonymizers.policy import OutputMode

MODES: dict[str, tuple[int, int]] = {
    "private": (0o700, 0o600),
    "group": (0o750, 0o640),
    "world": (0o755, 0o644),
}


def current_umask() -> int:
    """The process umask, read without changing it (Linux); else set and restored."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def apply_run_mode(run_dir: Path, mode: OutputMode) -> None:
    """Give a finished run folder (still in staging) the policy's modes."""
    if mode == "umask":
        os.chmod(run_dir, 0o777 & ~current_umask())
        return
    dir_mode, file_mode = MODES[mode]
    for path in sorted(run_dir.rglob("*")):
        if path.is_symlink():
            continue  # never followed: the attestation refuses them anyway
        os.chmod(path, dir_mode if path.is_dir() else file_mode)
    os.chmod(run_dir, dir_mode)


def apply_root_mode(out_root: Path, dataset_dir: Path, mode: OutputMode) -> None:
    """The output root and the dataset folder: enterable by whom the policy says."""
    if mode == "umask":
        return
    dir_mode, _ = MODES[mode]
    for folder in (out_root, dataset_dir):
        os.chmod(folder, dir_mode)
