# Sourced by benchmark scripts: sets PY to a Python with the peers installed.
# Uses $SYNTH_BENCH_VENV when set; otherwise creates .venv-bench in the repo (once).
# Usage: . scripts/lib/bench-venv.sh pkg1 pkg2 ...
bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="${SYNTH_BENCH_VENV:-$bench_root/.venv-bench}"
if [ ! -x "$venv/bin/python" ]; then
    echo "creating $venv (first run only)" >&2
    python3 -m venv "$venv"
fi
missing=()
for pkg in "$@"; do
    mod="${pkg//-/_}"
    case "$pkg" in mostlyai-engine) mod="mostlyai.engine";; mostlyai-qa) mod="mostlyai.qa";; scikit-learn) mod="sklearn";; esac
    "$venv/bin/python" -c "import $mod" 2>/dev/null || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]} into $venv" >&2
    "$venv/bin/pip" install -q "${missing[@]}" >&2
    # PyPI's torchvision/torchaudio do not match the local CPU torch (the engine's LANGUAGE models need torchaudio gone) (see ../shared/PEERS-NOTES.md).
    "$venv/bin/pip" uninstall -y -q torchvision torchaudio >/dev/null 2>&1 || true
fi
PY="$venv/bin/python"
export HF_HUB_OFFLINE=1
