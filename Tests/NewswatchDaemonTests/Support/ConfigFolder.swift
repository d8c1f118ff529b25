import Foundation
import SystemPackage

@testable import NewswatchDaemon

/// A throwaway folder holding a `newswatch.toml` and optional `topics.d/*.toml` drop-ins,
/// loaded the way the daemon loads them.
final class ConfigFolder {
    let url: URL
    var file: URL { url.appending(path: "newswatch.toml") }
    var path: String { file.path }

    /// The least a valid config needs, before the text under test.
    static let base = "[inbox]\npath = \"inbox\"\n[state]\ndirectory = \"state\"\n"

    init(_ main: String, dropIns: [String: String] = [:]) throws {
        url = FileManager.default.temporaryDirectory.appending(path: "newswatch-config-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try main.write(to: file, atomically: true, encoding: .utf8)
        if !dropIns.isEmpty {
            let folder = url.appending(path: "topics.d")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, text) in dropIns { try text.write(to: folder.appending(path: name), atomically: true, encoding: .utf8) }
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func load() -> Result<NewswatchConfiguration, ConfigurationError> {
        do throws(ConfigurationError) {
            return .success(try ConfigurationLoader.standard.load(from: FilePath(path)))
        } catch {
            return .failure(error)
        }
    }

    /// Every problem the load reported: the errors of a failed load, or the warnings of one
    /// that worked.
    func problems() -> [ConfigurationProblem] {
        switch load() {
        case .success(let configuration): configuration.warnings
        case .failure(let error): error.problems
        }
    }

    /// The problems as `FILE:LINE: …` lines with this folder's path replaced by `$`.
    func messages() -> [String] {
        problems().map { $0.description.replacingOccurrences(of: url.path, with: "$") }
    }
}
