#!/bin/sh
# Installs FandolFang-Regular.otf (the Fandol fonts' 仿宋; GPL with the font exception) into
# /usr/local/share/fonts/fandol/, where fonts/fontmap.ini looks for the free 仿宋 body default.
# Debian ships them only inside texlive-lang-chinese, whose dependencies (texlive-base and its
# format builds) cost hundreds of MB and minutes per install for one font file; so the package is
# fetched with apt-get download (apt checks its hash against the signed archive) and only the font
# files are taken out of it. Nothing is done when the files are already there with their digests.
set -e
DEST=${FANDOL_DIR:-/usr/local/share/fonts/fandol}
# The file and its SHA-256 in texlive-lang-chinese 2022.20230122-1 (Debian 12)
SUMS="d838ad32ce2244d8144f408c37fe71065aba6fbbc80759a4d2aa2033948d5bc9  FandolFang-Regular.otf"

if [ -d "$DEST" ] && (cd "$DEST" && echo "$SUMS" | sha256sum --quiet -c - >/dev/null 2>&1); then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] && ! mkdir -p "$DEST" 2>/dev/null; then
  echo "yinfa: FandolFang is missing from $DEST; please run as root:"
  echo "  sudo $0"
  exit 1
fi
echo "yinfa: installing FandolFang into $DEST (from Debian's texlive-lang-chinese)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp" # apt-get download runs as _apt and must write here
(cd "$tmp" && apt-get download -qq texlive-lang-chinese 2>/dev/null) || {
  (apt-get update -qq && cd "$tmp" && apt-get download -qq texlive-lang-chinese) || {
    echo "yinfa: apt-get download texlive-lang-chinese failed" >&2
    exit 1
  }
}
src=./usr/share/texlive/texmf-dist/fonts/opentype/public/fandol
dpkg-deb --fsys-tarfile "$tmp"/texlive-lang-chinese_*.deb |
  tar -x -C "$tmp" "$src/FandolFang-Regular.otf"
(cd "$tmp/$src" && echo "$SUMS" | sha256sum --quiet -c -) || {
  echo "yinfa: FandolFang in this texlive-lang-chinese differs from the one yinfa was checked with" \
    "(tools/install-fandol.sh lists their digests)" >&2
  exit 1
}
mkdir -p "$DEST"
cp "$tmp/$src"/*.otf "$DEST"/
chmod 644 "$DEST"/*.otf
echo "yinfa: installed FandolFang into $DEST"
