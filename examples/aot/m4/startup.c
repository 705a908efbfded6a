/* startup.c — the least a Cortex-M4F needs to run C: the vector table, .data copied and
 * .bss zeroed, the FPU switched on (before any float instruction), then main. Output and
 * exit go through semihosting, which QEMU (-semihosting) and debug probes answer. The
 * compiler may call memcpy and memset, so they are here too. */
#include <stddef.h>
#include <stdint.h>

extern uint32_t data_start[], data_end[], data_load[], bss_start[], bss_end[], stack_top[];
int main(void);
void reset(void);

__attribute__((section(".vectors"), used)) static void *const vectors[2] = {stack_top, reset};

void *memcpy(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  while (n--)
    *d++ = *s++;
  return dst;
}

void *memset(void *dst, int c, size_t n) {
  unsigned char *d = dst;
  while (n--)
    *d++ = (unsigned char)c;
  return dst;
}

static int semihost(int op, const void *arg) {
  register int r0 __asm__("r0") = op;
  register const void *r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

void put(const char *s) {
  semihost(0x04, s); /* SYS_WRITE0 */
}

void stop(int status) {
  uint32_t args[2] = {0x20026, (uint32_t)status}; /* ADP_Stopped_ApplicationExit */
  semihost(0x20, args);                           /* SYS_EXIT_EXTENDED */
  for (;;)
    ;
}

void reset(void) {
  for (uint32_t *s = data_load, *d = data_start; d < data_end;)
    *d++ = *s++;
  for (uint32_t *d = bss_start; d < bss_end;)
    *d++ = 0;
  *(volatile uint32_t *)0xE000ED88 |= 0xFu << 20; /* CPACR: CP10 and CP11 full access */
  __asm__ volatile("dsb\n\tisb");
  stop(main());
}
