import Foundation
import NewswatchTestSupport
import Testing

/// The commands an operator runs beside the daemon, through the real binary: output, JSON
/// and exit codes.
@Suite("Operator commands")
struct OperatorCommandTests {
    static let topics = """
        [[topics]]
        id = "nato-expansion"
        name = "NATO expansion"
        query = 'NATO AND (expansion OR enlargement OR "build-up" OR buildup)'

        [[topics]]
        id = "nato-muted"
        name = "NATO, switched off"
        query = 'NATO'
        enabled = false
        priority = "notice"
        """

    static func json(_ line: Substring) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    // MARK: newswatch, --version

    @Test func versionNamesTheReleaseAndAGitCommitOfThisRepository() throws {
        let result = try DaemonFixture.command(["--version"])
        #expect(result.status == 0)
        let line = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line.hasPrefix("newswatch 0."), "\(line)")
        let commit = try #require(line.split(separator: " ").last?.dropLast().replacingOccurrences(of: "-dirty", with: ""))
        #expect(commit.count >= 7 && commit.allSatisfy(\.isHexDigit), "\(line)")
        let git = Process()
        git.executableURL = URL(filePath: "/usr/bin/git")
        git.arguments = ["-C", SharedData.repositoryRoot.path, "cat-file", "-e", "\(commit)^{commit}"]
        try git.run()
        git.waitUntilExit()
        #expect(git.terminationStatus == 0, "\(commit) is not a commit of this repository")
    }

    @Test func newswatchAlonePrintsHelpOnStandardErrorAndExits64() throws {
        let result = try DaemonFixture.command([])
        #expect(result.status == 64)
        #expect(result.output.isEmpty)
        #expect(result.error.contains("USAGE: newswatch <subcommand>"))
        #expect(result.error.contains("retry"))
    }

    // MARK: finding the config

    @Test func newswatchConfigSetsTheDefaultPath() throws {
        let fixture = try DaemonFixture(topics: Self.topics)
        let result = try DaemonFixture.command(
            ["check", "--json", SharedData.seed001.path], environment: ["NEWSWATCH_CONFIG": fixture.config.path])
        #expect(result.status == 0, "\(result.error)")
        let topics = try Self.json(try #require(result.output.split(separator: "\n").first))["topics"] as? [[String: Any]]
        #expect(topics?.compactMap { $0["id"] as? String } == ["nato-expansion"], "a disabled topic must not match")
        #expect(result.error.isEmpty, "\(result.error)")
    }

    @Test("check --json names a file's sub-folder of the inbox as folder, and null outside the inbox")
    func checkNamesTheFolder() throws {
        let fixture = try DaemonFixture(topics: Self.topics)
        let nested = fixture.inbox.appending(path: "reuters/world/page.txt")
        try FileManager.default.createDirectory(at: nested.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contentsOf: SharedData.seed001).write(to: nested)
        try Data(contentsOf: SharedData.seed001).write(to: fixture.inbox.appending(path: "top.txt"))
        let result = try DaemonFixture.command(
            [
                "check", "--json", "--config", fixture.config.path, nested.path, fixture.inbox.appending(path: "top.txt").path,
                SharedData.seed001.path,
            ])
        #expect(result.status == 0, "\(result.error)")
        let folders = try result.output.split(separator: "\n").map { try Self.json($0)["folder"] }
        #expect(folders.count == 3)
        #expect(folders.first as? String == "reuters/world")
        #expect(folders.dropFirst().allSatisfy { $0 is NSNull }, "\(folders)")
    }

    @Test func aMissingConfigNamedByNewswatchConfigIsAnError() throws {
        let result = try DaemonFixture.command(
            ["check", SharedData.seed001.path], environment: ["NEWSWATCH_CONFIG": "/nonexistent/newswatch.toml"])
        #expect(result.status == 1)
        #expect(result.error.contains("no config file at /nonexistent/newswatch.toml (from NEWSWATCH_CONFIG)"), "\(result.error)")
    }

    @Test(.enabled(if: !FileManager.default.fileExists(atPath: "/etc/newswatch/newswatch.toml")))
    func checkSaysWhenNoConfigWasFound() throws {
        let result = try DaemonFixture.command(["check", SharedData.seed001.path])
        #expect(result.status == 0)
        #expect(
            result.error.contains(
                "no config file at /etc/newswatch/newswatch.toml; give --config PATH or set NEWSWATCH_CONFIG=PATH; matching no topics"),
            "\(result.error)")
    }

    // MARK: config show

    @Test func configShowPrintsAConfigThatLoadsToTheSameSettings() throws {
        let fixture = try DaemonFixture(topics: Self.topics)
        let shown = try DaemonFixture.command(["config", "show", "--config", fixture.config.path])
        #expect(shown.status == 0, "\(shown.error)")
        #expect(shown.output.contains("path = '\(fixture.inbox.path)'"), "\(shown.output)")
        #expect(shown.output.contains("# newswatch.toml:2"), "\(shown.output)")
        #expect(shown.output.contains("window = '30d'") && shown.output.contains("# default: \"30d\""))
        #expect(shown.output.contains("enabled = false"))

        let copy = fixture.folder.appending(path: "shown.toml")
        try shown.output.write(to: copy, atomically: true, encoding: .utf8)
        let again = try DaemonFixture.command(["config", "show", "--json", "--config", copy.path])
        let original = try DaemonFixture.command(["config", "show", "--json", "--config", fixture.config.path])
        func values(_ output: String) throws -> String {
            var object = try Self.json(Substring(output))
            for key in ["file", "source", "drop_ins"] { object.removeValue(forKey: key) }
            func strip(_ value: Any) -> Any {
                if let table = value as? [String: Any] {
                    if table.keys.sorted() == ["source", "value"] { return table["value"]! }
                    return table.mapValues(strip)
                }
                if let list = value as? [Any] { return list.map(strip) }
                return value
            }
            let data = try JSONSerialization.data(withJSONObject: strip(object), options: [.sortedKeys])
            return String(decoding: data, as: UTF8.self)
        }
        #expect(try values(again.output) == values(original.output))
    }

    @Test func configShowJsonGivesEachValueAndItsSource() throws {
        let fixture = try DaemonFixture(topics: Self.topics)
        let result = try DaemonFixture.command(
            ["config", "show", "--json"], environment: ["NEWSWATCH_CONFIG": fixture.config.path])
        #expect(result.status == 0, "\(result.error)")
        let object = try Self.json(Substring(result.output))
        #expect(object["source"] as? String == "NEWSWATCH_CONFIG")
        let inbox = try #require(object["inbox"] as? [String: [String: Any]])
        #expect(inbox["path"]?["value"] as? String == fixture.inbox.path)
        #expect(inbox["path"]?["source"] as? String == "\(fixture.config.path):2")
        #expect(inbox["max_file_size"]?["source"] as? String == "default")
        let topics = try #require(object["topics"] as? [[String: [String: Any]]])
        #expect(topics.count == 2)
        #expect(topics[1]["enabled"]?["value"] as? Bool == false)
        #expect(topics[0]["language"]?["value"] is NSNull)
    }

    // MARK: topics

    @Test func topicsListShowsEveryTopicAndWhetherItIsEnabled() throws {
        let fixture = try DaemonFixture(topics: Self.topics)
        let text = try DaemonFixture.command(["topics", "list", "--config", fixture.config.path])
        #expect(text.status == 0, "\(text.error)")
        let lines = text.output.split(separator: "\n")
        #expect(lines.first?.hasPrefix("ID") == true)
        #expect(lines.contains { $0.hasPrefix("nato-muted") && $0.contains(" no ") && $0.contains("notice") })

        let json = try DaemonFixture.command(["topics", "list", "--json", "--config", fixture.config.path])
        let objects = try json.output.split(separator: "\n").map(Self.json)
        #expect(objects.map { $0["id"] as? String } == ["nato-expansion", "nato-muted"])
        #expect(objects.map { $0["enabled"] as? Bool } == [true, false])
        let written = try String(contentsOf: fixture.config, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let idLine = try #require(written.firstIndex { $0.contains("id = \"nato-expansion\"") }) + 1
        #expect(objects[0]["line"] as? Int == idLine)
        #expect(objects[0]["file"] as? String == fixture.config.path)
    }

    @Test func topicsTestTakesAConfiguredTopic() throws {
        let fixture = try DaemonFixture(topics: Self.topics)
        let result = try DaemonFixture.command(
            ["topics", "test", "--topic", "nato-expansion", "--config", fixture.config.path, SharedData.seed001.path])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("\(SharedData.seed001.path): match"), "\(result.output)")

        let unknown = try DaemonFixture.command(
            ["topics", "test", "--topic", "nope", "--config", fixture.config.path, SharedData.seed001.path])
        #expect(unknown.status == 1)
        #expect(unknown.error.contains("no topic \"nope\""))
    }

    @Test(
        "topics test explains a bad or doubtful query without internal names",
        arguments: [
            ("NATO AND (x", 64, "column 10: '(' is never closed"),
            ("/nato.*/", 64, "column 1: regular expressions (/…/) are not supported"),
            ("nato and expansion", 0, "warning: column 6: \"and\" is matched as a word here; did you mean AND?"),
        ]
    )
    func topicsTestExplainsQuery(query: String, status: Int32, expected: String) throws {
        let result = try DaemonFixture.command(["topics", "test", query, SharedData.seed001.path])
        #expect(result.status == status)
        #expect(result.error.contains(expected), "\(result.error)")
        #expect(!result.error.contains("["), "\(result.error)")
    }

    @Test func topicsTestNamesAMissingFileWithoutFoundationJargon() throws {
        let result = try DaemonFixture.command(["topics", "test", "NATO", "/nonexistent/page.txt"])
        #expect(result.status == 1)
        #expect(result.error.contains("/nonexistent/page.txt"), "\(result.error)")
        #expect(result.error.contains("does not exist"), "\(result.error)")
        #expect(!result.error.contains("NSCocoaErrorDomain") && !result.error.contains("error 256"))
    }

    // MARK: retry

    @Test func retryMovesFailedFilesBackWithoutReplacingAndDropsTheirReason() throws {
        let fixture = try DaemonFixture()
        let manager = FileManager.default
        try manager.createDirectory(at: fixture.failed, withIntermediateDirectories: true)
        for name in ["page.html", "other.txt", "notes.reason"] {
            try "body of \(name)".write(to: fixture.failed.appending(path: name), atomically: true, encoding: .utf8)
        }
        try "page.html: no article text found\n".write(
            to: fixture.failed.appending(path: "page.html.reason"), atomically: true, encoding: .utf8)
        try "already here".write(to: fixture.inbox.appending(path: "page.html"), atomically: true, encoding: .utf8)

        let one = try DaemonFixture.command(
            ["retry", "--json", "--config", fixture.config.path, fixture.failed.appending(path: "page.html.reason").path])
        #expect(one.status == 0, "\(one.error)")
        let moved = try Self.json(try #require(one.output.split(separator: "\n").first))
        #expect(moved["inbox"] as? String == fixture.inbox.appending(path: "page.1.html").path)
        #expect(moved["reason"] as? String == "page.html: no article text found")
        #expect(try String(contentsOf: fixture.inbox.appending(path: "page.html"), encoding: .utf8) == "already here")
        #expect(try String(contentsOf: fixture.inbox.appending(path: "page.1.html"), encoding: .utf8) == "body of page.html")
        #expect(fixture.contents(of: fixture.failed) == ["notes.reason", "other.txt"])

        let all = try DaemonFixture.command(["retry", "--all", "--config", fixture.config.path])
        #expect(all.status == 0, "\(all.error)")
        #expect(all.output.split(separator: "\n").count == 2)
        #expect(fixture.contents(of: fixture.failed).isEmpty)
        #expect(fixture.contents(of: fixture.inbox) == ["notes.reason", "other.txt", "page.1.html", "page.html"])
    }

    @Test("retry finds failed files in the dated layout and puts each back into the sub-folder it came from")
    func retryFindsDatedFilesAndRestoresTheirFolder() throws {
        let fixture = try DaemonFixture()
        let manager = FileManager.default
        let day = fixture.failed.appending(path: "2026/11/30")
        try manager.createDirectory(at: day.appending(path: "reuters"), withIntermediateDirectories: true)
        try "a".write(to: day.appending(path: "reuters/page.html"), atomically: true, encoding: .utf8)
        try "reuters/page.html: empty\n".write(to: day.appending(path: "reuters/page.html.reason"), atomically: true, encoding: .utf8)
        try "b".write(to: day.appending(path: "top.html"), atomically: true, encoding: .utf8)

        let byName = try DaemonFixture.command(["retry", "--config", fixture.config.path, "page.html"])
        #expect(byName.status == 0, "\(byName.error)")
        #expect(try String(contentsOf: fixture.inbox.appending(path: "reuters/page.html"), encoding: .utf8) == "a")
        #expect(!manager.fileExists(atPath: day.appending(path: "reuters/page.html.reason").path))
        let all = try DaemonFixture.command(["retry", "--all", "--json", "--config", fixture.config.path])
        #expect(all.status == 0, "\(all.error)")
        let line = try Self.json(try #require(all.output.split(separator: "\n").first))
        #expect(line["file"] as? String == day.appending(path: "top.html").path)
        #expect(line["inbox"] as? String == fixture.inbox.appending(path: "top.html").path)
    }

    @Test(
        "retry refuses what it cannot do",
        arguments: [
            ([String](), 64, "Give the FILE names to retry, or --all."),
            (["--all", "x"], 64, "not both"),
            (["/etc/passwd"], 1, "/etc/passwd: is not in"),
            (["missing.html"], 1, "missing.html: no failed file of that name in"),
        ]
    )
    func retryRefuses(arguments: [String], status: Int32, expected: String) throws {
        let fixture = try DaemonFixture()
        try FileManager.default.createDirectory(at: fixture.failed, withIntermediateDirectories: true)
        let result = try DaemonFixture.command(["retry", "--config", fixture.config.path] + arguments)
        #expect(result.status == status)
        #expect(result.error.contains(expected), "\(result.error)")
        #expect(FileManager.default.fileExists(atPath: "/etc/passwd"))
    }
}
