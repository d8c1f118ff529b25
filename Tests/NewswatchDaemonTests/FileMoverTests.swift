import Foundation
import SystemPackage
import Testing

@testable import NewswatchDaemon

@Suite("File mover")
struct FileMoverTests {
    /// An inbox and a processed folder in a fresh temporary folder.
    let root: URL
    let inbox: URL
    let processed: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appending(path: "newswatch-mover-\(UUID().uuidString)")
        inbox = root.appending(path: "inbox")
        processed = root.appending(path: "processed")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: processed, withIntermediateDirectories: true)
    }

    @Test func aNameAlreadyInProcessedIsNeverOverwritten() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let mover = FileMover(inbox: FilePath(inbox.path))
        try Data("first".utf8).write(to: processed.appending(path: "page.txt"))
        var targets: [String] = []
        for round in 1...3 {
            try Data("drop \(round)".utf8).write(to: inbox.appending(path: "page.txt"))
            let target = try mover.move("page.txt", identity: nil, to: .folder(FilePath(processed.path)))
            targets.append(target.movedName ?? "")
        }
        #expect(targets == ["page.1.txt", "page.2.txt", "page.3.txt"])
        #expect(try String(contentsOf: processed.appending(path: "page.txt"), encoding: .utf8) == "first")
        #expect(try String(contentsOf: processed.appending(path: "page.3.txt"), encoding: .utf8) == "drop 3")
        #expect(try FileManager.default.contentsOfDirectory(atPath: inbox.path).isEmpty)
    }

    @Test func aFailedFileGetsItsReasonBesideIt() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let mover = FileMover(inbox: FilePath(inbox.path))
        try Data([0, 1, 2]).write(to: inbox.appending(path: "bad.bin"))
        let target = try mover.move(
            "bad.bin", identity: nil, to: .folder(FilePath(processed.path)), reason: "binary data, not a page")
        #expect(target.movedName == "bad.bin")
        let reason = try String(contentsOf: processed.appending(path: "bad.bin.reason"), encoding: .utf8)
        #expect(reason == "binary data, not a page\n")
    }

    @Test("a file in a sub-folder goes to the dated folder, then its own sub-folder, both made on the first move")
    func aSubfolderFileKeepsItsFolderUnderTheDay() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let layout = try ArchiveLayout("%Y/%m/%d")
        let day: Int64 = 1_764_633_600 + 12 * 3_600  // 2025-12-02 around noon, any time zone within ±11 h
        let mover = FileMover(inbox: FilePath(inbox.path), layout: layout, now: day)
        #expect(mover.datedFolder == "2025/12/02")
        try FileManager.default.createDirectory(at: inbox.appending(path: "reuters/world"), withIntermediateDirectories: true)
        for round in 1...2 {
            try Data("drop \(round)".utf8).write(to: inbox.appending(path: "reuters/world/page.html"))
            _ = try mover.move("reuters/world/page.html", identity: nil, to: .folder(FilePath(processed.path)))
        }
        let folder = processed.appending(path: "2025/12/02/reuters/world")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["page.1.html", "page.html"])
        #expect(try String(contentsOf: folder.appending(path: "page.1.html"), encoding: .utf8) == "drop 2")
        // A failed one gets its reason beside it in the same folder.
        try Data([0]).write(to: inbox.appending(path: "reuters/bad.bin"))
        _ = try mover.move("reuters/bad.bin", identity: nil, to: .folder(FilePath(processed.path)), reason: "binary")
        #expect(FileManager.default.fileExists(atPath: processed.appending(path: "2025/12/02/reuters/bad.bin.reason").path))
    }

    @Test("a sub-folder swapped for a link out of the inbox is never followed")
    func aSubfolderLinkIsNotFollowed() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let outside = root.appending(path: "outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("secret".utf8).write(to: outside.appending(path: "page.html"))
        try FileManager.default.createSymbolicLink(at: inbox.appending(path: "linked"), withDestinationURL: outside)
        let mover = FileMover(inbox: FilePath(inbox.path))
        #expect(try mover.identity(of: "linked/page.html") == nil)
        let reader = InboxFileReader(inbox: FilePath(inbox.path), maxFileSize: 1 << 20)
        guard case .vanished = reader.read("linked/page.html") else {
            Issue.record("a file behind a linked sub-folder was read")
            return
        }
        #expect(FileManager.default.fileExists(atPath: outside.appending(path: "page.html").path))
    }
}

extension FileMover.Result {
    /// The name the file got in its folder, nil unless it was moved.
    var movedName: String? {
        if case .moved(let path) = self { return path.lastComponent?.string }
        return nil
    }
}
