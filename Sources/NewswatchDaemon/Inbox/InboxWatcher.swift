#if canImport(Glibc)
import Glibc
#endif
import Foundation
public import Logging
public import SystemPackage
import Synchronization

/// Watches the inbox with inotify and reports arrivals; never polls.
///
/// Owns the inotify descriptor and a pipe that wakes its reader thread for shutdown. The
/// reader blocks in `poll` on a thread of its own so no Swift concurrency thread is held, and
/// idle costs no CPU. It watches the inbox for `IN_CLOSE_WRITE | IN_MOVED_TO` (plus
/// `IN_CREATE` for links and FIFOs, which are never closed after writing) and the inbox's
/// parent for the inbox itself coming back after it was deleted or replaced.
public final class InboxWatcher: Sendable {
    public let inbox: FilePath
    private let inotify: Int32
    /// Read and write ends of the pipe that wakes the reader thread for shutdown.
    private let wake: (read: Int32, write: Int32)
    private let watches = Mutex(Watches())
    private let logger: Logger

    private struct Watches {
        var inbox: Int32 = -1
        var parent: Int32 = -1
    }

    /// Sets up the watches. Throws when inotify cannot be had; a missing inbox is not an
    /// error here: it is logged and watched for.
    public init(inbox: FilePath, logger: Logger) throws(SystemCallError) {
        self.inbox = inbox
        self.logger = logger
        inotify = try systemCall("inotify_init1", "setting up inotify") { inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC)) }
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            let code = Errno(rawValue: errno)
            close(inotify)
            throw SystemCallError(call: "pipe2", errno: code, reason: "setting up the shutdown wake-up")
        }
        for end in ends {
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        wake = (ends[0], ends[1])
        let parent = inbox.removingLastComponent()
        let parentWatch = parent.withPlatformString {
            inotify_add_watch(inotify, $0, UInt32(IN_CREATE | IN_MOVED_TO | IN_ONLYDIR))
        }
        watches.withLock { $0.parent = parentWatch }
        _ = addInboxWatch()
    }

    deinit {
        close(inotify)
        close(wake.read)
        close(wake.write)
    }

    /// Adds the watch on the inbox folder; false when it does not exist (yet).
    @discardableResult
    func addInboxWatch() -> Bool {
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW)
        let descriptor = inbox.withPlatformString { inotify_add_watch(inotify, $0, mask) }
        watches.withLock { $0.inbox = descriptor }
        return descriptor >= 0
    }

    public var isWatchingInbox: Bool { watches.withLock { $0.inbox >= 0 } }

    /// Runs the reader until `stop()`, handing each event to `deliver` on the reader thread.
    public func start(deliver: @escaping @Sendable (InboxEvent) -> Void) {
        let thread = Thread { [self] in self.readLoop(deliver: deliver) }
        thread.name = "newswatch-inotify"
        thread.start()
    }

    /// Wakes the reader thread so it returns.
    public func stop() {
        var one: UInt8 = 1
        _ = Glibc.write(wake.write, &one, 1)
    }

    private func readLoop(deliver: @Sendable (InboxEvent) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            var descriptors = [pollfd(fd: inotify, events: Int16(POLLIN), revents: 0), pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&descriptors, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                logger.critical("inotify poll failed: \(Errno(rawValue: errno))")
                return
            }
            if descriptors[1].revents != 0 { return }
            let count = buffer.withUnsafeMutableBytes { Glibc.read(inotify, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                logger.critical("reading inotify events failed: \(Errno(rawValue: errno))")
                return
            }
            parse(buffer, count: count, deliver: deliver)
        }
    }

    private func isSpecialFile(_ name: FilePath.Component) -> Bool {
        var status = stat()
        guard inbox.appending(name).withPlatformString({ lstat($0, &status) }) == 0 else { return false }
        let type = status.st_mode & S_IFMT
        return type != S_IFREG && type != S_IFDIR
    }

    private func parse(_ buffer: [UInt8], count: Int, deliver: @Sendable (InboxEvent) -> Void) {
        let headerSize = MemoryLayout<inotify_event>.size
        var offset = 0
        let (inboxWatch, parentWatch) = watches.withLock { ($0.inbox, $0.parent) }
        buffer.withUnsafeBytes { raw in
            while offset + headerSize <= count {
                let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                let nameLength = Int(event.len)
                var name: FilePath.Component?
                if nameLength > 0 {
                    let bytes = raw[(offset + headerSize)..<(offset + headerSize + nameLength)]
                    let cString = Array(bytes.prefix { $0 != 0 }.map { CChar(bitPattern: $0) }) + [0]
                    name = cString.withUnsafeBufferPointer { FilePath(platformString: $0.baseAddress!).lastComponent }
                }
                offset += headerSize + nameLength
                let mask = event.mask
                if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    deliver(.rescan(reason: "the inotify queue overflowed"))
                    continue
                }
                if event.wd == inboxWatch && inboxWatch >= 0 {
                    if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED) != 0 {
                        if mask & UInt32(IN_MOVE_SELF) != 0 {
                            _ = inotify_rm_watch(inotify, event.wd)
                        }
                        watches.withLock { $0.inbox = -1 }
                        deliver(.inboxGone)
                        // It may already be back (replaced by a rename).
                        if addInboxWatch() { deliver(.rescan(reason: "the inbox folder came back")) }
                        continue
                    }
                    guard mask & UInt32(IN_ISDIR) == 0, let name else { continue }
                    if mask & UInt32(IN_CREATE) != 0 {
                        // A regular file is taken when closed; a link, FIFO or socket is never
                        // written and closed, so it is reported (and failed) on creation.
                        guard isSpecialFile(name) else { continue }
                    }
                    deliver(.arrived(name))
                } else if event.wd == parentWatch, let name, name == inbox.lastComponent,
                    mask & UInt32(IN_ISDIR) != 0
                {
                    if !isWatchingInbox, addInboxWatch() {
                        deliver(.rescan(reason: "the inbox folder came back"))
                    }
                }
            }
        }
    }
}
