import Foundation

/// A small tmpfs mounted on a test's folder, to make a file system fill up or turn read-only
/// under the daemon. Unmounted when released. Needs root (CI runs as root).
final class TmpfsMount {
    let path: URL

    init(at path: URL, size: String) throws {
        self.path = path
        try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true)
        try runChecked("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size),mode=0755", "newswatch-test", path.path])
    }

    deinit {
        // Lazily: a daemon still holding a descriptor does not keep the mount alive.
        _ = try? runCommand("/bin/umount", ["-l", path.path])
    }

    func remount(_ options: String) throws {
        try runChecked("/bin/mount", ["-o", "remount,\(options)", path.path])
    }

    /// Fills the file system to the last byte with one file; returns its size.
    @discardableResult
    func fill(name: String = "filler") throws -> Int {
        let file = path.appending(path: name)
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        let block = Data(repeating: 0x5A, count: 64 * 1024)
        var written = 0
        var chunk = block
        while true {
            do {
                try handle.write(contentsOf: chunk)
                written += chunk.count
            } catch {
                // Full: write smaller pieces until even one byte does not fit.
                if chunk.count == 1 { return written }
                chunk = Data(repeating: 0x5A, count: chunk.count / 2)
            }
        }
    }
}
