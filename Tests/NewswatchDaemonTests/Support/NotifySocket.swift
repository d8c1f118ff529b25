import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real `NOTIFY_SOCKET`: a Unix datagram socket the daemon under test sends
/// `READY=1`, `STATUS=…`, `WATCHDOG=1` and `STOPPING=1` to, as systemd's would.
final class NotifySocket: @unchecked Sendable {
    let path: String
    private let fd: Int32
    private let lock = NSLock()
    private var received: [(at: Date, message: String)] = []

    init(folder: URL) throws {
        path = folder.appending(path: "notify.sock").path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket() failed: \(errno)") }
        guard let bound = withUnixSocketAddress(path, { bind(fd, $0, $1) }) else {
            throw HarnessError("socket path too long: \(path)")
        }
        guard bound == 0 else { throw HarnessError("bind(\(path)) failed: \(errno)") }
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let thread = Thread { [self] in self.receiveLoop() }
        thread.start()
    }

    deinit {
        close(fd)
        unlink(path)
    }

    private func receiveLoop() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                let message = String(decoding: buffer[0..<count], as: UTF8.self)
                lock.withLock { received.append((Date(), message)) }
            } else if count < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR {
                return
            }
        }
    }

    /// Every datagram so far, in order.
    var messages: [String] { lock.withLock { received.map(\.message) } }

    /// When each `WATCHDOG=1` arrived.
    var pingTimes: [Date] { lock.withLock { received.filter { $0.message == "WATCHDOG=1" }.map(\.at) } }

    /// Every `KEY=value` line so far.
    var assignments: [String] { messages.flatMap { $0.split(separator: "\n").map(String.init) } }

    /// Waits until a line satisfies `predicate`.
    @discardableResult
    func wait(timeout: Double = 20, for predicate: (String) -> Bool) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let line = assignments.first(where: predicate) { return line }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return nil
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
