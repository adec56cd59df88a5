/*
 * tests/ioshim/ioshim.c — an LD_PRELOAD library for the I/O failure tests
 * (tests/io.bats): reads of one chosen file fail with EIO after a chosen
 * number of bytes, the way a failing disk or a vanished network mount shows
 * itself to a program.
 *
 *   NF_IOSHIM_FILE   the path whose reads fail, exactly as the program opens
 *                    it ("-": standard input, descriptor 0)
 *   NF_IOSHIM_AFTER  bytes delivered before the first failure (default 0);
 *                    every read after that fails
 *
 * The filters read their inputs with open(2) + read(2) (lib/tsv.c,
 * lib/csvio.c, filters/segment.c) and their data files with fopen(3) +
 * getline(3) or fread(3) (lib/datafile.c, lib/gazetteer.c, lib/quotes.c,
 * lib/vader.c), so those calls are wrapped.  stdio's own reads go through
 * libc's internal read, which no preload can see: a wrapped stream gets its
 * error flag set and the call fails as libc would.  glibc only (the
 * stream's error flag is _IO_ERR_SEEN).
 *
 * Built by tests/io.bats: cc -shared -fPIC -o ioshim.so ioshim.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#define MAXFD	1024
#define MAXFP	16

static const char *target;		/* NF_IOSHIM_FILE */
static unsigned long long after;	/* NF_IOSHIM_AFTER */
static int watched[MAXFD];		/* descriptors open on the target */
static unsigned long long done_fd[MAXFD];
static FILE *streams[MAXFP];		/* streams open on the target */
static unsigned long long done_fp[MAXFP];

static ssize_t (*real_read)(int, void *, size_t);
static int (*real_open)(const char *, int, ...);
static int (*real_open64)(const char *, int, ...);
static int (*real_openat)(int, const char *, int, ...);
static int (*real_close)(int);
static FILE *(*real_fopen)(const char *, const char *);
static FILE *(*real_fopen64)(const char *, const char *);
static int (*real_fclose)(FILE *);
static ssize_t (*real_getdelim)(char **, size_t *, int, FILE *);
static size_t (*real_fread)(void *, size_t, size_t, FILE *);

static void *
next(const char *name)
{
	void *p = dlsym(RTLD_NEXT, name);

	if (p == NULL) {
		static const char msg[] = "ioshim: a libc symbol is missing\n";
		(void)write(2, msg, sizeof(msg) - 1);
		abort();
	}
	return p;
}

/* (through a void * object: ISO C has no function pointer from void *) */
#define LOOKUP(fn, name)	(*(void **)&(fn) = next(name))

__attribute__((constructor)) static void
init(void)
{
	const char *a = getenv("NF_IOSHIM_AFTER");

	LOOKUP(real_read, "read");
	LOOKUP(real_open, "open");
	LOOKUP(real_open64, "open64");
	LOOKUP(real_openat, "openat");
	LOOKUP(real_close, "close");
	LOOKUP(real_fopen, "fopen");
	LOOKUP(real_fopen64, "fopen64");
	LOOKUP(real_fclose, "fclose");
	LOOKUP(real_getdelim, "getdelim");
	LOOKUP(real_fread, "fread");
	target = getenv("NF_IOSHIM_FILE");
	if (target != NULL && *target == '\0')
		target = NULL;
	after = a != NULL ? strtoull(a, NULL, 10) : 0;
	if (target != NULL && strcmp(target, "-") == 0)
		watched[0] = 1;
}

static int
is_target(const char *path)
{
	return target != NULL && path != NULL && strcmp(path, target) == 0;
}

static int
opened(int fd, const char *path)
{
	if (fd >= 0 && fd < MAXFD) {
		watched[fd] = is_target(path);
		done_fd[fd] = 0;
	}
	return fd;
}

/* How many of N bytes a read may ask for; 0 with errno set: fail. */
static size_t
allowed(unsigned long long done, size_t n)
{
	if (done >= after) {
		errno = EIO;
		return 0;
	}
	return after - done < n ? (size_t)(after - done) : n;
}

ssize_t
read(int fd, void *buf, size_t n)
{
	ssize_t got;
	size_t m;

	if (real_read == NULL)
		init();
	if (fd < 0 || fd >= MAXFD || !watched[fd] || n == 0)
		return real_read(fd, buf, n);
	if ((m = allowed(done_fd[fd], n)) == 0)
		return -1;
	if ((got = real_read(fd, buf, m)) > 0)
		done_fd[fd] += (unsigned long long)got;
	return got;
}

ssize_t
__read_chk(int fd, void *buf, size_t n, size_t buflen)
{
	(void)buflen;
	return read(fd, buf, n);
}

static mode_t
mode_arg(int flags, va_list ap)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ?
	    (mode_t)va_arg(ap, int) : 0;
}

int
open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	if (real_open == NULL)
		init();
	return opened(real_open(path, flags, mode), path);
}

int
open64(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	if (real_open64 == NULL)
		init();
	return opened(real_open64(path, flags, mode), path);
}

int
openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	if (real_openat == NULL)
		init();
	return opened(real_openat(dirfd, path, flags, mode), path);
}

int
close(int fd)
{
	if (real_close == NULL)
		init();
	if (fd >= 0 && fd < MAXFD)
		watched[fd] = 0;
	return real_close(fd);
}

/* ---- stdio ---- */

static int
slot(FILE *fp)
{
	int i;

	for (i = 0; i < MAXFP; i++)
		if (streams[i] == fp && fp != NULL)
			return i;
	return -1;
}

static FILE *
fopened(FILE *fp, const char *path)
{
	int i;

	if (fp != NULL && is_target(path))
		for (i = 0; i < MAXFP; i++)
			if (streams[i] == NULL) {
				streams[i] = fp;
				done_fp[i] = 0;
				break;
			}
	return fp;
}

FILE *
fopen(const char *path, const char *mode)
{
	if (real_fopen == NULL)
		init();
	return fopened(real_fopen(path, mode), path);
}

FILE *
fopen64(const char *path, const char *mode)
{
	if (real_fopen64 == NULL)
		init();
	return fopened(real_fopen64(path, mode), path);
}

int
fclose(FILE *fp)
{
	int i;

	if (real_fclose == NULL)
		init();
	if ((i = slot(fp)) >= 0)
		streams[i] = NULL;
	return real_fclose(fp);
}

/* The stream fails as a failed read(2) inside libc leaves it. */
static void
fail_stream(FILE *fp)
{
	fp->_flags |= _IO_ERR_SEEN;
	errno = EIO;
}

ssize_t
getdelim(char **line, size_t *cap, int delim, FILE *fp)
{
	ssize_t got;
	int i;

	if (real_getdelim == NULL)
		init();
	if ((i = slot(fp)) < 0)
		return real_getdelim(line, cap, delim, fp);
	if (done_fp[i] >= after) {
		fail_stream(fp);
		return -1;
	}
	/* whole lines are delivered while they start before the limit */
	if ((got = real_getdelim(line, cap, delim, fp)) > 0)
		done_fp[i] += (unsigned long long)got;
	return got;
}

ssize_t
getline(char **line, size_t *cap, FILE *fp)
{
	return getdelim(line, cap, '\n', fp);
}

size_t
fread(void *buf, size_t size, size_t n, FILE *fp)
{
	size_t got, m;
	int i;

	if (real_fread == NULL)
		init();
	if ((i = slot(fp)) < 0 || size == 0 || n == 0)
		return real_fread(buf, size, n, fp);
	if (done_fp[i] >= after) {
		fail_stream(fp);
		return 0;
	}
	m = allowed(done_fp[i], size * n) / size;
	if (m == 0) {
		fail_stream(fp);
		return 0;
	}
	got = real_fread(buf, size, m, fp);
	done_fp[i] += (unsigned long long)(got * size);
	return got;
}
