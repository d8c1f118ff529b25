import Foundation
import Logging
import Synchronization
import SystemPackage
import Testing

@testable import NewswatchDaemon

/// Sub-folders of the inbox under real inotify: made before the watch, made after it with
/// files already in them, moved in whole, renamed, too deep, or not wanted at all.
@Suite("Inbox sub-folders", .timeLimit(.minutes(1)))
struct InboxSubfolderTests {
    let folder: URL
    var inbox: URL { folder.appending(path: "inbox") }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appending(path: "newswatch-subfolders-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
    }

    /// A running watcher and what it reported.
    final class Watch: Sendable {
        let watcher: InboxWatcher
        let arrived = NameLog()
        let fallbacks = NameLog()
        let log = CapturedLog()
        let task: Task<Void, any Error>

        init(_ settings: InboxSettings) throws {
            let arrived = self.arrived
            let fallbacks = self.fallbacks
            watcher = try InboxWatcher(
                settings: settings, logger: log.logger, fallback: { folder in fallbacks.append(folder.string) },
                deliver: { event in
                    if case .arrived(let name) = event { arrived.append(name.string) }
                })
            let watcher = self.watcher
            task = Task { try await watcher.run() }
        }

        /// Waits until every name in `names` arrived (or 10 s went by); the names seen.
        func waitFor(_ names: Set<String>) async throws -> Set<String> {
            let deadline = ContinuousClock.now + .seconds(30)
            while !names.isSubset(of: Set(arrived.all)) && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            return Set(arrived.all)
        }

        func stop() async {
            watcher.stop()
            _ = try? await task.value
        }
    }

    func settings(recursive: Bool = true, maxDepth: Int = 8, ignore: [String]? = nil) -> InboxSettings {
        var settings = InboxSettings(path: FilePath(inbox.path))
        settings.recursive = recursive
        settings.maxDepth = maxDepth
        if let ignore { settings.ignore = InboxIgnore(patterns: ignore) }
        return settings
    }

    func write(_ path: String, in base: URL? = nil) throws {
        let url = (base ?? inbox).appending(path: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("page \(path)".utf8).write(to: url)
    }

    @Test("a sub-folder made before the watch is watched: a file written into it later arrives with its path")
    func folderMadeBeforeStartIsWatched() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: inbox.appending(path: "reuters/world"), withIntermediateDirectories: true)
        let watch = try Watch(settings())
        #expect(watch.watcher.subfolders.count == 2)
        try write("reuters/world/late.html")
        try write("reuters/early.html")
        #expect(
            try await watch.waitFor(["reuters/world/late.html", "reuters/early.html"]) == ["reuters/world/late.html", "reuters/early.html"])
        await watch.stop()
    }

    @Test("a folder made after the start with files already in it (mkdir -p, then files) loses none of them")
    func folderMadeAfterStartWithFilesIsListed() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let watch = try Watch(settings())
        // Made in one go, as fast as a script can: some files land before the watch is set.
        var expected: Set<String> = []
        for source in 0..<5 {
            try FileManager.default.createDirectory(at: inbox.appending(path: "s\(source)/a/b"), withIntermediateDirectories: true)
            for page in 0..<20 {
                let path = "s\(source)/a/b/p\(page).txt"
                try write(path)
                expected.insert(path)
            }
        }
        let seen = try await watch.waitFor(expected)
        #expect(expected.subtracting(seen).isEmpty, "missed \(expected.subtracting(seen).sorted())")
        #expect(watch.watcher.subfolders.count == 15)
        await watch.stop()
    }

    @Test("a folder tree moved in whole (mv dir inbox/) is listed, and is watched afterwards")
    func folderMovedInWholeIsListed() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let outside = folder.appending(path: "staging")
        for path in ["batch/one.html", "batch/two.html", "batch/deep/three.html"] { try write(path, in: outside) }
        let watch = try Watch(settings())
        try FileManager.default.moveItem(at: outside.appending(path: "batch"), to: inbox.appending(path: "batch"))
        let expected: Set<String> = ["batch/one.html", "batch/two.html", "batch/deep/three.html"]
        #expect(try await watch.waitFor(expected) == expected)
        try write("batch/deep/four.html")
        #expect(try await watch.waitFor(["batch/deep/four.html"]).contains("batch/deep/four.html"))
        await watch.stop()
    }

    @Test("a sub-folder renamed inside the inbox is watched under its new name; one moved out is let go")
    func renamedFolderFollowsItsName() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: inbox.appending(path: "old/inner"), withIntermediateDirectories: true)
        let watch = try Watch(settings())
        try FileManager.default.moveItem(at: inbox.appending(path: "old"), to: inbox.appending(path: "new"))
        try await Task.sleep(for: .milliseconds(200))
        try write("new/inner/after.html")
        #expect(try await watch.waitFor(["new/inner/after.html"]).contains("new/inner/after.html"))
        try FileManager.default.moveItem(at: inbox.appending(path: "new"), to: folder.appending(path: "away"))
        try await Task.sleep(for: .milliseconds(200))
        #expect(watch.watcher.subfolders.count == 0)
        try write("inner/gone.html", in: folder.appending(path: "away"))
        try await Task.sleep(for: .milliseconds(200))
        #expect(!watch.arrived.all.contains { $0.hasSuffix("gone.html") })
        await watch.stop()
    }

    @Test("with recursive = false a sub-folder is reported once at warning level and its files do not arrive")
    func flatInboxWarnsOncePerFolder() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: inbox.appending(path: "before"), withIntermediateDirectories: true)
        let watch = try Watch(settings(recursive: false))
        try FileManager.default.createDirectory(at: inbox.appending(path: "after"), withIntermediateDirectories: true)
        try write("after/page.html")
        try write("before/page.html")
        try write("top.html")
        #expect(try await watch.waitFor(["top.html"]) == ["top.html"])
        try await Task.sleep(for: .milliseconds(100))
        let warnings = watch.log.messages(at: .warning)
        #expect(warnings.filter { $0.contains("/before is a sub-folder") }.count == 1, "\(warnings)")
        #expect(warnings.filter { $0.contains("/after is a sub-folder") }.count == 1, "\(warnings)")
        #expect(warnings.allSatisfy { $0.contains("inbox.recursive = false") })
        #expect(watch.watcher.subfolders.count == 0)
        await watch.stop()
    }

    @Test("max_depth bounds the watched levels; ignored folder names and processed/ are never watched")
    func depthAndIgnoredFolders() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        for path in ["a/b/c", ".staging", "tmp.part"] {
            try FileManager.default.createDirectory(at: inbox.appending(path: path), withIntermediateDirectories: true)
        }
        var settings = settings(maxDepth: 2)
        settings.processed = FilePath(inbox.appending(path: "done").path)
        try FileManager.default.createDirectory(at: inbox.appending(path: "done"), withIntermediateDirectories: true)
        let watch = try Watch(settings)
        #expect(watch.watcher.subfolders.count == 2)  // a and a/b
        try write("a/b/c/deep.html")
        try write(".staging/hidden.html")
        try write("done/archived.html")
        try write("a/b/fine.html")
        #expect(try await watch.waitFor(["a/b/fine.html"]) == ["a/b/fine.html"])
        #expect(watch.log.messages(at: .warning).contains { $0.contains("a/b/c is a sub-folder") && $0.contains("max_depth = 2") })
        await watch.stop()
    }

    @Test("ignore patterns match names in any folder, and paths when they hold a /")
    func ignorePatterns() {
        let ignore = InboxIgnore(patterns: [".*", "*.part", "reuters/*.json"])
        #expect(ignore.ignores("a/.hidden"))
        #expect(ignore.ignores("x/y/page.html.part"))
        #expect(ignore.ignores("reuters/item.json"))
        #expect(!ignore.ignores("reuters/deeper/item.json"))
        #expect(!ignore.ignores("afp/item.json"))
        #expect(!ignore.ignores("page.html"))
        #expect(InboxIgnore.standard.ignores("page.tmp") && InboxIgnore.standard.ignores("page~"))
    }
}
