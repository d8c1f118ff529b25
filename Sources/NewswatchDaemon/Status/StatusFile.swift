public import SystemPackage

/// Reads the running daemon's `status.json` for `newswatch status`, and tells a live daemon
/// from a file left by one that is gone.
public enum StatusFile {
    public enum Reading: Sendable {
        /// The daemon that wrote the file runs.
        case running(DaemonStatus)
        /// The file is there but its daemon is not: it was killed or crashed (a clean stop
        /// deletes the file).
        case stale(DaemonStatus)
        /// No file: the daemon does not run, or runs with another `runtime_directory`.
        case missing
        /// The file cannot be read or makes no sense; the reason says why.
        case unreadable(String)
    }

    public static func read(_ path: FilePath) -> Reading {
        let bytes: [UInt8]
        do {
            bytes = try FileContents.read(path, limit: 1 << 20)
        } catch {
            if error.errno == .noSuchFileOrDirectory { return .missing }
            return .unreadable("cannot read \(path): \(error.errno.description)")
        }
        let status: DaemonStatus
        do {
            status = try DaemonStatus(json: bytes)
        } catch {
            return .unreadable("\(path) is not a newswatch status file (\(bytes.count) bytes that do not parse)")
        }
        return status.process.isRunning ? .running(status) : .stale(status)
    }
}
