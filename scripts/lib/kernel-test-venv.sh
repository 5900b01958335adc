#!/usr/bin/env bash
# Creates (once) the Python venv the Jupyter kernel tests use: `.venv-kernel-test` at the
# repository root with jupyter_kernel_test, nbclient, nbconvert and ipykernel from PyPI.
# Idempotent and fast when the venv is already there; prints the venv's python path.
# synth itself never needs Python: only these tests do.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="${SYNTH_KERNEL_TEST_VENV:-$root/.venv-kernel-test}"
marker="$venv/.synth-kernel-test-ready"
packages=(jupyter_kernel_test nbclient nbconvert ipykernel)
if [ ! -f "$marker" ]; then
    python3 -m venv "$venv" >&2
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${packages[@]}" >&2
    "$venv/bin/python" -c "import jupyter_kernel_test, nbclient, nbformat, jupyter_client" >&2
    touch "$marker"
fi
echo "$venv/bin/python"
