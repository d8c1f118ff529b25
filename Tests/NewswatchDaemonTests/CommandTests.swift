import Foundation
import NewswatchTestSupport
import Testing

/// The command-line contract other tools rely on: names, JSON fields, exit codes.
@Suite("Commands")
struct CommandTests {
    @Test func checkJsonPrintsTheFieldsOfEachSeed() throws {
        let fixture = try DaemonFixture()
        let result = try DaemonFixture.command([
            "check", "--config", fixture.config.path, "--json", SharedData.seed000.path, SharedData.seed001.path,
        ])
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == 2)
        let objects = try lines.map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        for key in ["file", "format", "title", "published", "author", "section", "source", "body", "tags", "topics"] {
            #expect(objects.allSatisfy { $0.keys.contains(key) }, "missing \(key)")
        }
        let seed001 = objects[1]
        #expect(seed001["title"] as? String == "Russia, Belarus discuss NATO expansion threats")
        #expect(seed001["format"] as? String == "text")
        #expect((seed001["published"] as? String)?.hasPrefix("2016-08-23") == true)
        let topics = seed001["topics"] as? [[String: Any]] ?? []
        #expect(topics.map { $0["id"] as? String } == ["nato-expansion"])
        #expect((topics.first?["matched"] as? [String])?.isEmpty == false)
        let seed000Topics = (objects[0]["topics"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(seed000Topics == ["nato-expansion"], "furniture-only must not match seed 000")
    }

    @Test func checkFailsWithTheReasonForAnUnreadableFile() throws {
        let result = try DaemonFixture.command(["check", "--json", "/nonexistent/page.txt"])
        #expect(result.status == 1)
        #expect(result.output.contains("/nonexistent/page.txt"))
        #expect(result.output.contains("does not exist"))
    }

    @Test(
        "config validate names the file, line and key of a mistake",
        arguments: [
            (
                "[inbox]\npath = \"in\"\n[state]\ndirectory = \"st\"\n[[topics]]\nid = \"a\"\nquery = \"x\"\npriority = \"loud\"\n",
                ":8: topics[0].priority"
            ),
            ("[inbox]\npath = \"in\"\n[state]\n", ":3: state.directory"),
            ("[inbox]\npath = \"in\"\n[state]\ndirectory = \"st\"\n[dedup]\nwindow = \"soon\"\n", ":6: dedup.window"),
            ("[inbox\npath = 1\n", ":1:"),
            (
                "[inbox]\npath = \"in\"\n[state]\ndirectory = \"st\"\n[[topics]]\nid = \"a\"\nquery = \"NATO AND (x\"\n",
                ":7: topics[0].query: column 10: '(' is never closed"
            ),
        ]
    )
    func configValidateReportsWhereTheMistakeIs(config: String, expected: String) throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "newswatch-config-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appending(path: "newswatch.toml")
        try config.write(to: file, atomically: true, encoding: .utf8)
        let result = try DaemonFixture.command(["config", "validate", "--config", file.path])
        #expect(result.status == 1)
        #expect(result.error.contains(file.path), "\(result.error)")
        #expect(result.error.contains(expected), "\(result.error)")
    }

    @Test func configValidateAcceptsTheShippedConfig() throws {
        let shipped = SharedData.repositoryRoot.appending(path: "Config/newswatch.toml")
        let result = try DaemonFixture.command(["config", "validate", "--config", shipped.path])
        #expect(result.status == 0, "\(result.error)")
    }

    @Test func usageErrorsExitWith64() throws {
        #expect(try DaemonFixture.command(["no-such-command"]).status == 64)
        #expect(try DaemonFixture.command(["check"]).status == 64)
        #expect(try DaemonFixture.command(["run", "--bogus"]).status == 64)
    }

    @Test func everyCommandHasHelp() throws {
        let commands = [
            ["--help"], ["run", "--help"], ["check", "--help"], ["config", "validate", "--help"], ["config", "show", "--help"],
            ["topics", "list", "--help"], ["topics", "test", "--help"], ["stories", "--help"], ["retry", "--help"],
        ]
        for command in commands {
            let result = try DaemonFixture.command(command)
            #expect(result.status == 0)
            #expect(result.output.contains("USAGE"), "\(command)")
        }
    }
}
