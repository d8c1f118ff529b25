// libFuzzer's driver entry point and LeakSanitizer's switches. They come with
// -sanitize=fuzzer,address (compiler-rt), so this header only declares them; nothing to link.
#ifndef NEWSWATCH_CLIBFUZZER_SHIM_H
#define NEWSWATCH_CLIBFUZZER_SHIM_H

#include <stddef.h>
#include <stdint.h>

/// Parses libFuzzer's command line and runs `callback` on each input, as libFuzzer's own
/// `main` would.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

/// Allocations made between these two are never reported as leaks.
void __lsan_disable(void);
void __lsan_enable(void);

#endif
