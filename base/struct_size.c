/* struct_size.c — an option struct from a caller built against another version of nnc.h.
 *
 * Each option struct that a call takes by pointer starts with struct_size, which its
 * _defaults() function sets to sizeof the struct in the header the caller was compiled
 * with. Fields are only appended within one soname, so an older caller's struct is a prefix
 * of ours: its fields are read and ours past its end keep their defaults. A newer caller's
 * struct is longer: accepted when the fields we do not know are all zero (it did not use
 * them), as Linux's copy_struct_from_user does. Anything else is a struct that was not
 * filled by _defaults(), refused rather than read as garbage.
 */
#include <string.h>

#include "base.h"

enum { MAX_GROWTH = 64 }; /* a struct never grows past 64 times its size: beyond, garbage */

nnc_status base_struct_read(void *out, const void *defaults, size_t ours, const void *in,
                            const char *fn, const char *what) {
  size_t theirs;
  memcpy(&theirs, in, sizeof theirs); /* struct_size is every such struct's first field */
  const char *fix = "fill it with its _defaults() function, then change fields";
  if (theirs == 0)
    return base_error(NNC_ERR_ARG, "%s: %s.struct_size is 0: %s", fn, what, fix);
  if (theirs < sizeof theirs || theirs % sizeof theirs || theirs > ours * MAX_GROWTH)
    return base_error(NNC_ERR_ARG, "%s: %s.struct_size %zu is not the size of any version of "
                      "it (this library's is %zu): %s", fn, what, theirs, ours, fix);
  for (size_t i = ours; i < theirs; i++)
    if (((const unsigned char *)in)[i])
      return base_error(NNC_ERR_ARG, "%s: %s has fields this library (nnc %s) does not know "
                        "set, at byte %zu of %zu; it knows %zu bytes", fn, what,
                        nnc_version(), i, theirs, ours);
  memcpy(out, defaults, ours);
  memcpy(out, in, theirs < ours ? theirs : ours);
  memcpy(out, &ours, sizeof ours);
  return NNC_OK;
}
