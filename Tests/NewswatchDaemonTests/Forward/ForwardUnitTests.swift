import Foundation
import Testing

@testable import NewswatchDaemon

/// `systemd/newswatch-forward.service` and the forwarder's catalog entries, checked with the
/// real systemd tools as `SystemdUnitTests` checks the daemon's unit.
@Suite("systemd forward unit", .timeLimit(.minutes(2)))
struct ForwardUnitTests {
    /// `systemd-analyze security --offline=true` rated the unit 1.3 on systemd 252: it needs
    /// the network (AF_INET, no PrivateNetwork=, no IP allow list) and the journal group.
    static let exposureLimit = 1.5
    static let unit = SystemdUnitTests.systemdFolder.appending(path: "newswatch-forward.service")

    @Test(
        "systemd-analyze verify accepts the unit and rejects broken copies of it",
        arguments: [("", true), ("ProtectSystm=strict", false), ("RestrictAddressFamilies=AF_NOPE", false)]
    )
    func verifyAcceptsOnlyTheRealUnit(extraLine: String, clean: Bool) throws {
        let folder = try SystemdUnitTests.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = try SystemdUnitTests.runnableCopy(of: Self.unit, in: folder, extraLine: extraLine)
        let result = try SystemdUnitTests.run(
            "systemd-analyze", ["verify", "--man=no", "--generators=no", "--recursive-errors=no", copy.path])
        if clean {
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.isEmpty, "verify printed: \(result.output)")
        } else {
            #expect(result.output.contains("newswatch-forward.service"), "verify missed '\(extraLine)': \(result.output)")
        }
    }

    @Test func securityExposureIsLow() throws {
        let result = try SystemdUnitTests.run("systemd-analyze", ["security", "--offline=true", "--no-pager", Self.unit.path])
        #expect(result.status == 0, "\(result.output)")
        let line = result.output.split(separator: "\n").first { $0.contains("Overall exposure level") }
        let score = line.flatMap { $0.split(separator: " ").compactMap { Double($0) }.first }
        #expect((score ?? .infinity) <= Self.exposureLimit, "\(line ?? "no exposure line")")
    }

    @Test(
        "the unit has its own state, credentials, the network, and nothing of the daemon",
        arguments: [
            ("Type", "notify"), ("ExecStart", "/usr/local/bin/newswatch forward --config /etc/newswatch/newswatch.toml"),
            ("StateDirectory", "newswatch-forward"), ("DynamicUser", "yes"), ("SupplementaryGroups", "systemd-journal"),
            ("RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6"), ("ProtectSystem", "strict"),
            ("CapabilityBoundingSet", ""), ("NoNewPrivileges", "yes"), ("SystemCallFilter", "@system-service"),
            ("MemoryDenyWriteExecute", "yes"),
        ]
    )
    func unitHasDirective(key: String, value: String) throws {
        let values = try Self.values(of: key)
        #expect(values.contains(value), "\(key)= has \(values)")
    }

    @Test func theUnitNeitherRequiresNorWaitsForTheDaemon() throws {
        for key in ["Requires", "After", "BindsTo", "Requisite", "PartOf", "Wants"] {
            #expect(try Self.values(of: key).allSatisfy { !$0.contains("newswatch.service") }, "\(key)= names the daemon")
        }
        #expect(try Self.values(of: "PrivateNetwork").isEmpty)
    }

    @Test func theCatalogExplainsTheForwardersEntries() throws {
        let root = try SystemdUnitTests.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appending(path: "usr/local/lib/systemd/catalog", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: SystemdUnitTests.systemdFolder.appending(path: "newswatch.catalog"),
            to: folder.appending(path: "newswatch.catalog"))
        #expect(try SystemdUnitTests.run("journalctl", ["--root=\(root.path)", "--update-catalog"]).status == 0)
        let list = try SystemdUnitTests.run("journalctl", ["--root=\(root.path)", "--list-catalog"]).output
        for id in [
            JournalEntry.deliveredMessageID, JournalEntry.deliveryFailedMessageID, JournalEntry.deliveryRejectedMessageID,
            JournalEntry.entriesLostMessageID,
        ] {
            #expect(list.contains("\(id) newswatch: newswatch forward "), "\(id) missing from: \(list)")
        }
    }

    static func values(of key: String) throws -> [String] {
        let text = try String(contentsOf: unit, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line -> String? in
            guard !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { return nil }
            return line[..<equals] == key ? String(line[line.index(after: equals)...]) : nil
        }
    }
}
