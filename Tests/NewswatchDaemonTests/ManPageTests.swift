import Foundation
import NewswatchTestSupport
import Testing

@testable import NewswatchDaemon

/// The man pages and shell completions say what the binary and the schema do: every
/// command and option in newswatch(1), every table and key in newswatch.toml(5), and nothing
/// that does not exist.
@Suite("Man pages and completions")
struct ManPageTests {
    static let manFolder = SharedData.repositoryRoot.appending(path: "man")

    /// One command of the binary, from ArgumentParser's `--experimental-dump-help`.
    struct Command {
        var path: String
        var options: [String]
    }

    static func commands() throws -> [Command] {
        let dump = try DaemonFixture.command(["--experimental-dump-help"])
        let root = try #require(JSONSerialization.jsonObject(with: Data(dump.output.utf8)) as? [String: Any])
        var found: [Command] = []
        func walk(_ command: [String: Any], prefix: String) {
            let name = command["commandName"] as? String ?? ""
            let path = prefix.isEmpty ? "" : (prefix == "newswatch" ? name : "\(prefix) \(name)")
            let arguments = command["arguments"] as? [[String: Any]] ?? []
            let options = arguments.flatMap { argument in
                (argument["names"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String == "long" ? $0["name"] as? String : nil }
            }.filter { $0 != "help" && $0 != "version" }
            if name != "help" { found.append(Command(path: path, options: options)) }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] { walk(sub, prefix: prefix.isEmpty ? name : path) }
        }
        walk(try #require(root["command"] as? [String: Any]), prefix: "")
        return found
    }

    /// The text of each `.SS` section of a page, keyed by its title, with roff's `\-` as `-`.
    static func sections(of page: String) throws -> [String: String] {
        let text = try String(contentsOf: manFolder.appending(path: page), encoding: .utf8)
            .replacingOccurrences(of: "\\-", with: "-")
        var sections: [String: String] = [:]
        var title: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(".SS ") {
                title = String(line.dropFirst(4))
                sections[title!] = ""
            } else if line.hasPrefix(".SH ") {
                title = nil
            } else if let title {
                sections[title]! += line + "\n"
            }
        }
        return sections
    }

    @Test("newswatch(1) has a section for every command holding each of its options, and no other")
    func manualCoversEveryCommand() throws {
        let sections = try Self.sections(of: "newswatch.1")
        let all = try Self.commands()
        // Commands that only group others (`config`, `topics`) and the root need no section.
        let commands = all.filter { command in
            !command.path.isEmpty && !all.contains { $0.path.hasPrefix(command.path + " ") }
        }
        for command in commands {
            let section = try #require(sections[command.path], "no .SS \(command.path) in newswatch.1")
            for option in command.options {
                #expect(section.contains("--\(option)"), "newswatch.1 \(command.path) lacks --\(option)")
            }
            let documented = Set(section.matches(of: /--([a-z][a-z-]*)/).map { String($0.1) })
            #expect(documented.subtracting(command.options).isEmpty, "\(command.path) documents \(documented.subtracting(command.options))")
        }
        #expect(Set(sections.keys) == Set(commands.map(\.path)))
    }

    @Test("newswatch.toml(5) has a section for every table holding each key of the schema, and no other")
    func configPageCoversTheSchema() throws {
        let sections = try Self.sections(of: "newswatch.toml.5")
        #expect(Set(sections.keys) == Set(ConfigurationSchema.tables.map(\.header)))
        for table in ConfigurationSchema.tables {
            let section = try #require(sections[table.header])
            let documented = section.split(separator: "\n").filter { $0.hasPrefix(".B ") }.map { String($0.dropFirst(3)) }
            #expect(documented == table.keys.map(\.name), "\(table.header)")
        }
    }

    @Test("groff reads both pages without a warning", arguments: ["newswatch.1", "newswatch.toml.5"])
    func pagesAreCleanRoff(page: String) throws {
        let result = try SystemdUnitTests.run(
            "groff", ["-z", "-ww", "-man", Self.manFolder.appending(path: page).path])
        #expect(result.status == 0 && result.output.isEmpty, "\(result.output)")
    }

    @Test("shell completions are generated for bash, zsh and fish and name every command", arguments: ["bash", "zsh", "fish"])
    func completionsNameEveryCommand(shell: String) throws {
        let result = try DaemonFixture.command(["--generate-completion-script", shell])
        #expect(result.status == 0, "\(result.error)")
        for command in try Self.commands() where !command.path.isEmpty {
            #expect(result.output.contains(command.path.split(separator: " ").last!), "\(shell) lacks \(command.path)")
        }
        if shell == "bash" {
            let folder = FileManager.default.temporaryDirectory.appending(path: "newswatch-completion-\(UUID().uuidString.prefix(8))")
            try result.output.write(to: folder, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: folder) }
            let syntax = try SystemdUnitTests.run("bash", ["-n", folder.path])
            #expect(syntax.status == 0, "\(syntax.output)")
        }
    }
}
