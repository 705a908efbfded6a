/* fuzz_cache_entry.c — libFuzzer target for compile-cache entries (driver/cache_entry.c).
 *
 * Each input is decoded twice: under the key its own header names (so the fuzzer gets past
 * the key check to the checksums and the part table) and under a fixed key. A refused entry
 * must say why and hand out no parts; an accepted one must hand out parts that lie inside
 * the input, end to end, and encode back to exactly the input's bytes (the format has one
 * spelling per entry, so nothing in an accepted entry went unchecked).
 */
#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "fuzz.h"

static void check(const uint8_t *data, size_t size, const uint8_t key[32]) {
  DriverParts p;
  const char *why = driver_entry_decode(data, size, key, &p);
  if (why) {
    if (!*why || p.n != 0)
      fuzz_broken("fuzz_cache_entry", "a refused entry gave parts or no reason", why);
    return;
  }
  if (p.n < 1 || p.n > DRIVER_ENTRY_MAX_PARTS)
    fuzz_broken("fuzz_cache_entry", "an accepted entry has a bad part count", NULL);
  const uint8_t *end = data + size;
  for (int i = 0; i < p.n; i++)
    if (p.len[i] == 0 || p.bytes[i] < data || p.bytes[i] > end ||
        p.len[i] > (size_t)(end - p.bytes[i]) || (i > 0 && p.bytes[i] != p.bytes[i - 1] + p.len[i - 1]))
      fuzz_broken("fuzz_cache_entry", "a part lies outside the entry", NULL);
  uint8_t *again;
  size_t n;
  if (driver_entry_encode(key, &p, &again, &n) != NNC_OK)
    fuzz_broken("fuzz_cache_entry", "an accepted entry does not encode", nnc_last_error());
  if (n != size || memcmp(again, data, n) != 0)
    fuzz_broken("fuzz_cache_entry", "an accepted entry encodes to other bytes", NULL);
  base_free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_cap_allocations();
  static const uint8_t fixed[32] = {0x6e, 0x6e, 0x63};
  uint8_t own[32] = {0};
  if (size >= 48)
    memcpy(own, data + 16, 32);
  check(data, size, own);
  check(data, size, fixed);
  return 0;
}
