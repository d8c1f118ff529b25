import Foundation
import NewswatchTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The daemon with a scraper fleet's inbox: sub-folders before and after the start and moved
/// in whole, their folder in the journal and the dated archive, a flat inbox that says what
/// it leaves, polling beside inotify, and a user out of inotify watches.
extension DaemonTests {
    @Suite("Daemon sub-folders", .timeLimit(.minutes(3)))
    struct DaemonSubfolderTests {
        /// A fixture whose `[inbox]` also holds `lines`.
        static func fixture(
            inbox lines: String = "", extra: String = "", backend: StateBackend.Prepared = .init()
        ) throws -> DaemonFixture {
            let fixture = try DaemonFixture(extra: extra, backend: backend)
            let config = try String(contentsOf: fixture.config, encoding: .utf8)
            try config.replacingOccurrences(of: "[inbox]\n", with: "[inbox]\n\(lines)\n")
                .write(to: fixture.config, atomically: true, encoding: .utf8)
            return fixture
        }

        /// Today's dated folder of the default layout, as the daemon (in this time zone) makes it.
        static var today: String {
            var now = time(nil)
            var parts = tm()
            localtime_r(&now, &parts)
            return String(format: "%04d/%02d/%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday)
        }

        /// On both stores: pending moves keep the path inside the inbox in either outbox.
        @Test(
            "pages in sub-folders made before, after and moved in whole are read, carry NEWSWATCH_FOLDER and keep it in the archive",
            arguments: StateBackend.allCases)
        func nestedFoldersAreReadWithTheirFolder(backend: StateBackend) async throws {
            let fixture = try Self.fixture(backend: try await backend.prepare())
            let manager = FileManager.default
            try manager.createDirectory(at: fixture.inbox.appending(path: "tass/politics"), withIntermediateDirectories: true)
            try Data(contentsOf: SharedData.seed000).write(to: fixture.inbox.appending(path: "tass/politics/before.txt"))
            let notify = try NotifySocket(folder: fixture.folder)
            try fixture.start(notify: notify)
            #expect(notify.wait { $0 == "READY=1" } != nil)

            // mkdir -p and a page written straight in, as a careless scraper does.
            try manager.createDirectory(at: fixture.inbox.appending(path: "ria/world/europe"), withIntermediateDirectories: true)
            try Data(contentsOf: SharedData.seed001).write(to: fixture.inbox.appending(path: "ria/world/europe/after.txt"))
            // A whole folder prepared elsewhere and moved in.
            let staged = fixture.folder.appending(path: "staged/interfax")
            try manager.createDirectory(at: staged, withIntermediateDirectories: true)
            try Data(contentsOf: SharedData.seed000).write(to: staged.appending(path: "moved.txt"))
            try Data().write(to: staged.appending(path: "empty.html"))
            try manager.moveItem(at: staged, to: fixture.inbox.appending(path: "interfax"))

            let files = ["tass/politics/before.txt", "ria/world/europe/after.txt", "interfax/moved.txt", "interfax/empty.html"]
            let entries = try fixture.waitForOutcomes(files)
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)

            let folders = Dictionary(entries.outcomes.map { ($0["NEWSWATCH_FILE"] ?? "", $0["NEWSWATCH_FOLDER"] ?? "-") }) { a, _ in a }
            #expect(folders["tass/politics/before.txt"] == "tass/politics")
            #expect(folders["ria/world/europe/after.txt"] == "ria/world/europe")
            #expect(folders["interfax/moved.txt"] == "interfax")
            #expect(folders["interfax/empty.html"] == "interfax")
            #expect(entries.outcome(of: "interfax/moved.txt") == "duplicate")
            let alerts = entries.alerts
            #expect(!alerts.isEmpty && alerts.allSatisfy { $0["NEWSWATCH_FOLDER"] != nil }, "\(alerts)")

            let day = Self.today
            for (file, folder) in [("tass/politics/before.txt", fixture.processed), ("interfax/empty.html", fixture.failed)] {
                #expect(manager.fileExists(atPath: folder.appending(path: "\(day)/\(file)").path), "\(day)/\(file)")
            }
            #expect(manager.fileExists(atPath: fixture.failed.appending(path: "\(day)/interfax/empty.html.reason").path))
            #expect(fixture.contents(of: fixture.inbox).isEmpty)
        }

        @Test("with recursive = false each sub-folder is reported once at warning level and its pages stay")
        func flatInboxLeavesSubfoldersWithOneWarning() throws {
            let fixture = try Self.fixture(inbox: "recursive = false", extra: "[archive]\nlayout = \"\"")
            try FileManager.default.createDirectory(at: fixture.inbox.appending(path: "old"), withIntermediateDirectories: true)
            try Data(contentsOf: SharedData.seed000).write(to: fixture.inbox.appending(path: "old/page.txt"))
            let notify = try NotifySocket(folder: fixture.folder)
            try fixture.start(notify: notify)
            #expect(notify.wait { $0 == "READY=1" } != nil)
            try FileManager.default.createDirectory(at: fixture.inbox.appending(path: "new"), withIntermediateDirectories: true)
            try Data(contentsOf: SharedData.seed001).write(to: fixture.inbox.appending(path: "new/page.txt"))
            try Data(contentsOf: SharedData.seed001).write(to: fixture.inbox.appending(path: "old/second.txt"))
            try fixture.drop(seed: SharedData.seed001, as: "top.txt")
            let entries = try fixture.waitForOutcomes(["top.txt"])
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)
            let warnings = entries.filter { $0["PRIORITY"] == "4" && ($0["MESSAGE"] ?? "").contains("is a sub-folder of the inbox") }
            #expect(warnings.count == 2, "\(warnings.map { $0["MESSAGE"] ?? "" })")
            #expect(warnings.allSatisfy { ($0["MESSAGE"] ?? "").contains("inbox.recursive = false") })
            #expect(entries.outcomes.map { $0["NEWSWATCH_FILE"] } == ["top.txt"])
            #expect(fixture.contents(of: fixture.inbox) == ["page.txt", "page.txt", "second.txt"])
            #expect(fixture.contents(of: fixture.processed) == ["top.txt"], "flat layout")
            #expect(FileManager.default.fileExists(atPath: fixture.processed.appending(path: "top.txt").path))
        }

        @Test("with poll = \"1s\" the inbox is also listed, and a file both inotify and a listing see is read once")
        func forcedPollingReadsEachFileOnce() throws {
            let fixture = try Self.fixture(inbox: "poll = \"1s\"")
            let notify = try NotifySocket(folder: fixture.folder)
            try fixture.start(notify: notify)
            #expect(notify.wait { $0 == "READY=1" } != nil)
            let names = (0..<5).map { "polled-\($0).txt" }
            for name in names { try fixture.drop(Data(BurstText.page(900 + names.firstIndex(of: name)!).utf8), as: name) }
            try fixture.waitForOutcomes(names)
            Thread.sleep(forTimeInterval: 2.5)  // two more listings: nothing is taken again
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)
            let entries = try fixture.entries()
            #expect(entries.contains { ($0["MESSAGE"] ?? "").contains("every 1s (inbox.poll)") }, "no polling notice")
            #expect(entries.outcomes.count == names.count, "\(entries.outcomes.map { $0["NEWSWATCH_FILE"] ?? "" })")
        }

        @Test("out of inotify watches: a warning names fs.inotify.max_user_watches, and the folders without a watch are listed instead")
        func watchExhaustionFallsBackToListing() throws {
            // A user namespace of its own has its own inotify watch limit: 3 is the inbox's
            // parent, the inbox and one sub-folder.
            let fixture = try Self.fixture()
            let manager = FileManager.default
            for folder in ["a", "b", "c"] {
                try manager.createDirectory(at: fixture.inbox.appending(path: folder), withIntermediateDirectories: true)
            }
            let notify = try NotifySocket(folder: fixture.folder)
            try fixture.start(
                notify: notify,
                launcher: [
                    "/usr/bin/unshare", "-U", "-r", "/bin/sh", "-c", "echo 3 > /proc/sys/user/max_inotify_watches && exec \"$0\" \"$@\"",
                ])
            #expect(notify.wait { $0 == "READY=1" } != nil)
            // Written where no watch is: only a listing can find them.
            try Data(contentsOf: SharedData.seed000).write(to: fixture.inbox.appending(path: "b/unwatched.txt"))
            try Data(contentsOf: SharedData.seed001).write(to: fixture.inbox.appending(path: "c/unwatched.txt"))
            try fixture.drop(Data(BurstText.page(950).utf8), as: "top.txt")
            let entries = try fixture.waitForOutcomes(["b/unwatched.txt", "c/unwatched.txt", "top.txt"], timeout: 20)
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)
            let warnings = entries.filter { ($0["MESSAGE"] ?? "").contains("no inotify watch left") }
            #expect(warnings.count == 1, "one warning, however many folders")
            #expect(warnings.first?["MESSAGE"]?.contains("sysctl fs.inotify.max_user_watches=") == true, "\(warnings)")
            #expect(fixture.contents(of: fixture.inbox).isEmpty)
        }
    }
}
