#ifndef NEWSWATCH_CSYSTEMD_SHIM_H
#define NEWSWATCH_CSYSTEMD_SHIM_H
// sd_journal_send is variadic and cannot be called from Swift: the daemon uses
// its non-variadic twin sd_journal_sendv with an iovec array.
#include <sys/uio.h>
#include <systemd/sd-journal.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-id128.h>
#endif
