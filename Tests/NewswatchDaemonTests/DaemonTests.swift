import Testing

/// The suites that start the real daemon; run one at a time so on two cores each daemon
/// test has the machine to itself and their journals do not interleave.
@Suite("Daemon", .serialized)
struct DaemonTests {}
