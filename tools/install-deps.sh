#!/bin/sh
# Installs the Debian packages named as arguments that are not installed yet.
# Runs apt-get only when something is missing; without root, prints the command to run instead.
missing=""
for p in "$@"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
  case "$status" in *"ok installed"*) ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0
echo "yinfa: installing missing Debian packages:$missing"
if [ "$(id -u)" -ne 0 ]; then
  echo "yinfa: not root; please run:"
  echo "  sudo apt-get update && sudo apt-get install -y$missing"
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
  echo "yinfa: apt-get install failed for:$missing" >&2
  exit 1
}
echo "yinfa: installed:$missing"
