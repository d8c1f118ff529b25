import Foundation
import Logging
import Synchronization
import SystemPackage
import Testing

@testable import NewswatchDaemon

#if canImport(Glibc)
    import Glibc
#endif

/// The inbox watch as a service: it reports arrivals, and a watch that fails makes `run()`
/// throw, which ends the daemon (exit 1) instead of leaving it blind.
@Suite("Inbox watcher", .timeLimit(.minutes(1)))
struct InboxWatcherTests {
    let folder: URL
    var inbox: URL { folder.appending(path: "inbox") }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appending(path: "newswatch-watcher-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder.appending(path: "inbox"), withIntermediateDirectories: true)
    }

    @Test func aWatchWhoseDescriptorBreaksEndsTheServiceWithAnError() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let arrived = Mutex<[String]>([])
        let watcher = try InboxWatcher(inbox: FilePath(inbox.path), logger: Logger(label: "newswatch-test")) { event in
            if case .arrived(let name) = event { arrived.withLock { $0.append(name.string) } }
        }
        let running = Task { try await watcher.run() }
        try Data("one".utf8).write(to: inbox.appending(path: "first.txt"))
        let deadline = Date().addingTimeInterval(10)
        while arrived.withLock({ $0.isEmpty }) && Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(arrived.withLock { $0 } == ["first.txt"])

        // Put a folder where the inotify descriptor was: the next read fails (EISDIR), as a
        // watch whose descriptor went bad would.
        let folderDescriptor = open(folder.path, O_RDONLY | O_DIRECTORY)
        #expect(folderDescriptor >= 0)
        #expect(dup2(folderDescriptor, watcher.inotify) == watcher.inotify)
        close(folderDescriptor)
        // The reader sleeps in poll on the old inotify file: an event wakes it.
        try Data("two".utf8).write(to: inbox.appending(path: "second.txt"))
        await #expect(throws: SystemCallError.self) { try await running.value }
    }
}
