import Logging
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Rewrites a file other programs poll (`status.json`, the metrics textfile) and says so
/// once when that starts failing and once when it works again, instead of at every tick:
/// the daemon's real work goes on either way.
struct PolledFileWriter {
    let path: FilePath
    let mode: mode_t
    /// What readers lose while the file cannot be written, for the warning.
    let consequence: String
    let logger: Logger
    private var failing = false

    init(path: FilePath, mode: mode_t = 0o644, consequence: String, logger: Logger) {
        self.path = path
        self.mode = mode
        self.consequence = consequence
        self.logger = logger
    }

    /// - Returns: whether the file now holds `bytes`.
    @discardableResult
    mutating func write(_ bytes: [UInt8]) -> Bool {
        do {
            try AtomicFile.write(bytes, to: path, mode: mode)
        } catch {
            if !failing {
                logger.warning("cannot write \(path): \(error); \(consequence) until it can (retried every few seconds)")
                failing = true
            }
            return false
        }
        if failing {
            logger.notice("\(path) is written again")
            failing = false
        }
        return true
    }
}
