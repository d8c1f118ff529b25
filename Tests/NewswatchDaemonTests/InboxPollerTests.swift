import Foundation
import Logging
import Synchronization
import SystemPackage
import Testing

@testable import NewswatchDaemon

/// Polling, for inboxes whose writes inotify cannot see: files are found by listing alone,
/// and read only once their size and modification time held still across two looks.
@Suite("Inbox polling", .timeLimit(.minutes(1)))
struct InboxPollerTests {
    let folder: URL
    var inbox: URL { folder.appending(path: "inbox") }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appending(path: "newswatch-poller-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: inbox.appending(path: "nfs-host/sub"), withIntermediateDirectories: true)
    }

    func poller(_ arrived: NameLog, interval: Duration = .milliseconds(100)) -> InboxPoller<ContinuousClock> {
        InboxPoller(
            settings: InboxSettings(path: FilePath(inbox.path)), interval: interval, clock: ContinuousClock(),
            logger: Logger(label: "newswatch-test")
        ) { event in
            if case .arrived(let name) = event { arrived.append(name.string) }
        }
    }

    @Test("with nothing to poll the poller waits without a timer, and starts listing when asked")
    func idleUntilAsked() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let arrived = NameLog()
        let poller = poller(arrived)
        #expect(poller.isIdle)
        try Data("a".utf8).write(to: inbox.appending(path: "page.html"))
        let task = Task { try await poller.run() }
        try await Task.sleep(for: .milliseconds(400))
        #expect(arrived.all.isEmpty, "an idle poller listed the inbox")
        poller.poll(FilePath())
        let deadline = ContinuousClock.now + .seconds(30)
        while arrived.all.isEmpty && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(arrived.all == ["page.html"])
        task.cancel()
    }

    @Test("a file is reported once, only after two looks saw the same size and time; a growing one waits")
    func stableFilesOnly() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let arrived = NameLog()
        let poller = poller(arrived)
        let growing = inbox.appending(path: "nfs-host/sub/growing.txt")
        try Data("x".utf8).write(to: inbox.appending(path: "nfs-host/done.txt"))
        let handle = try FileHandle(
            forWritingTo: {
                try Data().write(to: growing)
                return growing
            }())
        poller.poll(FilePath())
        let task = Task { try await poller.run() }
        // A writer on another host, as inotify would never see it: a byte every 40 ms.
        for _ in 0..<15 {
            try handle.write(contentsOf: Data("y".utf8))
            try await Task.sleep(for: .milliseconds(40))
        }
        #expect(arrived.all == ["nfs-host/done.txt"], "a file still growing was reported")
        try handle.close()
        let deadline = ContinuousClock.now + .seconds(30)
        while arrived.all.count < 2 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        try await Task.sleep(for: .milliseconds(300))
        #expect(arrived.all == ["nfs-host/done.txt", "nfs-host/sub/growing.txt"])
        task.cancel()
    }

    @Test("a sub-folder handed over (no inotify watch left for it) is listed on its own")
    func subfolderFallback() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let arrived = NameLog()
        let poller = poller(arrived)
        try Data("top".utf8).write(to: inbox.appending(path: "top.html"))
        try Data("deep".utf8).write(to: inbox.appending(path: "nfs-host/sub/deep.html"))
        poller.poll("nfs-host/sub")
        let task = Task { try await poller.run() }
        let deadline = ContinuousClock.now + .seconds(30)
        while arrived.all.isEmpty && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        try await Task.sleep(for: .milliseconds(300))
        #expect(arrived.all == ["nfs-host/sub/deep.html"])
        task.cancel()
    }

    @Test("statfs tells a local file system from a network one")
    func fileSystemKind() throws {
        let local = try #require(InboxFileSystem.of(FilePath(folder.path)))
        #expect(!local.isNetwork, "\(local.name)")
        #expect(InboxFileSystem.network[0x6969] == "nfs" && InboxFileSystem.network[0x6573_5546] == "fuse")
        #expect(InboxPolling.auto.interval(onNetworkFileSystem: true) == .seconds(2))
        #expect(InboxPolling.auto.interval(onNetworkFileSystem: false) == nil)
        #expect(InboxPolling.off.interval(onNetworkFileSystem: true) == nil)
        #expect(InboxPolling.every(.seconds(1)).interval(onNetworkFileSystem: false) == .seconds(1))
    }
}
