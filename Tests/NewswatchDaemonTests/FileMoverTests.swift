import Foundation
@testable import NewswatchDaemon
import SystemPackage
import Testing

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
        #expect(targets == ["page.txt.1", "page.txt.2", "page.txt.3"])
        #expect(try String(contentsOf: processed.appending(path: "page.txt"), encoding: .utf8) == "first")
        #expect(try String(contentsOf: processed.appending(path: "page.txt.3"), encoding: .utf8) == "drop 3")
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
}

extension FileMover.Result {
    /// The name the file got in its folder, nil unless it was moved.
    var movedName: String? {
        if case .moved(let path) = self { return path.lastComponent?.string }
        return nil
    }
}
