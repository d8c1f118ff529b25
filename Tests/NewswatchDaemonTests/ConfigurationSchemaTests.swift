import Foundation
import NewswatchTestSupport
import SystemPackage
import Testing

@testable import NewswatchDaemon

/// `ConfigurationSchema` is the one list of keys: `config show`, the man page and README
/// must each cover all of it.
@Suite("Configuration schema")
struct ConfigurationSchemaTests {
    /// A config that sets every key of every table.
    static let everyKey = """
        [inbox]
        path = "inbox"
        processed = "done"
        failed = "bad"
        max_file_size = "2MiB"
        recursive = false
        max_depth = 3
        poll = "5s"
        ignore = ["*.part", "staging/*"]
        [archive]
        layout = "%Y-%m"
        keep = "90d"
        [state]
        directory = "state"
        runtime_directory = "run"
        database = "postgresql://newswatch@db.example/newswatch?sslmode=verify-full"
        host = "scraper-eu-1"
        [metrics]
        textfile = "metrics/newswatch.prom"
        interval = "10s"
        [dedup]
        window = "2w"
        duplicates = "delete"
        duplicate_threshold = 0.9
        update_threshold = 0.4
        [[topics]]
        id = "nato"
        name = "NATO"
        query = 'NATO AND "build-up"'
        enabled = false
        priority = "notice"
        language = "en"
        min_hits = 2
        cooldown = "12h"
        max_per_hour = 5
        [[forward]]
        name = "chat"
        url = "https://chat.example/hook"
        format = "slack"
        bearer_credential = "chat-token"
        topics = ["nato*"]
        priority = "warning"
        digest = "10m"
        timeout = "5s"
        backoff = "2s"
        max_backoff = "1h"
        [[forward]]
        name = "secret-chat"
        url_credential = "chat-url"
        [[forward]]
        name = "desk"
        email = ["desk@example.org", "night@example.org"]
        from = "alerts@example.org"
        smtp = "smtp://alerts@mail.example.org:2525"
        password_credential = "smtp-password"
        starttls = "require"
        ca_file = "private-ca.pem"
        [[forward]]
        name = "local-mail"
        email = "desk@example.org"
        sendmail = "/usr/lib/sendmail"
        """

    /// How many entries each array table of `everyKey` has; url, url_credential and email
    /// exclude each other, as smtp and sendmail do, so `[[forward]]` needs four.
    static let arrayEntries = ["topics": 1, "forward": 4]

    static let allKeys = ConfigurationSchema.tables.flatMap { table in table.keys.map { (table, $0) } }

    @Test("config show has a value and the line for every key of the schema")
    func explanationCoversEveryKey() throws {
        let config = try ConfigFolder(Self.everyKey)
        let explanation = try ConfigurationLoader.standard.explain(from: .init(config.path))
        for (table, key) in Self.allKeys {
            let entries = explanation.entries.filter { $0.table == table.name && $0.key == key.name }
            #expect(entries.count == (table.isArray ? Self.arrayEntries[table.name] : 1), "\(table.name).\(key.name)")
            // In an array table, some entry sets the key (and the entries that do not leave it unset or default).
            let set = entries.first { $0.source != nil }
            #expect(set?.value != nil, "\(table.name).\(key.name) has no value in config show")
            #expect(set?.source?.hasPrefix(config.path + ":") == true, "\(table.name).\(key.name) has no line in config show")
        }
    }

    @Test("keys left out show their default and no source")
    func defaultsHaveNoSource() throws {
        let config = try ConfigFolder(ConfigFolder.base)
        let explanation = try ConfigurationLoader.standard.explain(from: .init(config.path))
        let processed = explanation.entries.first { $0.table == "inbox" && $0.key == "processed" }
        #expect(processed?.value == .string(config.url.appending(path: "processed").path))
        #expect(processed?.source == nil)
        let window = explanation.entries.first { $0.key == "window" }
        #expect(window?.value == .string("30d"))
    }

    @Test("every key with a default states it, every required key has none", arguments: allKeys.map { "\($0.0.name).\($0.1.name)" })
    func defaultsAreDocumented(path: String) throws {
        let (table, key) = try #require(Self.allKeys.first { "\($0.0.name).\($0.1.name)" == path })
        #expect(key.required == (key.defaultText == nil), "\(table.name).\(key.name)")
        #expect(!key.summary.isEmpty)
    }

    @Test("README documents every table and key of the schema", arguments: allKeys.map { "\($0.0.name).\($0.1.name)" })
    func readmeDocumentsKey(path: String) throws {
        let readme = try String(contentsOf: SharedData.repositoryRoot.appending(path: "README.md"), encoding: .utf8)
        let (table, key) = try #require(Self.allKeys.first { "\($0.0.name).\($0.1.name)" == path })
        #expect(readme.contains(table.header), "README lacks \(table.header)")
        #expect(readme.contains("\n\(key.name) = ") || readme.contains("# \(key.name) = "), "README lacks \(path)")
    }
}
