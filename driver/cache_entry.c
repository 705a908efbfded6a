/* cache_entry.c — the bytes of one compile-cache entry: a header, then the object code.
 *
 *   0  "NNCCACHE"           magic
 *   8  u32 format version   DRIVER_ENTRY_VERSION
 *  12  u32 parts            1..DRIVER_ENTRY_MAX_PARTS
 *  16  key[32]              the SHA-256 the entry is filed under (cache.c)
 *  48  u64 payload bytes
 *  56  u32 crc32 of the payload
 *  60  u32 crc32 of bytes 0..60
 *  64  payload: u64 length of each part, then the parts' bytes one after the other
 *
 * Integers are little-endian. Decoding trusts nothing: every field is checked before the
 * next is read, so a damaged, truncated or foreign entry (another key, another format) is
 * refused with the reason, and a part handed out lies inside the buffer. The entry is
 * only ever read whole, after its file has been read whole.
 */
#include <string.h>
#include <zlib.h>

#include "driver.h"

enum { HEADER = 64 };
static const char magic[8] = {'N', 'N', 'C', 'C', 'A', 'C', 'H', 'E'};

static void put32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++)
    p[i] = (uint8_t)(v >> 8 * i);
}

static void put64(uint8_t *p, uint64_t v) {
  for (int i = 0; i < 8; i++)
    p[i] = (uint8_t)(v >> 8 * i);
}

static uint32_t get32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p) {
  return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* zlib's crc32 over n bytes, in pieces its uInt length can take. */
static uint32_t crc(const uint8_t *p, uint64_t n) {
  uLong c = crc32(0L, Z_NULL, 0);
  while (n > 0) {
    uInt take = n > (1u << 30) ? 1u << 30 : (uInt)n;
    c = crc32(c, p, take);
    p += take;
    n -= take;
  }
  return (uint32_t)c;
}

nnc_status driver_entry_encode(const uint8_t key[32], const DriverParts *parts, uint8_t **out,
                               size_t *n) {
  *out = NULL;
  *n = 0;
  if (parts->n < 1 || parts->n > DRIVER_ENTRY_MAX_PARTS)
    return base_error(NNC_ERR_ARG, "compile cache: %d parts in an entry", parts->n);
  size_t payload = 8 * (size_t)parts->n;
  for (int p = 0; p < parts->n; p++)
    payload += parts->len[p];
  uint8_t *b = base_malloc(HEADER + payload);
  if (!b)
    return base_error(NNC_ERR_NOMEM, "compile cache: out of memory for an entry");
  memcpy(b, magic, 8);
  put32(b + 8, DRIVER_ENTRY_VERSION);
  put32(b + 12, (uint32_t)parts->n);
  memcpy(b + 16, key, 32);
  put64(b + 48, payload);
  uint8_t *at = b + HEADER + 8 * (size_t)parts->n;
  for (int p = 0; p < parts->n; p++) {
    put64(b + HEADER + 8 * (size_t)p, parts->len[p]);
    memcpy(at, parts->bytes[p], parts->len[p]);
    at += parts->len[p];
  }
  put32(b + 56, crc(b + HEADER, payload));
  put32(b + 60, crc(b, 60));
  *out = b;
  *n = HEADER + payload;
  return NNC_OK;
}

/* The header's fields, checked in order; NULL when they hold, else what is wrong. */
static const char *check_header(const uint8_t *b, size_t n, const uint8_t key[32]) {
  if (n < HEADER)
    return "shorter than its header";
  if (memcmp(b, magic, 8) != 0)
    return "not a cache entry (bad magic)";
  if (get32(b + 60) != crc(b, 60))
    return "header checksum mismatch";
  if (get32(b + 8) != DRIVER_ENTRY_VERSION)
    return "another format version";
  if (memcmp(b + 16, key, 32) != 0)
    return "filed under another key";
  uint32_t nparts = get32(b + 12);
  if (nparts < 1 || nparts > DRIVER_ENTRY_MAX_PARTS)
    return "bad part count";
  uint64_t payload = get64(b + 48);
  if (payload != n - HEADER)
    return payload > n - HEADER ? "truncated" : "longer than its header says";
  if (get32(b + 56) != crc(b + HEADER, payload))
    return "payload checksum mismatch";
  return NULL;
}

const char *driver_entry_decode(const uint8_t *b, size_t n, const uint8_t key[32],
                                DriverParts *parts) {
  memset(parts, 0, sizeof *parts);
  const char *why = check_header(b, n, key);
  if (why)
    return why;
  int nparts = (int)get32(b + 12);
  uint64_t left = n - HEADER;
  if (left < 8 * (uint64_t)nparts)
    return "part table past the end";
  left -= 8 * (uint64_t)nparts;
  const uint8_t *at = b + HEADER + 8 * (size_t)nparts;
  for (int p = 0; p < nparts; p++) {
    uint64_t len = get64(b + HEADER + 8 * (size_t)p);
    if (len == 0 || len > left)
      return "part length out of range";
    parts->bytes[p] = at;
    parts->len[p] = (size_t)len;
    at += len;
    left -= len;
  }
  if (left != 0)
    return "bytes after the last part";
  parts->n = nparts;
  return NULL;
}
