# Sourced by scripts/test and scripts/synth: installs the Debian packages synth builds
# against (C libraries behind the C* targets) and tools the tests drive (python3-yaml: the
# offline check of the deploy/ manifests), when missing.
synth_apt_packages=(libedit-dev libsqlite3-dev zlib1g-dev libzstd-dev libopenblas-dev libpq-dev postgresql libzmq3-dev pkg-config tmux python3-yaml)
missing=()
for pkg in "${synth_apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing Debian packages: ${missing[*]}" >&2
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >&2
fi
