/*
 * tests/fuzz/fuzz.h — shared bits of the fuzz targets.
 *
 * Each target defines LLVMFuzzerTestOneInput().  Built with clang
 * -fsanitize=fuzzer it is a libFuzzer binary (make fuzz); built with
 * replay_main.c it replays saved inputs (make check, under ASan/UBSan).
 */
#ifndef NF_FUZZ_H
#define NF_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int	 LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * A path naming a file that holds DATA (a memfd, reused between calls), so
 * that code reading files and descriptors can be driven from memory.
 */
const char *fuzz_file_with(const uint8_t *data, size_t size);
/* A descriptor open on the same bytes, positioned at the start. */
int	 fuzz_fd_with(const uint8_t *data, size_t size);

#endif
