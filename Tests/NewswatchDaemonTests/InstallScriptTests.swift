import Foundation
import Testing

/// `scripts/install.sh --uninstall [--purge]` against a scratch root: it takes away what the
/// install put there, keeping the config, spool and state unless purging.
@Suite("install.sh --uninstall", .timeLimit(.minutes(2)))
struct InstallScriptTests {
    static let script = SystemdUnitTests.repository.appending(path: "scripts/install.sh").path

    /// A scratch root with newswatch installed into it (a dummy binary, the real unit files).
    static func installedRoot() throws -> URL {
        let scratch = try SystemdUnitTests.scratchFolder()
        let binary = scratch.appending(path: "newswatch-dummy")
        try "#!/bin/sh\nexit 0\n".write(to: binary, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary.path)
        let root = scratch.appending(path: "target", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let result = try SystemdUnitTests.run(script, ["--root", root.path, "--binary", binary.path, "--no-start"])
        #expect(result.status == 0, "\(result.output)")
        return root
    }

    /// Every path below `root` with "newswatch" in its name, and the accounts in its passwd,
    /// group and shadow files.
    static func traces(in root: URL) throws -> [String] {
        var found: [String] = []
        for case let path as String in FileManager.default.enumerator(atPath: root.path)! where path.contains("newswatch") {
            found.append(path)
        }
        for table in ["passwd", "group", "shadow", "gshadow"] {
            let text = (try? String(contentsOf: root.appending(path: "etc/\(table)"), encoding: .utf8)) ?? ""
            found += text.split(separator: "\n").filter { $0.hasPrefix("newswatch") }.map { "\(table): \($0.prefix { $0 != ":" })" }
        }
        return found.sorted()
    }

    @Test("--uninstall removes the program and unit files and keeps config, spool and state")
    func uninstallKeepsData() throws {
        let root = try Self.installedRoot()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        let result = try SystemdUnitTests.run(Self.script, ["--root", root.path, "--uninstall"])
        #expect(result.status == 0, "\(result.output)")
        let left = try Self.traces(in: root)
        for removed in [
            "usr/local/bin/newswatch", "usr/local/lib/systemd/system/newswatch.service",
            "usr/local/lib/systemd/system/newswatch-forward.service",
            "usr/local/lib/sysusers.d/newswatch.conf", "usr/local/lib/tmpfiles.d/newswatch.conf",
            "usr/local/lib/systemd/catalog/newswatch.catalog", "usr/local/share/doc/newswatch",
            "etc/systemd/system/multi-user.target.wants/newswatch.service",
        ] {
            #expect(!left.contains(removed), "\(removed) still there")
        }
        for kept in ["etc/newswatch/newswatch.toml", "var/spool/newswatch/inbox", "passwd: newswatch"] {
            #expect(left.contains(kept), "\(kept) was removed: \(left)")
        }
    }

    @Test("the install puts both units in place and enables only the daemon's")
    func installShipsTheForwarderUnitDisabled() throws {
        let root = try Self.installedRoot()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        let installed = try Self.traces(in: root)
        for path in [
            "usr/local/lib/systemd/system/newswatch.service", "usr/local/lib/systemd/system/newswatch-forward.service",
            "etc/systemd/system/multi-user.target.wants/newswatch.service",
        ] {
            #expect(installed.contains(path), "\(path) missing: \(installed)")
        }
        #expect(!installed.contains("etc/systemd/system/multi-user.target.wants/newswatch-forward.service"))
        let unit = try String(contentsOf: root.appending(path: "usr/local/lib/systemd/system/newswatch-forward.service"), encoding: .utf8)
        let source = try String(
            contentsOf: SystemdUnitTests.repository.appending(path: "systemd/newswatch-forward.service"), encoding: .utf8)
        #expect(unit == source)
    }

    @Test("--uninstall --purge leaves nothing of newswatch in the root")
    func purgeLeavesNothing() throws {
        let root = try Self.installedRoot()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        // Cursors the forwarder left, where systemd keeps a DynamicUser= unit's state.
        let cursors = root.appending(path: "var/lib/private/newswatch-forward")
        try FileManager.default.createDirectory(at: cursors, withIntermediateDirectories: true)
        try "{}".write(to: cursors.appending(path: "cursors.json"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: root.appending(path: "var/lib/newswatch-forward").path, withDestinationPath: "private/newswatch-forward")
        let result = try SystemdUnitTests.run(Self.script, ["--root", root.path, "--uninstall", "--purge"])
        #expect(result.status == 0, "\(result.output)")
        #expect(try Self.traces(in: root) == [])
    }

    @Test func purgeWithoutUninstallIsRefused() throws {
        let root = try SystemdUnitTests.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try SystemdUnitTests.run(Self.script, ["--root", root.path, "--purge"])
        #expect(result.status != 0)
        #expect(result.output.contains("--purge only goes with --uninstall"))
    }
}
