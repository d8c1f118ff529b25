import CLinux
import Logging
import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// The inotify watches on the inbox's sub-folders, each with the folder's path inside the
/// inbox, for `InboxWatcher`.
///
/// A sub-folder is watched before it is listed, so nothing written into it meanwhile is
/// missed. When the user's inotify watches are used up (`ENOSPC`), the folder is handed to
/// `fallback` to be listed at an interval, and a warning names the sysctl to raise, once.
final class InboxSubfolders: Sendable {
    let tree: InboxTree
    private let inotify: Int32
    private let logger: Logger
    private let fallback: @Sendable (FilePath) -> Void
    private let state = Mutex(State())

    private struct State {
        var folders: [Int32: FilePath] = [:]
        var watches: [FilePath: Int32] = [:]
        /// Sub-folders already reported as left alone, so each is reported once.
        var reported: Set<FilePath> = []
        var reportedExhaustion = false
    }

    /// What a sub-folder's watch waits for: what the inbox's does, and the folder itself
    /// being moved (`IN_MOVE_SELF`). Not `IN_MOVED_FROM` on its parent: every file the daemon
    /// moves out of the inbox would bring one, in the middle of a burst.
    static let mask = UInt32(
        IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_OPEN | IN_CLOSE_NOWRITE | IN_MOVE_SELF | IN_ONLYDIR
            | IN_DONT_FOLLOW)

    init(tree: InboxTree, inotify: Int32, logger: Logger, fallback: @escaping @Sendable (FilePath) -> Void) {
        self.tree = tree
        self.inotify = inotify
        self.logger = logger
        self.fallback = fallback
    }

    func folder(watchedBy watch: Int32) -> FilePath? {
        state.withLock { $0.folders[watch] }
    }

    var count: Int { state.withLock { $0.folders.count } }

    /// Watches every sub-folder that is the inbox's and has no watch yet, and reports (once)
    /// those left alone. Files are not listed: the processor's listing follows.
    func watchAll() {
        do {
            try tree.walk(enter: { watch($0) }, skipped: report, foldersOnly: true)
        } catch {
            logger.warning("cannot list the inbox \(tree.inbox) for its sub-folders: \(error)")
        }
    }

    /// A sub-folder made in, or moved into, a watched folder: watched, then listed, with
    /// its own sub-folders, each file found delivered.
    func arrived(_ path: FilePath, deliver: (InboxEvent) -> Void) {
        if let exclusion = tree.exclusion(of: path) {
            report(path, exclusion)
            return
        }
        guard watch(path) else { return }
        do {
            try tree.walk(from: path, enter: { watch($0) }, skipped: report, file: { deliver(.arrived($0.path)) })
        } catch  where [.noSuchFileOrDirectory, .notDirectory, .tooManySymbolicLinkLevels].contains(error.errno) {
            forget(path)
        } catch {
            logger.warning("cannot list \(tree.inbox.pushing(path)): \(error)")
        }
    }

    /// The sub-folder watched by `watch` was moved. Moved to another name in the inbox, it
    /// has arrived there already (the kernel reports `IN_MOVED_TO` before `IN_MOVE_SELF`) and
    /// its watch follows the new name; moved away, its watches and those below it go, and
    /// whatever now has its old name is taken as a new sub-folder.
    func moved(watch: Int32, deliver: (InboxEvent) -> Void) {
        guard let path = folder(watchedBy: watch) else { return }
        let folder = tree.inbox.pushing(path)
        let current = try? systemCall("inotify_add_watch", "checking \(folder)") {
            folder.withPlatformString { inotify_add_watch(inotify, $0, Self.mask) }
        }
        if current == watch { return }
        forget(path)
        if current != nil { arrived(path, deliver: deliver) }
    }

    /// The watch is gone (its folder deleted, or the watch removed).
    func forget(watch: Int32) {
        state.withLock { state in
            if let path = state.folders.removeValue(forKey: watch), state.watches[path] == watch {
                state.watches[path] = nil
            }
        }
    }

    /// Every sub-folder watch goes: the inbox itself went away.
    func forgetAll() {
        let all = state.withLock { state in
            defer {
                state.folders = [:]
                state.watches = [:]
            }
            return Array(state.folders.keys)
        }
        for watch in all { remove(watch) }
    }

    private func forget(_ path: FilePath) {
        let gone = state.withLock { state in
            let paths = state.watches.keys.filter { $0 == path || $0.starts(with: path) }
            return paths.compactMap { path -> Int32? in
                guard let watch = state.watches.removeValue(forKey: path) else { return nil }
                state.folders[watch] = nil
                return watch
            }
        }
        for watch in gone { remove(watch) }
    }

    private func remove(_ watch: Int32) {
        // The folder may be deleted already, its watch with it (EINVAL): nothing left to do.
        _ = try? systemCall("inotify_rm_watch", "unwatching a sub-folder of \(tree.inbox)") {
            inotify_rm_watch(inotify, watch)
        }
    }

    /// Sets the watch on `path`; false when it is gone, or no watch could be had (then it
    /// is listed at an interval instead).
    private func watch(_ path: FilePath) -> Bool {
        let folder = tree.inbox.pushing(path)
        do {
            let watch = try systemCall("inotify_add_watch", "watching \(folder)") {
                folder.withPlatformString { inotify_add_watch(inotify, $0, Self.mask) }
            }
            state.withLock { state in
                // The same folder under a new name gets its old watch back.
                if let old = state.folders[watch], old != path { state.watches[old] = nil }
                state.folders[watch] = path
                state.watches[path] = watch
            }
            return true
        } catch  where error.errno == .noSpace {
            reportExhaustion(folder)
            fallback(path)
            return false
        } catch  where [.noSuchFileOrDirectory, .notDirectory, .tooManySymbolicLinkLevels].contains(error.errno) {
            return false
        } catch {
            logger.warning("cannot watch \(folder): \(error); files in it are taken only when the inbox is listed again")
            return false
        }
    }

    /// The warning for the user's inotify watches used up, once a run.
    private func reportExhaustion(_ folder: FilePath) {
        guard
            state.withLock({ state in
                defer { state.reportedExhaustion = true }
                return !state.reportedExhaustion
            })
        else {
            return
        }
        let limit =
            (try? FileContents.read("/proc/sys/fs/inotify/max_user_watches", limit: 64))
            .map { String(decoding: $0, as: UTF8.self).filter(\.isNumber) } ?? "?"
        logger.warning(
            """
            no inotify watch left for \(folder) (fs.inotify.max_user_watches = \(limit), \(count) sub-folders watched): \
            it and other folders without a watch are listed every \(InboxPolling.every(InboxPolling.networkInterval).text) instead; raise the limit \
            with sysctl fs.inotify.max_user_watches=\(Self.suggestedLimit(limit)) (and a file in /etc/sysctl.d/ to keep it)
            """)
    }

    private static func suggestedLimit(_ current: String) -> Int {
        max(524_288, (Int(current) ?? 0) * 4)
    }

    /// A sub-folder newswatch leaves alone, reported once at warning level when it may hold
    /// pages someone expects to be read.
    private func report(_ path: FilePath, _ exclusion: InboxTree.Exclusion) {
        let why: String
        switch exclusion {
        case .notRecursive: why = "inbox.recursive = false"
        case .tooDeep: why = "it is deeper than inbox.max_depth = \(tree.settings.maxDepth)"
        case .ignored, .spool: return
        }
        guard state.withLock({ $0.reported.insert(path).inserted }) else { return }
        logger.warning("\(tree.inbox.pushing(path)) is a sub-folder of the inbox, but \(why): files in it are left there, not read")
    }
}
