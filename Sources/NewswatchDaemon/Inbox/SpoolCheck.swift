import Logging
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Refuses, at start, a spool whose `processed/` or `failed/` lies on another file system
/// than the inbox.
///
/// Files leave the inbox by `rename`, which is atomic and cannot leave half a file behind,
/// but cannot cross file systems (`EXDEV`), nor mount points of one file system (a bind
/// mount). Copying instead would need a copy, fsync, rename and unlink that a crash can cut
/// in the middle; newswatch asks for one file system instead, and checks it the only sure
/// way: by renaming a probe file from the inbox into each folder.
enum SpoolCheck {
    struct Mismatch: Error, CustomStringConvertible {
        var description: String
    }

    static func requireOneFileSystem(_ inbox: InboxSettings, logger: Logger) throws {
        let probeName = FilePath.Component(".newswatch-spool-check-\(getpid())")!
        let probe = inbox.path.appending(probeName)
        do {
            let fd = try systemCall("open", "creating \(probe)") {
                probe.withPlatformString { open($0, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600) }
            }
            closeDescriptor(fd)
        } catch {
            // A missing or read-only inbox: the moves will say so; nothing to probe with now.
            logger.notice("cannot check that the spool folders share the inbox's file system: \(error)")
            return
        }
        defer { _ = try? systemCall("unlink", "removing \(probe)") { probe.withPlatformString { unlink($0) } } }
        for folder in [inbox.processed, inbox.failed] {
            let target = folder.appending(probeName)
            do {
                try systemCall("rename", "moving \(probe) to \(target)") {
                    probe.withPlatformString { from in target.withPlatformString { to in rename(from, to) } }
                }
            } catch  where error.errno == .improperLink {
                throw Mismatch(
                    description: "\(folder) is on another file system (or mount) than the inbox \(inbox.path): "
                        + "newswatch moves files out of the inbox by rename, which cannot cross file systems; "
                        + "put the inbox, processed/ and failed/ on one file system")
            } catch {
                logger.notice("cannot check that \(folder) shares the inbox's file system: \(error)")
                continue
            }
            try systemCall("rename", "moving \(target) back to \(probe)") {
                target.withPlatformString { from in probe.withPlatformString { to in rename(from, to) } }
            }
        }
    }
}
