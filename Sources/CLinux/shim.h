// Linux system calls that glibc declares only under _GNU_SOURCE, and glibc functions from
// headers, which Swift's Glibc module does not see.
#ifndef NEWSWATCH_CLINUX_SHIM_H
#define NEWSWATCH_CLINUX_SHIM_H

#include <malloc.h>
#include <sys/vfs.h>
#include <sys/syscall.h>
#include <unistd.h>

/// renameat2(2) with RENAME_NOREPLACE: fails with EEXIST instead of replacing the target,
/// atomically, so a move never overwrites and needs no stat first.
static inline int newswatch_rename_noreplace(int from_dir, const char *from, int to_dir, const char *to) {
    return (int)syscall(SYS_renameat2, from_dir, from, to_dir, to, 1U /* RENAME_NOREPLACE */);
}

/// malloc_trim(3): hands the pages malloc keeps free, in every arena, back to the kernel.
/// Swift's Glibc module leaves <malloc.h> out.
static inline int newswatch_release_free_memory(void) {
    return malloc_trim(0);
}

/// pipe2(2): both ends created with their flags (O_CLOEXEC, O_NONBLOCK) in one call.
static inline int newswatch_pipe2(int ends[2], int flags) {
    return (int)syscall(SYS_pipe2, ends, flags);
}

/// statfs(2), for the file system's type only: Swift's Glibc module leaves <sys/vfs.h> out.
static inline int newswatch_filesystem_type(const char *path, long *type) {
    struct statfs info;
    int result = statfs(path, &info);
    if (result == 0) *type = (long)info.f_type;
    return result;
}

#endif
