import Foundation
import Logging
import SystemPackage
import Testing

@testable import NewswatchDaemon

#if canImport(Glibc)
    import Glibc
#endif

/// `[archive]`: dated folders in processed/ and failed/, and retention of old files.
@Suite("Archive layout and retention")
struct ArchiveTests {
    /// 2026-01-01 12:00 UTC, a Thursday: ISO week 1 of 2026.
    static let newYear: Int64 = 1_767_268_800

    @Test(
        "a layout gives the same folders for the same day, in local time",
        arguments: [
            ("%Y/%m/%d", "2026/01/01"), ("%Y-%m", "2026-01"), ("%y/%j", "26/001"), ("%G-W%V", "2026-W01"),
            ("%Y/%m/%d/%H", "2026/01/01/12"), ("archive-%%/%Y", "archive-%/2026"), ("", ""),
        ])
    func layoutFolders(layout: String, expected: String) throws {
        setenv("TZ", "UTC", 1)
        tzset()
        #expect(try ArchiveLayout(layout).folder(for: Self.newYear) == expected)
    }

    @Test("ISO weeks: 2027-01-01 (a Friday) is in week 53 of 2026; 2024-12-30 in week 1 of 2025")
    func isoWeekAtYearEnds() throws {
        setenv("TZ", "UTC", 1)
        tzset()
        let layout = try ArchiveLayout("%G-%V")
        #expect(layout.folder(for: 1_798_761_600) == "2026-53")
        #expect(layout.folder(for: 1_735_560_000) == "2025-01")
        #expect(try ArchiveLayout("%Y/%m/%d").depth == 3)
        #expect(ArchiveLayout.flat.depth == 0 && ArchiveLayout.flat.isFlat)
    }

    @Test("retention deletes archived files older than keep, with their empty dated folders, and keeps the rest")
    func retentionDeletesOldFiles() throws {
        let root = FileManager.default.temporaryDirectory.appending(path: "newswatch-archive-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: root) }
        let processed = root.appending(path: "processed")
        let failed = root.appending(path: "failed")
        let manager = FileManager.default
        for path in [
            "processed/2026/09/01/reuters/a.html", "processed/2026/09/01/b.html", "failed/2026/09/01/c.bin",
            "failed/2026/09/01/c.bin.reason", "processed/2026/12/01/new.html",
        ] {
            let url = root.appending(path: path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(repeating: 65, count: 10).write(to: url)
        }
        let linkTarget = root.appending(path: "elsewhere.txt")
        try Data("keep me".utf8).write(to: linkTarget)
        try manager.createSymbolicLink(at: processed.appending(path: "2026/09/01/link"), withDestinationURL: root)
        let now = Int64(Date().timeIntervalSince1970)
        // The files were all archived just now (their status change time): with a clock 91
        // days on, those older than keep go; the one touched "later" (its modification time
        // in the future) stays.
        var future = [timespec(tv_sec: Int(now + 90 * 86_400), tv_nsec: 0), timespec(tv_sec: Int(now + 90 * 86_400), tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, processed.appending(path: "2026/12/01/new.html").path, &future, 0) == 0)
        let log = CapturedLog()
        let retention = ArchiveRetention(
            folders: [FilePath(processed.path), FilePath(failed.path)], keep: 30 * 86_400, clock: ContinuousClock(),
            logger: log.logger, now: { now + 91 * 86_400 })
        let sweep = retention.sweep()
        #expect(sweep.files == 5, "4 pages and the link")
        #expect(sweep.bytes > 40, "40 bytes of pages and the link's own size")
        #expect(sweep.folders == 6, "2026/09/01/reuters, 2026/09/01 and 2026/09 in processed/; 2026/09/01, 2026/09 and 2026 in failed/")
        #expect(manager.fileExists(atPath: processed.appending(path: "2026/12/01/new.html").path))
        #expect(!manager.fileExists(atPath: processed.appending(path: "2026/09").path))
        #expect(!manager.fileExists(atPath: failed.appending(path: "2026").path))
        #expect(manager.fileExists(atPath: failed.path), "the archive folders themselves stay")
        #expect(try String(contentsOf: linkTarget, encoding: .utf8) == "keep me", "a link is deleted, never followed")
        let summary = log.messages.filter { $0.hasPrefix("archive retention:") }
        #expect(summary.count == 1)
        #expect(summary.first?.contains("deleted 5 files") == true, "\(summary)")

        let again = retention.sweep()
        #expect(again == ArchiveRetention<ContinuousClock>.Sweep(), "nothing left to delete")
    }

    @Test("files are kept their full time: a clock short of keep deletes nothing")
    func retentionKeepsRecentFiles() throws {
        let root = FileManager.default.temporaryDirectory.appending(path: "newswatch-archive-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: root) }
        let day = root.appending(path: "processed/2026/12/01")
        try FileManager.default.createDirectory(at: day, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: day.appending(path: "page.html"))
        // An old modification time, as `touch -d` or a scraper that keeps times leaves it.
        var old = [timespec(tv_sec: 1_000_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000_000, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, day.appending(path: "page.html").path, &old, 0) == 0)
        let now = Int64(Date().timeIntervalSince1970)
        let retention = ArchiveRetention(
            folders: [FilePath(root.appending(path: "processed").path)], keep: 90 * 86_400, clock: ContinuousClock(),
            logger: Logger(label: "newswatch-test"), now: { now + 89 * 86_400 })
        #expect(retention.sweep().files == 0)
        #expect(FileManager.default.fileExists(atPath: day.appending(path: "page.html").path))
    }
}
