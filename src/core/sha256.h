/* sha256: SHA-256 per FIPS 180-4 (streaming), so the manifest and input fingerprints need no
 * crypto library. */
#ifndef YINFA_CORE_SHA256_H
#define YINFA_CORE_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_BYTES 32
#define SHA256_HEX_BYTES 65 /* 64 lowercase hex digits and a NUL */

typedef struct {
  uint32_t state[8];
  uint64_t total_bytes;
  uint8_t block[64];
  size_t block_used;
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t len);
/* Writes the digest; 'c' must be initialised again before reuse. */
void sha256_final(sha256_ctx *c, uint8_t digest[SHA256_DIGEST_BYTES]);

/* One-shot digest of a buffer. */
void sha256_buffer(const void *data, size_t len, uint8_t digest[SHA256_DIGEST_BYTES]);
/* Formats a digest as 64 lowercase hex digits into 'hex' (SHA256_HEX_BYTES). */
void sha256_to_hex(const uint8_t digest[SHA256_DIGEST_BYTES], char hex[SHA256_HEX_BYTES]);

/* Tests only: true makes every later digest use the portable code even where the CPU has the
 * SHA extensions (both must agree). */
void sha256_force_portable(bool on);

#endif
