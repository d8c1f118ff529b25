#ifndef NEWSWATCH_FUZZ_LIBXML2_MESSAGES_H
#define NEWSWATCH_FUZZ_LIBXML2_MESSAGES_H

/// Makes any message libxml2 would print to standard error abort the process instead.
///
/// The reader turns libxml2's parse errors off; what is left goes to libxml2's generic
/// handler (standard error, i.e. the journal under systemd) only when something went wrong
/// outside the parse, such as a switch to an encoding the bytes are not in.
void newswatch_fuzz_abort_on_libxml2_messages(void);

#endif
