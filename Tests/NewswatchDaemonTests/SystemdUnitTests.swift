import Foundation
import Testing

/// Checks the files in `systemd/` and `scripts/install.sh` with the real systemd
/// tools, each run against a throwaway directory so the machine is never touched.
@Suite("systemd unit and install", .timeLimit(.minutes(2)))
struct SystemdUnitTests {
    /// Exposure `systemd-analyze security --offline=true` reported for the unit
    /// is 0.4 on systemd 252; the bound leaves room for newer scoring tables.
    static let exposureLimit = 1.0

    static let repository = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let systemdFolder = repository.appending(path: "systemd", directoryHint: .isDirectory)
    static let unit = systemdFolder.appending(path: "newswatch.service")

    static let messageIDs = [
        "46fb645ad9fe41fcbd2a627191c6e277", "2c3af0a5f1164829a718d4060be97177", "a5481cfb8d6348789ce45d94d7d4688f",
    ]

    // MARK: unit

    @Test(
        "systemd-analyze verify accepts the unit and rejects broken copies of it",
        arguments: [
            ("", true),
            ("ProtectSystm=strict", false),
            ("SystemCallFilter=@no-such-group", false),
            ("RestrictAddressFamilies=AF_NOPE", false),
        ]
    )
    func verifyAcceptsOnlyTheRealUnit(extraLine: String, clean: Bool) throws {
        let folder = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = try Self.runnableCopy(of: Self.unit, in: folder, extraLine: extraLine)

        let result = try Self.run(
            "systemd-analyze", ["verify", "--man=no", "--generators=no", "--recursive-errors=no", copy.path])
        if clean {
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.isEmpty, "verify printed: \(result.output)")
        } else {
            #expect(result.output.contains("newswatch.service"), "verify missed '\(extraLine)': \(result.output)")
        }
    }

    @Test("the offline security review rates the unit's exposure at most the measured bound")
    func securityExposureIsLow() throws {
        // A lone copy: beside the shipped unit, systemd-analyze would also read the
        // PostgreSQL drop-in example in systemd/newswatch.service.d/.
        let folder = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let score = try Self.exposure(of: try Self.runnableCopy(of: Self.unit, in: folder, extraLine: ""))
        #expect(score <= Self.exposureLimit)
    }

    // MARK: PostgreSQL drop-in

    /// Issue 13's bound for the unit with the PostgreSQL drop-in (1.2 measured on systemd 252).
    static let dropInExposureLimit = 2.0
    static let postgresDropIn = systemdFolder.appending(path: "newswatch.service.d/postgresql.conf")

    @Test("with the PostgreSQL drop-in the unit opens only the network and stays at most 2.0 exposed")
    func postgresDropInKeepsExposureLow() throws {
        let folder = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = try Self.runnableCopy(of: Self.unit, in: folder, extraLine: "")
        let alone = try Self.exposure(of: copy)
        try Self.addDropIn(beside: copy)
        let withDropIn = try Self.exposure(of: copy)
        // Higher than alone: proof that the review read the drop-in at all.
        #expect(withDropIn > alone)
        #expect(withDropIn <= Self.dropInExposureLimit)
    }

    @Test("systemd-analyze verify accepts the unit with the PostgreSQL drop-in")
    func postgresDropInVerifies() throws {
        let folder = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = try Self.runnableCopy(of: Self.unit, in: folder, extraLine: "")
        try Self.addDropIn(beside: copy)
        let result = try Self.run(
            "systemd-analyze", ["verify", "--man=no", "--generators=no", "--recursive-errors=no", copy.path])
        #expect(result.status == 0 && result.output.isEmpty, "\(result.output)")
    }

    @Test(
        "the PostgreSQL drop-in sets what a remote database needs",
        arguments: [
            ("PrivateNetwork", "no"), ("RestrictAddressFamilies", ""),
            ("RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6"),
            ("LoadCredential", "database-password:/etc/newswatch/database-password"),
            ("After", "network-online.target"), ("Wants", "network-online.target"),
        ]
    )
    func postgresDropInHasDirective(key: String, value: String) throws {
        #expect(try Self.values(of: key, in: Self.postgresDropIn).contains(value))
    }

    @Test func postgresDropInAllowsOneAddressAndAddsNoDeny() throws {
        let allowed = try Self.values(of: "IPAddressAllow", in: Self.postgresDropIn)
        #expect(allowed.count == 1 && allowed.first?.contains(" ") == false)
        #expect(try Self.values(of: "IPAddressDeny", in: Self.postgresDropIn).isEmpty)
        #expect(try Self.values(of: "IPAddressDeny", in: Self.unit) == ["any"])
    }

    @Test("the unit turns journald's per-service rate limit off, so no burst of alerts is suppressed")
    func journaldRateLimitIsOff() throws {
        let values = try Self.directives(in: Self.unit)
        // journald.conf(5): either value 0 turns rate limiting off; both are set so that a
        // drop-in changing one alone still leaves it off.
        #expect(values["LogRateLimitIntervalSec"] == ["0"], "\(values["LogRateLimitIntervalSec"] ?? [])")
        #expect(values["LogRateLimitBurst"] == ["0"], "\(values["LogRateLimitBurst"] ?? [])")
    }

    @Test(
        "the unit sets the directives the daemon contract and hardening rely on",
        arguments: [
            ("Type", "notify"), ("NotifyAccess", "main"),
            ("ExecStart", "/usr/local/bin/newswatch run --config /etc/newswatch/newswatch.toml"),
            ("ExecReload", "/bin/kill -s HUP $MAINPID"), ("WatchdogSec", "30s"), ("Restart", "on-failure"),
            ("User", "newswatch"), ("Group", "newswatch"), ("SupplementaryGroups", "newswatch-inbox systemd-journal"),
            ("StateDirectory", "newswatch"), ("ReadWritePaths", "/var/spool/newswatch"),
            ("RuntimeDirectory", "newswatch"), ("ReadWritePaths", "-/var/lib/prometheus/node-exporter"),
            ("ProtectSystem", "strict"), ("PrivateNetwork", "yes"), ("RestrictAddressFamilies", "AF_UNIX"),
            ("IPAddressDeny", "any"), ("NoNewPrivileges", "yes"), ("CapabilityBoundingSet", ""),
            ("AmbientCapabilities", ""), ("SystemCallFilter", "@system-service"),
            ("SystemCallFilter", "~@privileged @resources"), ("SystemCallArchitectures", "native"),
            ("MemoryDenyWriteExecute", "yes"), ("ProtectProc", "invisible"), ("ProcSubset", "pid"),
            ("UMask", "0027"), ("DevicePolicy", "closed"), ("RemoveIPC", "yes"),
        ]
    )
    func unitHasDirective(key: String, value: String) throws {
        let values = try Self.values(of: key, in: Self.unit)
        #expect(values.contains(value), "\(key)= has \(values)")
    }

    // MARK: sysusers, tmpfiles, catalog

    @Test(
        "sysusers and tmpfiles build the spool with the documented owners and modes",
        arguments: [
            ("/var/spool/newswatch", 0o750, "newswatch", "newswatch-inbox"),
            ("/var/spool/newswatch/inbox", 0o3770, "newswatch", "newswatch-inbox"),
            ("/var/spool/newswatch/processed", 0o750, "newswatch", "newswatch"),
            ("/var/spool/newswatch/failed", 0o750, "newswatch", "newswatch"),
            ("/etc/newswatch/topics.d", 0o755, "root", "root"),
        ]
    )
    func spoolFolderHasModeAndOwners(path: String, mode: Int, user: String, group: String) throws {
        let (root, users) = try Self.rootWithUsers()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(users.status == 0, "\(users.output)")
        let files = try Self.run(
            "systemd-tmpfiles",
            ["--root=\(root.path)", "--create", Self.systemdFolder.appending(path: "newswatch.tmpfiles").path])
        #expect(files.status == 0, "\(files.output)")

        let attributes = try FileManager.default.attributesOfItem(atPath: root.path + path)
        #expect((attributes[.posixPermissions] as? Int) == mode)
        #expect((attributes[.ownerAccountID] as? Int) == (try Self.id(of: user, in: root, table: "passwd")))
        #expect((attributes[.groupOwnerAccountID] as? Int) == (try Self.id(of: group, in: root, table: "group")))
    }

    @Test("sysusers makes the daemon a member of the inbox group")
    func daemonJoinsInboxGroup() throws {
        let (root, users) = try Self.rootWithUsers()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(users.status == 0, "\(users.output)")
        let groups = try String(contentsOf: root.appending(path: "etc/group"), encoding: .utf8)
        let inbox = groups.split(separator: "\n").first { $0.hasPrefix("newswatch-inbox:") }
        #expect(inbox?.split(separator: ":", omittingEmptySubsequences: false).last == "newswatch")
    }

    @Test("journalctl compiles the catalog and lists every newswatch message id")
    func catalogCompiles() throws {
        let root = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appending(path: "usr/local/lib/systemd/catalog", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Self.systemdFolder.appending(path: "newswatch.catalog"), to: folder.appending(path: "newswatch.catalog"))

        let update = try Self.run("journalctl", ["--root=\(root.path)", "--update-catalog"])
        #expect(update.status == 0 && update.output.isEmpty, "\(update.output)")
        let list = try Self.run("journalctl", ["--root=\(root.path)", "--list-catalog"])
        for id in Self.messageIDs {
            #expect(list.output.contains("\(id) newswatch: "), "\(id) missing from: \(list.output)")
        }
    }

    // MARK: install script

    @Test(
        "install.sh --root installs every file into the scratch root and enables the unit",
        arguments: [
            "usr/local/bin/newswatch", "usr/local/lib/systemd/system/newswatch.service",
            "usr/local/lib/sysusers.d/newswatch.conf", "usr/local/lib/tmpfiles.d/newswatch.conf",
            "usr/local/lib/systemd/catalog/newswatch.catalog", "usr/local/share/doc/newswatch/README.md",
            "usr/local/share/doc/newswatch/examples/newswatch.service.d/postgresql.conf",
            "var/lib/systemd/catalog/database", "var/spool/newswatch/inbox",
            "etc/systemd/system/multi-user.target.wants/newswatch.service",
        ]
    )
    func installScriptPlacesFile(path: String) throws {
        let root = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let binary = root.appending(path: "newswatch-dummy")
        try "#!/bin/sh\nexit 0\n".write(to: binary, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary.path)
        let target = root.appending(path: "target", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)

        let script = Self.repository.appending(path: "scripts/install.sh").path
        let result = try Self.run(script, ["--root", target.path, "--binary", binary.path, "--no-start"])
        #expect(result.status == 0, "\(result.output)")
        // lstat, not stat: the wants link points at /usr/local/… inside the root, not on this machine.
        let installed = try? FileManager.default.attributesOfItem(atPath: target.appending(path: path).path)
        #expect(installed != nil, "\(path) missing after: \(result.output)")
    }
}

extension SystemdUnitTests {
    /// Runs `tool` (found on PATH unless it is a path) without a pager or colours.
    static func run(_ tool: String, _ arguments: [String]) throws -> CommandResult {
        try runCommand(tool, arguments)
    }

    /// Every `Key=value` line of a unit file, values in order of appearance.
    static func directives(in unit: URL) throws -> [String: [String]] {
        let text = try String(contentsOf: unit, encoding: .utf8)
        var values: [String: [String]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals]), default: []].append(String(line[line.index(after: equals)...]))
        }
        return values
    }

    /// Every value `key=` is given in a unit file, in order.
    static func values(of key: String, in file: URL) throws -> [String] {
        try directives(in: file)[key] ?? []
    }

    /// The overall exposure `systemd-analyze security --offline=true` gives `unit`.
    static func exposure(of unit: URL) throws -> Double {
        let result = try run("systemd-analyze", ["security", "--offline=true", "--no-pager", unit.path])
        let line = result.output.split(separator: "\n").first { $0.contains("Overall exposure level") }
        guard result.status == 0, let score = line.flatMap({ $0.split(separator: " ").compactMap { Double($0) }.first })
        else {
            throw CommandFailure(message: "no exposure for \(unit.path) (\(result.status)): \(result.output)")
        }
        return score
    }

    /// Copies the PostgreSQL drop-in into `<unit>.d/` beside a unit copy, where systemd looks.
    static func addDropIn(beside unit: URL) throws {
        let folder = unit.deletingLastPathComponent().appending(path: unit.lastPathComponent + ".d", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: postgresDropIn, to: folder.appending(path: "postgresql.conf"))
    }

    struct CommandFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// A fresh empty folder under the system temporary directory.
    static func scratchFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appending(
            path: "newswatch-systemd-\(UUID().uuidString)", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A scratch root in which systemd-sysusers has applied newswatch.sysusers.
    static func rootWithUsers() throws -> (root: URL, sysusers: CommandResult) {
        let root = try scratchFolder()
        try FileManager.default.createDirectory(at: root.appending(path: "etc"), withIntermediateDirectories: true)
        let result = try run(
            "systemd-sysusers", ["--root=\(root.path)", systemdFolder.appending(path: "newswatch.sysusers").path])
        return (root, result)
    }

    /// A copy of `unit` whose ExecStart names an executable that exists here, so
    /// verify judges the unit rather than the missing install; `extraLine` goes
    /// into [Service].
    static func runnableCopy(of unit: URL, in folder: URL, extraLine: String) throws -> URL {
        let installed = "/usr/local/bin/newswatch"
        let text = try String(contentsOf: unit, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines = lines.map { $0.hasPrefix("ExecStart=") ? $0.replacingOccurrences(of: installed, with: builtDaemon) : $0 }
        if let service = lines.firstIndex(of: "[Service]"), !extraLine.isEmpty {
            lines.insert(extraLine, at: service + 1)
        }
        let copy = folder.appending(path: unit.lastPathComponent)
        try lines.joined(separator: "\n").write(to: copy, atomically: true, encoding: .utf8)
        return copy
    }

    /// The `newswatch` executable built beside this test bundle, or /bin/true
    /// when only the tests were built.
    static var builtDaemon: String {
        let products = URL(filePath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidate = products.appending(path: "newswatch").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : "/bin/true"
    }

    /// The numeric id of `name` in the root's /etc/passwd or /etc/group.
    static func id(of name: String, in root: URL, table: String) throws -> Int? {
        let text = try String(contentsOf: root.appending(path: "etc/\(table)"), encoding: .utf8)
        let fields = text.split(separator: "\n")
            .map { $0.split(separator: ":", omittingEmptySubsequences: false) }
            .first { $0.first.map(String.init) == name }
        return fields.flatMap { $0.count > 2 ? Int($0[2]) : nil } ?? (name == "root" ? 0 : nil)
    }
}
