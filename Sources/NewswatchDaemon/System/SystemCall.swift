import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Runs every system call of the daemon the same way, as SwiftNIO's `syscall` helper does:
/// retries on `EINTR`, stops the process on an errno that can only mean a bug in newswatch
/// (`EBADF`, `EFAULT`), and throws `SystemCallError` otherwise.
///
/// This form is for calls that return -1 and set `errno`.
@inline(__always)
@discardableResult
func systemCall<Result: FixedWidthInteger>(
    _ name: StaticString,
    _ reason: @autoclosure () -> String,
    _ body: () -> Result
) throws(SystemCallError) -> Result {
    try retryingInterrupted(name, reason()) {
        let result = body()
        return result == -1 ? .failure(Errno(rawValue: errno)) : .success(result)
    }
}

/// The same for libsystemd's functions, which return a negative errno instead of -1 and
/// `errno` (`sd_journal_next`, `sd_notify`, …).
@inline(__always)
@discardableResult
func systemCall(
    negativeErrno name: StaticString,
    _ reason: @autoclosure () -> String,
    _ body: () -> Int32
) throws(SystemCallError) -> Int32 {
    try retryingInterrupted(name, reason()) {
        let result = body()
        return result < 0 ? .failure(Errno(rawValue: -result)) : .success(result)
    }
}

/// The same for C functions that return a pointer, nil on failure with `errno` set
/// (`opendir`), or nil at the end with `errno` left at 0 (`readdir`): then the result is nil.
@inline(__always)
func systemCall<Pointer>(
    pointer name: StaticString,
    _ reason: @autoclosure () -> String,
    _ body: () -> Pointer?
) throws(SystemCallError) -> Pointer? {
    try retryingInterrupted(name, reason()) { () -> Swift.Result<Pointer?, Errno> in
        errno = 0
        if let pointer = body() { return .success(pointer) }
        return errno == 0 ? .success(nil) : .failure(Errno(rawValue: errno))
    }
}

/// Closes a descriptor the daemon owns. Never retried: Linux frees the descriptor even when
/// `close` reports `EINTR`, and a retry could close a descriptor another thread just got.
func closeDescriptor(_ descriptor: Int32) {
    let result = close(descriptor)
    precondition(result == 0 || errno != EBADF, "close(\(descriptor)) failed with EBADF: a bug in newswatch")
}

@inline(__always)
private func retryingInterrupted<Result>(
    _ name: StaticString,
    _ reason: @autoclosure () -> String,
    _ attempt: () -> Swift.Result<Result, Errno>
) throws(SystemCallError) -> Result {
    while true {
        switch attempt() {
        case .success(let result):
            return result
        case .failure(.interrupted):
            continue
        case .failure(let code) where code == .badFileDescriptor || code == .badAddress:
            preconditionFailure("\(name) failed with \(code): a bug in newswatch (\(reason()))")
        case .failure(let code):
            throw SystemCallError(call: "\(name)", errno: code, reason: reason())
        }
    }
}
