#!/bin/bash
# Installs the Debian packages the build and the tests need. Idempotent and
# silent when everything is present; uses apt-get only for what is missing.
set -euo pipefail

PACKAGES=(
  g++ make                              # build
  libxen-dev libyajl-dev uuid-dev       # product dependencies
  libboost-program-options-dev
  libzstd-dev liblzma-dev libbz2-dev zlib1g-dev  # static xl: libxenguest's kernel decompressors
  doctest-dev                           # unit tests
  xenstore-utils                        # real XenStore clients for integration tests
  xen-utils-4.17                        # reference xenstored/oxenstored/test-xenstore (tests, benchmarks)
  clang libclang-rt-14-dev              # libFuzzer targets (make fuzz)
  procps util-linux                     # pgrep, taskset in tests and benchmarks
  busybox iptables                      # hotplug script tests: a minimal dom0's tools, firewall rules
  qemu-system-x86                       # the lab: Xen and dom0 under emulation (tests/lab)
)

missing=()
for p in "${PACKAGES[@]}"; do
  [[ $p == \#* ]] && continue
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# xen-utils' postinst complains that there is no hypervisor; the binaries are all we need.
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
