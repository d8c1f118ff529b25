import Foundation
import Synchronization
public import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// The small state file of the forwarder: for each destination, the cursor of the last
/// journal entry it has dealt with (delivered, or filtered out). Written whole to a
/// temporary file, flushed and renamed over the old one, so a crash leaves either the old
/// or the new cursors, never a torn file.
public final class CursorStore: Sendable {
    public let path: FilePath
    private let cursors: Mutex<[String: String]>

    /// Reads `path` if it exists; a missing file is an empty store (the first start).
    public init(path: FilePath) throws(ForwardError) {
        self.path = path
        var loaded: [String: String] = [:]
        guard FileManager.default.fileExists(atPath: path.string) else {
            cursors = Mutex(loaded)
            return
        }
        do {
            let data = try Data(contentsOf: URL(filePath: path.string))
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                let destinations = object["cursors"] as? [String: String]
            else {
                throw ForwardError("\(path): not a newswatch forward state file (move it away to start afresh)")
            }
            loaded = destinations
        } catch let error as ForwardError {
            throw error
        } catch {
            throw ForwardError("\(path): cannot read the forward state: \(error.localizedDescription)")
        }
        cursors = Mutex(loaded)
    }

    public func cursor(for destination: String) -> String? {
        cursors.withLock { $0[destination] }
    }

    /// Records `cursor` for `destination` and writes the file atomically.
    public func save(_ cursor: String, for destination: String) throws(ForwardError) {
        // Destinations save from their own tasks: the write happens under the lock, so the
        // file on disk always carries the newest cursor of every destination.
        try cursors.withLock { (cursors) throws(ForwardError) in
            cursors[destination] = cursor
            try write(cursors)
        }
    }

    private func write(_ cursors: [String: String]) throws(ForwardError) {
        let data: Data
        do {
            data = try JSONSerialization.data(
                withJSONObject: ["version": 1, "cursors": cursors] as [String: Any], options: [.sortedKeys])
        } catch {
            throw ForwardError("cannot encode the forward state: \(error)")
        }
        let temporary = FilePath(path.string + ".tmp")
        do {
            let fd = try systemCall("open", "creating \(temporary)") {
                temporary.withPlatformString { open($0, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640) }
            }
            defer { close(fd) }
            let bytes = [UInt8](data)
            var offset = 0
            while offset < bytes.count {
                offset += try systemCall("write", "writing \(temporary)") {
                    bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
                }
            }
            try systemCall("fsync", "flushing \(temporary)") { fsync(fd) }
            try systemCall("rename", "replacing \(path)") {
                temporary.withPlatformString { from in path.withPlatformString { rename(from, $0) } }
            }
        } catch {
            throw ForwardError("cannot save the forward state: \(error)")
        }
    }
}
