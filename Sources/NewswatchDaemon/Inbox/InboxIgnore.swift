public import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// `[inbox] ignore`: glob patterns of names newswatch never takes, because they are files
/// (or folders) still being written and renamed into place when done.
///
/// A pattern without `/` is matched against the name alone (`*.part`), in any folder; one
/// with `/` against the path inside the inbox (`reuters/*.json`), `*` then stopping at `/`.
/// A sub-folder whose name matches is not watched either, so a scraper may stage files in
/// `.incoming/` and rename them out of it.
public struct InboxIgnore: Sendable, Equatable {
    public let patterns: [String]
    /// Patterns matched against the name, and against the path inside the inbox.
    private let namePatterns: [[CChar]]
    private let pathPatterns: [[CChar]]

    /// Today's rules: hidden files and the usual suffixes of files being written.
    public static let standard = InboxIgnore(patterns: [".*", "*.tmp", "*.part", "*~"])

    public init(patterns: [String]) {
        self.patterns = patterns
        namePatterns = patterns.filter { !$0.contains("/") }.map { Array($0.utf8CString) }
        pathPatterns = patterns.filter { $0.contains("/") }.map { Array($0.utf8CString) }
    }

    public static func == (lhs: InboxIgnore, rhs: InboxIgnore) -> Bool { lhs.patterns == rhs.patterns }

    /// Whether the file (or folder) at `path`, relative to the inbox, is left alone.
    public func ignores(_ path: FilePath) -> Bool {
        guard let name = path.lastComponent else { return false }
        return ignores(name, in: path)
    }

    /// Whether the file (or folder) `name`, at `path` inside the inbox, is left alone; the
    /// path is looked at only by patterns with a `/`. The corresponding C function is
    /// `fnmatch`: no system call, no allocation.
    public func ignores(_ name: FilePath.Component, in path: @autoclosure () -> FilePath) -> Bool {
        if !namePatterns.isEmpty {
            let matched = name.withPlatformString { name in
                namePatterns.contains { pattern in pattern.withUnsafeBufferPointer { fnmatch($0.baseAddress!, name, 0) == 0 } }
            }
            if matched { return true }
        }
        guard !pathPatterns.isEmpty else { return false }
        return path().withPlatformString { path in
            pathPatterns.contains { pattern in
                pattern.withUnsafeBufferPointer { fnmatch($0.baseAddress!, path, FNM_PATHNAME) == 0 }
            }
        }
    }

    /// Why a pattern cannot be used; nil when it can. An absolute pattern or one with `..`
    /// could never match a path inside the inbox.
    static func problem(with pattern: String) -> String? {
        if pattern.isEmpty { return "an empty pattern matches nothing" }
        if pattern.hasPrefix("/") { return "\"\(pattern)\" is absolute; patterns match names or paths inside the inbox" }
        if pattern.split(separator: "/").contains("..") { return "\"\(pattern)\" goes out of the inbox (..)" }
        return nil
    }
}
