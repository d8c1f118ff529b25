public import Logging
public import ServiceLifecycle
import Synchronization
public import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Lists the inbox (or sub-folders of it) at an interval and reports the files it finds:
/// for an inbox on a network file system, where inotify cannot see other hosts' writes, and
/// for sub-folders that got no inotify watch.
///
/// A file is reported only once its size and modification time are the same in two looks
/// in a row: a file another host is still writing is left until it stops changing. Each
/// file is reported once for as long as it stays unchanged.
///
/// With nothing to poll (a local inbox with every sub-folder watched) the service waits on
/// a stream, with no timer: idle costs no CPU.
public final class InboxPoller<C: Clock>: Service, Sendable where C.Duration == Duration {
    let tree: InboxTree
    public let interval: Duration
    private let clock: C
    private let logger: Logger
    private let deliver: @Sendable (InboxEvent) -> Void
    /// Folders to list (paths inside the inbox; the empty path for the whole inbox).
    private let folders = Mutex<Set<FilePath>>([])
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    /// What a look saw of one file.
    struct Look: Equatable {
        var size: Int64
        var modified: timespec

        static func == (lhs: Look, rhs: Look) -> Bool {
            lhs.size == rhs.size && lhs.modified.tv_sec == rhs.modified.tv_sec
                && lhs.modified.tv_nsec == rhs.modified.tv_nsec
        }
    }

    public init(
        settings: InboxSettings, interval: Duration, clock: C, logger: Logger,
        deliver: @escaping @Sendable (InboxEvent) -> Void
    ) {
        tree = InboxTree(settings: settings)
        self.interval = interval
        self.clock = clock
        self.logger = logger
        self.deliver = deliver
        (wakeups, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Adds a folder (a path inside the inbox; empty for all of it) to the listings.
    public func poll(_ folder: FilePath) {
        let added = folders.withLock { $0.insert(folder).inserted }
        if added { wake.yield() }
    }

    public var isIdle: Bool { folders.withLock { $0.isEmpty } }

    public func run() async throws {
        var previous: [FilePath: Look] = [:]
        var reported: [FilePath: Look] = [:]
        var iterator = wakeups.makeAsyncIterator()
        await withGracefulShutdownHandler {
            while !Task.isShuttingDownGracefully {
                if isIdle {
                    guard await iterator.next() != nil else { return }
                    continue
                }
                let current = look()
                for (path, seen) in current where previous[path] == seen && reported[path] != seen {
                    deliver(.arrived(path))
                    reported[path] = seen
                }
                reported = reported.filter { current[$0.key] != nil }
                previous = current
                do {
                    try await cancelWhenGracefulShutdown { try await self.clock.sleep(for: self.interval) }
                } catch {
                    return
                }
            }
        } onGracefulShutdown: {
            self.wake.finish()
        }
    }

    /// One listing of every folder polled: each file's size and modification time.
    func look() -> [FilePath: Look] {
        let starts = folders.withLock { folders in
            // The whole inbox holds every sub-folder; a folder inside another is listed with it.
            folders.filter { folder in !folders.contains { $0 != folder && folder.starts(with: $0) } }
        }
        var seen: [FilePath: Look] = [:]
        for start in starts {
            do {
                try tree.walk(
                    from: start,
                    file: { visit in
                        var status = stat()
                        let found = try? systemCall("fstatat", "inspecting \(tree.inbox.pushing(visit.path))") {
                            visit.name.withPlatformString { fstatat(visit.folder, $0, &status, AT_SYMLINK_NOFOLLOW) }
                        }
                        if found != nil { seen[visit.path] = Look(size: Int64(status.st_size), modified: status.st_mtim) }
                    })
            } catch  where error.errno == .noSuchFileOrDirectory && !start.isEmpty {
                // A sub-folder without a watch went away.
                folders.withLock { _ = $0.remove(start) }
            } catch {
                logger.warning("cannot list \(tree.inbox.pushing(start)) to poll it: \(error)")
            }
        }
        return seen
    }
}
