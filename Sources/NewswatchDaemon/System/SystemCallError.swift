public import SystemPackage

/// A system call that failed for a reason outside the program: a missing file, a full
/// disk, a permission. Carries the errno and what was being done.
public struct SystemCallError: Error, Sendable, CustomStringConvertible {
    /// The C function that failed, such as `openat`.
    public var call: String
    public var errno: Errno
    /// What the call was for, naming the file when there is one.
    public var reason: String

    public init(call: String, errno: Errno, reason: String) {
        self.call = call
        self.errno = errno
        self.reason = reason
    }

    public var description: String { "\(reason): \(errno.description) (\(call))" }
}
