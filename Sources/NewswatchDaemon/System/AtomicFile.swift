import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Replaces a whole file so that a reader sees either the old contents or the new, never
/// half of them: the bytes go to a temporary name in the same folder (so `rename` stays on
/// one file system), which is then renamed over the file.
///
/// Used for files other programs poll: `status.json` and the node_exporter textfile. The
/// temporary name starts with a dot and does not end in `.prom`, so node_exporter never
/// reads it.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to path: FilePath, mode: mode_t = 0o644) throws(SystemCallError) {
        let folder = path.removingLastComponent()
        let temporary = folder.appending(".\(path.lastComponent?.string ?? "file").\(getpid()).tmp")
        let fd = try systemCall("open", "writing \(temporary)") {
            temporary.withPlatformString { open($0, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode) }
        }
        do {
            defer { closeDescriptor(fd) }
            var offset = 0
            while offset < bytes.count {
                let written = try systemCall("write", "writing \(temporary)") {
                    bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
                }
                offset += written
            }
            // The umask may have narrowed `mode`; readers such as node_exporter run as other users.
            try systemCall("fchmod", "setting the mode of \(temporary)") { fchmod(fd, mode) }
        } catch {
            remove(temporary)
            throw error
        }
        do {
            try systemCall("rename", "renaming \(temporary) to \(path)") {
                temporary.withPlatformString { from in path.withPlatformString { to in rename(from, to) } }
            }
        } catch {
            remove(temporary)
            throw error
        }
    }

    /// Deletes `path`; a file already gone is no error.
    static func remove(_ path: FilePath) {
        _ = try? systemCall("unlink", "deleting \(path)") { path.withPlatformString { unlink($0) } }
    }
}
