/* build: what yinfa says it is. The version is kept by hand; the build identity is stamped at
 * build time (tools/build-id.sh writes BUILD/gen/build_id.c): a hash of the sources, the Makefile,
 * the compiler, its flags and the libraries' versions. Every document's fingerprint includes it,
 * so a yinfa built from other sources makes every document again (docs/cli.md, manifest.csv). */
#ifndef YINFA_CORE_BUILD_H
#define YINFA_CORE_BUILD_H

#define YINFA_VERSION "0.1.0"

/* 16 hex digits, e.g. "3f9a0c1d2e4b5a69". */
const char *yinfa_build_id(void);

#endif
