import Foundation
import SystemPackage
import Testing

@testable import NewswatchDaemon

/// `[[forward]]` tables: what is read, and every mistake named with file, line and key.
@Suite("Forward configuration")
struct ForwardConfigurationTests {
    static func load(_ tables: String) throws(ConfigurationError) -> ForwardConfiguration {
        let folder = FileManager.default.temporaryDirectory.appending(path: "newswatch-fwconf-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appending(path: "newswatch.toml")
        try? "[inbox]\npath = \"inbox\"\n\n\(tables)\n".write(to: file, atomically: true, encoding: .utf8)
        return try ConfigurationLoader.forwarding(from: .init(file.path))
    }

    @Test func everySettingIsRead() throws {
        let configuration = try Self.load(
            """
            [[forward]]
            name = "ops-slack"
            url_credential = "slack-webhook"
            format = "slack"
            topics = ["nato-*", "sanctions"]
            priority = "warning"
            digest = "10m"
            timeout = "5s"
            backoff = "2s"
            max_backoff = "1h"

            [[forward]]
            name = "desk"
            email = ["desk@example.org"]
            from = "alerts@example.org"
            smtp = "smtp://alerts@mail.example.org:2525"
            password_credential = "smtp-password"
            """)
        let slack = try #require(configuration.destinations.first)
        #expect(slack.name == "ops-slack")
        #expect(slack.target == .webhook(.init(url: .credential("slack-webhook"), format: .slack, bearerCredential: nil)))
        #expect(slack.topics == ["nato-*", "sanctions"])
        #expect(slack.minimumPriority == .warning)
        #expect(slack.digest == 600 && slack.timeout == 5 && slack.backoff == 2 && slack.maxBackoff == 3_600)
        let desk = try #require(configuration.destinations.last)
        guard case .email(let email) = desk.target, case .smtp(let server) = email.transport else {
            Issue.record("desk is not SMTP email: \(desk.target)")
            return
        }
        #expect(email.recipients == ["desk@example.org"] && email.sender == "alerts@example.org")
        #expect(server.host == "mail.example.org" && server.port == 2525 && server.user == "alerts")
        #expect(server.passwordCredential == "smtp-password" && server.startTLS == .require)
        #expect(desk.digest == nil && desk.minimumPriority == .debug && desk.topics.isEmpty)
    }

    @Test func aFileWithoutForwardTablesHasNoDestinations() throws {
        #expect(try Self.load("").destinations.isEmpty)
    }

    @Test(
        "mistakes are named with their key and line",
        arguments: [
            ("[[forward]]\nurl = \"https://x.example/\"", "forward[0].name", 4),
            ("[[forward]]\nname = \"a\"", "forward[0]", 4),
            ("[[forward]]\nname = \"a\"\nurl = \"https://x.example/\"\nemail = \"a@b.c\"", "forward[0]", 4),
            ("[[forward]]\nname = \"a\"\nurl = \"ftp://x.example/\"", "forward[0].url", 6),
            ("[[forward]]\nname = \"a\"\nurl = \"https://x.example/\"\nformat = \"discord\"", "forward[0].format", 7),
            ("[[forward]]\nname = \"a\"\nurl = \"https://x.example/\"\npriority = \"urgent\"", "forward[0].priority", 7),
            ("[[forward]]\nname = \"a\"\nurl = \"https://x.example/\"\ndigest = \"soon\"", "forward[0].digest", 7),
            ("[[forward]]\nname = \"a\"\nurl = \"https://x.example/\"\ntopic = [\"x\"]", "forward[0].topic", 7),
            ("[[forward]]\nname = \"a\"\nemail = \"a@b.c\"\nsmtp = \"smtp://u:pw@host:25\"", "forward[0].smtp", 7),
            ("[[forward]]\nname = \"a\"\nemail = \"not-an-address\"", "forward[0].email", 6),
            ("[[forward]]\nname = \"a\"\nurl_credential = \"../etc/x\"", "forward[0].url_credential", 6),
            (
                "[[forward]]\nname = \"a\"\nurl = \"https://x.example/\"\n[[forward]]\nname = \"a\"\nurl = \"https://y.example/\"",
                "forward[1].name", 8
            ),
            ("[[forward]]\nname = \"a\"\nurl = \"https://x.example/\"\nsmtp = \"smtp://host\"", "forward[0].smtp", 7),
            ("[[forward]]\nname = \"a\"\nemail = \"a@b.c\"\nformat = \"slack\"", "forward[0].format", 7),
            ("[[forward]]\nname = \"a\"\nemail = \"a@b.c\"\nstarttls = \"off\"", "forward[0].starttls", 7),
            ("[[forward]]\nname = \"a\"\nurl = \"https://x.example/\"\ntopics = []", "forward[0].topics", 7),
            ("[[forward]]\nname = \"a\"\nurl = \"https://x.example/\"\nbackoff = \"10m\"", "forward[0].backoff", 7),
            ("[[forward]]\nname = \"a b\"\nurl = \"https://x.example/\"", "forward[0].name", 5),
            ("[forward]\nname = \"a\"\nurl = \"https://x.example/\"", "forward", 4),
            ("[[frward]]\nname = \"a\"\nurl = \"https://x.example/\"", "[[frward]]", 4),
        ]
    )
    func mistakeIsNamed(tables: String, key: String, line: Int) {
        #expect {
            _ = try Self.load(tables)
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.errors.contains { $0.key == key && $0.line == line }
        }
    }

    @Test func everyMistakeOfARunIsReportedNotOnlyTheFirst() {
        do {
            _ = try Self.load(
                "[[forward]]\nname = \"a\"\nurl = \"ftp://x\"\npriority = \"urgent\"\n[[forward]]\nname = \"b\"\nemail = \"x\"\ndigets = \"1m\""
            )
            Issue.record("accepted")
        } catch {
            #expect(
                error.errors.map(\.key) == ["forward[0].url", "forward[0].priority", "forward[1].email", "forward[1].digets"], "\(error)")
            #expect(error.description.contains("forward[1].digets: is not a setting of [[forward]]; did you mean digest?"), "\(error)")
        }
    }

    @Test func theForwarderNeedsNeitherTheInboxNorTheDaemonsSettings() throws {
        // An inbox that is a file would stop the daemon; the forwarder does not look at it.
        let folder = FileManager.default.temporaryDirectory.appending(path: "newswatch-fwinbox-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "not a folder".write(to: folder.appending(path: "inbox"), atomically: true, encoding: .utf8)
        let file = folder.appending(path: "newswatch.toml")
        try "[inbox]\npath = \"inbox\"\n[state]\ndirectory = \"state\"\n[[forward]]\nname = \"a\"\nurl = \"https://x.example/\"\n"
            .write(to: file, atomically: true, encoding: .utf8)
        #expect(try ConfigurationLoader.forwarding(from: .init(file.path)).destinations.map(\.name) == ["a"])
        #expect {
            try ConfigurationLoader.standard.load(from: .init(file.path))
        } throws: { error in
            (error as? ConfigurationError)?.description.contains("inbox.path: \(folder.path)/inbox is a file, not a folder") == true
        }
    }

    @Test func aPasswordInTheSMTPURLIsRefusedWithWhereItBelongs() {
        do {
            _ = try Self.load("[[forward]]\nname = \"a\"\nemail = \"a@b.c\"\nsmtp = \"smtp://u:pw@host:25\"")
            Issue.record("accepted a password in the TOML")
        } catch {
            #expect(error.description.contains("password_credential"))
        }
    }
}

extension ForwardConfigurationTests {
    @Test func configValidateChecksTheForwardTablesToo() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "newswatch-fwvalidate-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appending(path: "newswatch.toml")
        let base = "[inbox]\npath = \"inbox\"\n[state]\ndirectory = \"state\"\n\(DaemonFixture.natoTopic)\n"
        try (base + "[[forward]]\nname = \"chat\"\nurl = \"https://chat.example/hook\"\nformat = \"slack\"\n")
            .write(to: file, atomically: true, encoding: .utf8)
        let valid = try DaemonFixture.command(["config", "validate", "--config", file.path])
        #expect(valid.status == 0, "\(valid.error)")
        #expect(valid.output.contains("1 forward destination"), "\(valid.output)")
        try (base + "[[forward]]\nname = \"chat\"\nurl = \"https://chat.example/hook\"\nformat = \"discord\"\n")
            .write(to: file, atomically: true, encoding: .utf8)
        let invalid = try DaemonFixture.command(["config", "validate", "--config", file.path])
        #expect(invalid.status == 1)
        #expect(invalid.error.contains(":13: forward[0].format: \"discord\" is not one of \"json\", \"slack\""), "\(invalid.error)")
    }
}
