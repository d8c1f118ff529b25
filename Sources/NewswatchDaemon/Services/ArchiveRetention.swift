public import Logging
public import ServiceLifecycle
public import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// `[archive] keep`: deletes files in `processed/` and `failed/` older than that, at start
/// and once an interval, with one summary line a run.
///
/// A file's age is counted from the later of its modification and status-change times, as
/// systemd-tmpfiles counts: the move into the archive (a rename) sets the status-change
/// time, so a page whose scraper kept an old modification time is still kept its full time
/// after it was archived. Dated folders left empty are removed; links are never followed.
public struct ArchiveRetention<C: Clock>: Service where C.Duration == Duration {
    let folders: [FilePath]
    /// Seconds a file is kept.
    let keep: Int64
    let interval: Duration
    let clock: C
    let logger: Logger
    /// Wall-clock seconds since the epoch.
    let now: @Sendable () -> Int64

    public init(
        folders: [FilePath], keep: Int64, interval: Duration = .seconds(3_600), clock: C, logger: Logger,
        now: @escaping @Sendable () -> Int64
    ) {
        self.folders = folders
        self.keep = keep
        self.interval = interval
        self.clock = clock
        self.logger = logger
        self.now = now
    }

    public func run() async throws {
        sweep()
        await repeatUntilShutdown(every: interval, clock: clock) { sweep() }
    }

    /// What one run deleted.
    struct Sweep: Equatable {
        var files = 0
        var bytes: Int64 = 0
        var folders = 0
        var errors = 0
    }

    /// Deletes what is older than `keep` now; returns what it did, after logging it.
    @discardableResult
    func sweep() -> Sweep {
        let cutoff = now() - keep
        var result = Sweep()
        for folder in folders {
            do {
                try DirectoryListing.entries(of: nil, in: AT_FDCWD, path: folder) { descriptor, entries throws(SystemCallError) in
                    sweep(descriptor, entries, path: folder, cutoff: cutoff, into: &result)
                }
            } catch  where error.errno == .noSuchFileOrDirectory {
                continue
            } catch {
                result.errors += 1
                logger.warning("archive retention: cannot list \(folder): \(error)")
            }
        }
        let kept = DurationText.text(seconds: keep)
        let line =
            "archive retention: deleted \(result.files) files (\(result.bytes) bytes) older than \(kept) "
            + "and \(result.folders) empty folders from \(folders.map(\.string).joined(separator: " and "))"
            + (result.errors > 0 ? "; \(result.errors) could not be deleted (see above)" : "")
        if result.errors > 0 { logger.warning("\(line)") } else { logger.info("\(line)") }
        return result
    }

    private func sweep(
        _ descriptor: Int32, _ entries: [DirectoryListing.Entry], path: FilePath, cutoff: Int64, into result: inout Sweep
    ) {
        for entry in entries {
            guard let name = FilePath.Component(entry.name) else { continue }
            var status = stat()
            guard
                (try? systemCall(
                    "fstatat", "inspecting \(path.appending(name))",
                    {
                        name.withPlatformString { fstatat(descriptor, $0, &status, AT_SYMLINK_NOFOLLOW) }
                    })) != nil
            else { continue }
            if status.st_mode & S_IFMT == S_IFDIR {
                do {
                    try DirectoryListing.entries(of: name, in: descriptor, path: path.appending(name)) {
                        inner, listed throws(SystemCallError) in
                        sweep(inner, listed, path: path.appending(name), cutoff: cutoff, into: &result)
                    }
                } catch {
                    continue
                }
                // Only an empty folder goes; one with files still kept stays (ENOTEMPTY).
                if (try? systemCall(
                    "unlinkat", "removing \(path.appending(name))",
                    {
                        name.withPlatformString { unlinkat(descriptor, $0, AT_REMOVEDIR) }
                    })) != nil
                {
                    result.folders += 1
                }
                continue
            }
            let changed = max(Int64(status.st_mtim.tv_sec), Int64(status.st_ctim.tv_sec))
            guard changed < cutoff else { continue }
            do {
                try systemCall("unlinkat", "deleting \(path.appending(name))") {
                    name.withPlatformString { unlinkat(descriptor, $0, 0) }
                }
                result.files += 1
                result.bytes += Int64(status.st_size)
            } catch  where error.errno == .noSuchFileOrDirectory {
                continue
            } catch {
                result.errors += 1
                logger.warning("archive retention: \(error)")
            }
        }
    }
}
