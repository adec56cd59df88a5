/* tests/fuzz/fuzz_util.c — memory-backed files for the fuzz targets. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"

static int memfd = -1;

int
fuzz_fd_with(const uint8_t *data, size_t size)
{
	if (memfd == -1 && (memfd = memfd_create("fuzz", 0)) == -1)
		abort();
	if (ftruncate(memfd, 0) != 0 || pwrite(memfd, data, size, 0) !=
	    (ssize_t)size || lseek(memfd, 0, SEEK_SET) != 0)
		abort();
	return memfd;
}

const char *
fuzz_file_with(const uint8_t *data, size_t size)
{
	static char path[64];

	snprintf(path, sizeof(path), "/proc/self/fd/%d",
	    fuzz_fd_with(data, size));
	return path;
}
