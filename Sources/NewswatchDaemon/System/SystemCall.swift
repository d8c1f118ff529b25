#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import SystemPackage

/// Runs every system call of the daemon the same way, as SwiftNIO's `syscall` helper does:
/// retries on `EINTR`, stops the process on an errno that can only mean a bug in newswatch
/// (`EBADF`, `EFAULT`), and throws `SystemCallError` otherwise.
@inline(__always)
@discardableResult
func systemCall<Result: FixedWidthInteger>(
    _ name: StaticString,
    _ reason: @autoclosure () -> String,
    _ body: () -> Result
) throws(SystemCallError) -> Result {
    while true {
        let result = body()
        if result != -1 { return result }
        let code = Errno(rawValue: errno)
        switch code {
        case .interrupted:
            continue
        case .badFileDescriptor, .badAddress:
            preconditionFailure("\(name) failed with \(code): a bug in newswatch (\(reason()))")
        default:
            throw SystemCallError(call: "\(name)", errno: code, reason: reason())
        }
    }
}
