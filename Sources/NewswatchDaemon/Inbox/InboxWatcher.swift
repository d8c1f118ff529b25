import CLinux
import Foundation
public import Logging
public import ServiceLifecycle
import Synchronization
public import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Watches the inbox and its sub-folders with inotify and reports arrivals; never polls.
///
/// A `Service`: its `run()` lasts as long as the watch, and a watch that fails (`poll` or
/// `read` on the inotify descriptor, a watch that cannot be set again) makes `run()` throw,
/// which ends the daemon with a non-zero exit so systemd restarts it, instead of a daemon
/// that looks healthy and no longer sees new files.
///
/// The reader blocks in `poll` on a thread of its own so no Swift concurrency thread is
/// held, and idle costs no CPU. It watches the inbox for `IN_CLOSE_WRITE | IN_MOVED_TO`,
/// `IN_CREATE` for files that are never closed after writing (links, FIFOs), with `IN_OPEN`
/// and `IN_CLOSE_NOWRITE` to tell a new file being written from one linked in whole, and
/// the inbox's parent for the inbox itself coming back after it was deleted or replaced.
///
/// With `[inbox] recursive`, every sub-folder down to `max_depth` gets a watch of its own
/// (`InboxSubfolders`), set before the folder is listed: a folder made with files already in
/// it (`mkdir -p`, `mv dir inbox/`) is listed once its watch is set, so a file is seen by
/// the listing, by an event, or by both (the queue takes a name once). A sub-folder that
/// gets no watch because the user's inotify watches are used up is handed to `fallback`,
/// which lists it at an interval instead.
public final class InboxWatcher: Service, Sendable {
    public let inbox: FilePath
    /// The inotify descriptor (internal for the test that breaks it).
    let inotify: Int32
    /// Read and write ends of the pipe that wakes the reader thread for shutdown.
    private let wake: (read: Int32, write: Int32)
    private let watches = Mutex(Watches())
    let subfolders: InboxSubfolders
    let logger: Logger
    let deliver: @Sendable (InboxEvent) -> Void

    private struct Watches {
        var inbox: Int32 = -1
        var parent: Int32 = -1
    }

    static let inboxMask = UInt32(
        IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_OPEN | IN_CLOSE_NOWRITE | IN_DELETE_SELF | IN_MOVE_SELF
            | IN_ONLYDIR | IN_DONT_FOLLOW)

    /// Sets up the watches on a flat inbox (tests of the watch itself).
    public convenience init(
        inbox: FilePath, logger: Logger, deliver: @escaping @Sendable (InboxEvent) -> Void
    ) throws(SystemCallError) {
        var settings = InboxSettings(path: inbox)
        settings.recursive = false
        try self.init(settings: settings, logger: logger, deliver: deliver)
    }

    /// Sets up the watches, so that files arriving from now on are seen; `run()` reports
    /// them. A missing inbox is not an error here: it is logged and watched for.
    /// - Parameter fallback: takes a sub-folder (path inside the inbox) that could get no
    ///   watch because the user's inotify watches are used up, to be listed at an interval.
    /// - Throws: when inotify cannot be had or the inbox's watch cannot be set for another
    ///   reason than a missing folder (the user's watch limit, permissions).
    public init(
        settings: InboxSettings, logger: Logger, fallback: @escaping @Sendable (FilePath) -> Void = { _ in },
        deliver: @escaping @Sendable (InboxEvent) -> Void
    ) throws(SystemCallError) {
        self.inbox = settings.path
        self.logger = logger
        self.deliver = deliver
        inotify = try systemCall("inotify_init1", "setting up inotify") { inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC)) }
        var ends: [Int32] = [-1, -1]
        do {
            try systemCall("pipe2", "setting up the inotify reader's shutdown wake-up") {
                newswatch_pipe2(&ends, O_NONBLOCK | O_CLOEXEC)
            }
        } catch {
            closeDescriptor(inotify)
            throw error
        }
        wake = (ends[0], ends[1])
        subfolders = InboxSubfolders(tree: InboxTree(settings: settings), inotify: inotify, logger: logger, fallback: fallback)
        do {
            let parent = inbox.removingLastComponent()
            let parentWatch = try Self.addWatch(
                inotify, parent, mask: UInt32(IN_CREATE | IN_MOVED_TO | IN_ONLYDIR), purpose: "the inbox's parent folder")
            if parentWatch == nil {
                logger.error("the inbox's parent folder \(parent) does not exist; the inbox cannot come back without a restart")
            }
            watches.withLock { $0.parent = parentWatch ?? -1 }
            if try !addInboxWatch() {
                logger.error("the inbox \(inbox) does not exist; waiting for it to be created")
            }
        } catch {
            closeDescriptor(inotify)
            closeDescriptor(wake.read)
            closeDescriptor(wake.write)
            throw error
        }
    }

    deinit {
        closeDescriptor(inotify)
        closeDescriptor(wake.read)
        closeDescriptor(wake.write)
    }

    /// `inotify_add_watch`; nil when the folder does not exist (yet).
    private static func addWatch(
        _ inotify: Int32, _ folder: FilePath, mask: UInt32, purpose: String
    ) throws(SystemCallError) -> Int32? {
        do {
            return try systemCall("inotify_add_watch", "watching \(purpose) \(folder)") {
                folder.withPlatformString { inotify_add_watch(inotify, $0, mask) }
            }
        } catch  where error.errno == .noSuchFileOrDirectory || error.errno == .notDirectory {
            return nil
        }
    }

    /// Adds the watch on the inbox folder, then on its sub-folders; false when it does not
    /// exist (yet).
    @discardableResult
    func addInboxWatch() throws(SystemCallError) -> Bool {
        let descriptor = try Self.addWatch(inotify, inbox, mask: Self.inboxMask, purpose: "the inbox")
        watches.withLock { $0.inbox = descriptor ?? -1 }
        guard descriptor != nil else { return false }
        subfolders.watchAll()
        return true
    }

    public var isWatchingInbox: Bool { watches.withLock { $0.inbox >= 0 } }

    /// Reports events until graceful shutdown; throws when the watch fails.
    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    let thread = Thread { [self] in
                        do {
                            try readLoop()
                            continuation.resume()
                        } catch {
                            logger.critical("the inbox watch failed, newswatch stops so that it is restarted: \(error)")
                            continuation.resume(throwing: error)
                        }
                    }
                    thread.name = "newswatch-inotify"
                    thread.start()
                }
            } onCancel: {
                stop()
            }
        } onGracefulShutdown: {
            self.stop()
        }
    }

    /// Wakes the reader thread so it returns.
    func stop() {
        var one: UInt8 = 1
        // A full pipe already holds a wake-up; nothing else can fail on our own pipe.
        _ = try? systemCall("write", "waking the inotify reader") { Glibc.write(wake.write, &one, 1) }
    }

    private func readLoop() throws(SystemCallError) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var fresh = FreshFiles()
        while true {
            var descriptors = [
                pollfd(fd: inotify, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0),
            ]
            let timeout = fresh.millisecondsToWait(now: .now)
            let ready = try systemCall("poll", "waiting for inotify events") { poll(&descriptors, 2, timeout) }
            if descriptors[1].revents != 0 { return }
            if ready > 0 {
                let count: Int
                do {
                    count = try systemCall("read", "reading inotify events") {
                        buffer.withUnsafeMutableBytes { Glibc.read(inotify, $0.baseAddress!, $0.count) }
                    }
                } catch  where error.errno == .resourceTemporarilyUnavailable {
                    continue
                }
                // inotify never ends; a descriptor that does is not inotify any more.
                guard count > 0 else {
                    throw SystemCallError(call: "read", errno: .ioError, reason: "reading inotify events: end of file")
                }
                try parse(buffer, count: count, fresh: &fresh)
            }
            for name in fresh.settled(now: .now) {
                deliver(.arrived(name))
            }
        }
    }

    /// What `lstat` says of a name in the inbox; nil when it is gone.
    private func status(of name: FilePath) -> stat? {
        var status = stat()
        let path = inbox.pushing(name)
        guard (try? systemCall("lstat", "inspecting \(path)", { path.withPlatformString { lstat($0, &status) } })) != nil
        else { return nil }
        return status
    }

    private func parse(_ buffer: [UInt8], count: Int, fresh: inout FreshFiles) throws(SystemCallError) {
        let headerSize = MemoryLayout<inotify_event>.size
        var offset = 0
        let (inboxWatch, parentWatch) = watches.withLock { ($0.inbox, $0.parent) }
        while offset + headerSize <= count {
            let event = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: inotify_event.self) }
            let nameLength = Int(event.len)
            // The daemon's own reads bring IN_OPEN and IN_CLOSE_NOWRITE for every file; they
            // matter only while a file created in place waits (`FreshFiles`).
            if event.mask & UInt32(IN_OPEN | IN_CLOSE_NOWRITE) != 0, event.mask & UInt32(IN_ISDIR) == 0, fresh.isEmpty {
                offset += headerSize + nameLength
                continue
            }
            var name: FilePath.Component?
            if nameLength > 0 {
                let bytes = buffer[(offset + headerSize)..<(offset + headerSize + nameLength)]
                name = OutboxBatchCoding.component(Array(bytes.prefix { $0 != 0 }))
            }
            offset += headerSize + nameLength
            let mask = event.mask
            if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                // Events were lost, sub-folders made among them too: watch what is missing first.
                subfolders.watchAll()
                deliver(.rescan(reason: "the inotify queue overflowed"))
                continue
            }
            if event.wd == inboxWatch && inboxWatch >= 0 {
                if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED) != 0 {
                    if mask & UInt32(IN_MOVE_SELF) != 0 {
                        // The watch follows the moved folder; it is not the inbox any more.
                        _ = try? systemCall("inotify_rm_watch", "unwatching the moved inbox") {
                            inotify_rm_watch(inotify, event.wd)
                        }
                    }
                    watches.withLock { $0.inbox = -1 }
                    subfolders.forgetAll()
                    deliver(.inboxGone)
                    // It may already be back (replaced by a rename).
                    if try addInboxWatch() { deliver(.rescan(reason: "the inbox folder came back")) }
                    continue
                }
                guard let name else { continue }
                arrival(name, in: nil, mask: mask, fresh: &fresh)
            } else if event.wd == parentWatch, let name, name == inbox.lastComponent, mask & UInt32(IN_ISDIR) != 0 {
                if !isWatchingInbox, try addInboxWatch() {
                    deliver(.rescan(reason: "the inbox folder came back"))
                }
            } else if let folder = subfolders.folder(watchedBy: event.wd) {
                if mask & UInt32(IN_IGNORED) != 0 {
                    subfolders.forget(watch: event.wd)
                } else if mask & UInt32(IN_MOVE_SELF) != 0 {
                    subfolders.moved(watch: event.wd, deliver: deliver)
                } else if let name {
                    arrival(name, in: folder, mask: mask, fresh: &fresh)
                }
            }
        }
    }

    /// An event about `name` in a watched folder (`folder` inside the inbox; nil for the inbox): a file to take now,
    /// a fresh file to wait for, or a sub-folder that came or went.
    private func arrival(_ name: FilePath.Component, in folder: FilePath?, mask: UInt32, fresh: inout FreshFiles) {
        let path = folder.map { $0.appending(name) } ?? FilePath(root: nil, [name])
        if mask & UInt32(IN_ISDIR) != 0 {
            if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 { subfolders.arrived(path, deliver: deliver) }
            return
        }
        guard !subfolders.tree.settings.ignore.ignores(name, in: path) else { return }
        if mask & UInt32(IN_CLOSE_WRITE | IN_MOVED_TO) != 0 {
            fresh.forget(path)
            deliver(.arrived(path))
        } else if mask & UInt32(IN_CREATE) != 0 {
            arrivedByCreation(path, fresh: &fresh)
        } else if mask & UInt32(IN_OPEN) != 0 {
            fresh.opened(path)
        } else if mask & UInt32(IN_CLOSE_NOWRITE) != 0, fresh.closedUnwritten(path) {
            deliver(.arrived(path))
        }
    }

    /// A name that appeared by `IN_CREATE`. A link, FIFO or socket is never written and
    /// closed, so it is reported (and failed) at once; so is a second name of a file
    /// (`ln`). A new regular file with one name is either being written (`open` with
    /// `O_CREAT`: `IN_OPEN` follows at once, then `IN_CLOSE_WRITE`) or was linked in whole
    /// (`O_TMPFILE` + `linkat`: nothing follows); `FreshFiles` waits briefly to tell which.
    private func arrivedByCreation(_ name: FilePath, fresh: inout FreshFiles) {
        guard let status = status(of: name) else { return }
        let type = status.st_mode & S_IFMT
        if type == S_IFDIR { return }
        if type != S_IFREG || status.st_nlink > 1 {
            deliver(.arrived(name))
        } else {
            fresh.created(name, at: .now)
        }
    }
}
