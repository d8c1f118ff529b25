import Foundation
@testable import NewswatchDaemon
import NewswatchTestSupport
import SystemPackage
import Testing

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
        [state]
        directory = "state"
        database = "postgresql://newswatch@db.example/newswatch?sslmode=verify-full"
        host = "scraper-eu-1"
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
        """

    static let allKeys = ConfigurationSchema.tables.flatMap { table in table.keys.map { (table, $0) } }

    @Test("config show has a value and the line for every key of the schema")
    func explanationCoversEveryKey() throws {
        let config = try ConfigFolder(Self.everyKey)
        let explanation = try ConfigurationLoader.standard.explain(from: .init(config.path))
        for (table, key) in Self.allKeys {
            let entry = explanation.entries.first { $0.table == table.name && $0.key == key.name }
            #expect(entry?.value != nil, "\(table.name).\(key.name) has no value in config show")
            #expect(entry?.source?.hasPrefix(config.path + ":") == true, "\(table.name).\(key.name): \(entry?.source ?? "nil")")
        }
        #expect(explanation.entries.count == Self.allKeys.count)
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
