public import Foundation

/// Finds the project's shared data (`../shared` beside the repository) for tests and
/// benchmarks: the seed pages and the extraction dev corpus.
///
/// The folder is found from this source file so a fresh clone with `shared/` beside it
/// works anywhere; `NEWSWATCH_SHARED` overrides it.
public enum SharedData {
    public static var root: URL {
        if let override = ProcessInfo.processInfo.environment["NEWSWATCH_SHARED"], !override.isEmpty {
            return URL(filePath: override, directoryHint: .isDirectory)
        }
        // Sources/NewswatchTestSupport/SharedData.swift → repository root → ../shared
        let repository = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return repository.deletingLastPathComponent().appending(path: "shared", directoryHint: .isDirectory)
    }

    /// The repository's own root folder.
    public static var repositoryRoot: URL {
        URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    public static var seedsFolder: URL { root.appending(path: "seeds", directoryHint: .isDirectory) }

    /// Seed 000: a raw TASS dump with menus, "Most read" and template text around the article.
    public static var seed000: URL { seedsFolder.appending(path: "000_50ced7505d569705.txt") }
    /// Seed 001: a cleaner copy of another TASS story.
    public static var seed001: URL { seedsFolder.appending(path: "001_890860f65cca81eb.txt") }

    public static func bytes(of url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }

    public static func text(of url: URL) throws -> String {
        String(decoding: try bytes(of: url), as: UTF8.self)
    }
}
