import Foundation
import NewswatchTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The fault suite, part four: files that arrive or fail in unusual ways each get a fate
/// (an outcome entry, and processed/ or failed/), and page text never escapes its line.
extension DaemonTests {
    @Suite("Faults: every file gets a fate", .timeLimit(.minutes(3)))
    struct FaultFateTests {
        /// Files that appear by IN_CREATE alone (a hard link, O_TMPFILE + linkat) are taken at
        /// once; a file written in place slowly is taken only once its writer closes it; the
        /// other name of a hard link keeps its content.
        @Test func linkedFilesAreTakenAtOnceAndAFileBeingWrittenWaitsForItsWriter() throws {
            let fixture = try DaemonFixture(topics: DaemonFixture.natoTopic)
            let notify = try NotifySocket(folder: fixture.folder)
            try fixture.start(notify: notify)
            #expect(notify.wait { $0 == "READY=1" } != nil)
            let page = try Data(contentsOf: SharedData.seed001)

            let outside = fixture.folder.appending(path: "outside.txt")
            try page.write(to: outside)
            #expect(link(outside.path, fixture.inbox.appending(path: "hard-link.txt").path) == 0)

            let temporary = open(fixture.inbox.path, Self.temporaryFile | O_WRONLY, 0o644)
            #expect(temporary >= 0, "O_TMPFILE: \(errno)")
            let other = Data(BurstText.page(7).utf8)
            _ = other.withUnsafeBytes { write(temporary, $0.baseAddress, $0.count) }
            #expect(
                linkat(AT_FDCWD, "/proc/self/fd/\(temporary)", AT_FDCWD, fixture.inbox.appending(path: "tmpfile.txt").path, Self.followLink)
                    == 0)

            // Written in place, in two halves half a second apart: taking it at IN_CREATE would
            // read an empty or half file.
            let slow = open(fixture.inbox.appending(path: "slow.txt").path, O_CREAT | O_WRONLY | O_EXCL, 0o644)
            let whole = Data(BurstText.page(8).utf8)
            _ = whole.prefix(whole.count / 2).withUnsafeBytes { write(slow, $0.baseAddress, $0.count) }
            let entries = try fixture.waitForOutcomes(["hard-link.txt", "tmpfile.txt"], timeout: 10)
            Thread.sleep(forTimeInterval: 0.5)
            #expect(try fixture.entries().outcome(of: "slow.txt") == nil, "taken while still being written")
            _ = whole.suffix(from: whole.count / 2).withUnsafeBytes { write(slow, $0.baseAddress, $0.count) }
            close(slow)
            close(temporary)
            let after = try fixture.waitForOutcomes(["slow.txt"], timeout: 10)
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)

            reportFault(
                "files by IN_CREATE alone",
                "hard link: \(entries.outcome(of: "hard-link.txt") ?? "none"), O_TMPFILE+linkat: \(entries.outcome(of: "tmpfile.txt") ?? "none"), "
                    + "slow writer: \(after.outcome(of: "slow.txt") ?? "none") after its close")
            #expect(entries.outcome(of: "hard-link.txt") == "new")
            #expect(entries.outcome(of: "tmpfile.txt") == "new")
            #expect(after.outcome(of: "slow.txt") == "new")
            #expect(try Data(contentsOf: outside) == page, "the other name of the hard link changed")
            #expect(try Data(contentsOf: fixture.archived("slow.txt", in: fixture.processed)) == whole)
            var status = stat()
            #expect(stat(outside.path, &status) == 0 && status.st_nlink == 2, "outside.txt and processed/hard-link.txt")
            #expect(fixture.contents(of: fixture.inbox).isEmpty)
        }

        /// A failed file whose name is too long for `NAME.reason` (and, dropped again, for
        /// `NAME.1`): the page keeps its name, the reason file gets a shortened one.
        @Test func aFailedFileWithALongNameGetsItsReasonUnderAShorterName() throws {
            let fixture = try DaemonFixture(topics: DaemonFixture.natoTopic)
            try fixture.start()
            let name = String(repeating: "long-name-", count: 25) + ".bin"  // 254 bytes
            let binary = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) })
            // Written beside the inbox (`.NAME.part` would be too long) and renamed in.
            let staging = fixture.folder.appending(path: "staging")
            func drop() throws {
                try binary.write(to: staging)
                try FileManager.default.moveItem(at: staging, to: fixture.inbox.appending(path: name))
            }
            try drop()
            waitUntil(timeout: 10) { fixture.contents(of: fixture.inbox).isEmpty }
            try drop()
            let entries = try fixture.journal.wait(for: fixture.pids) {
                $0.outcomes.filter { $0["NEWSWATCH_FILE"] == name }.count >= 2
            }
            waitUntil(timeout: 10) { fixture.contents(of: fixture.inbox).isEmpty }
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)

            let failed = fixture.contents(of: fixture.failed)
            let reasons = failed.filter { $0.hasSuffix(".reason") }
            reportFault(
                "long name", "a \(name.utf8.count)-byte name failed twice; failed/ holds \(failed.map { "\($0.utf8.count) bytes" })")
            #expect(entries.outcomes.filter { $0["NEWSWATCH_FILE"] == name }.map { $0["NEWSWATCH_OUTCOME"] } == ["failed", "failed"])
            #expect(failed.contains(name), "the page keeps its name")
            #expect(failed.count == 4 && reasons.count == 2, "\(failed)")
            #expect(failed.allSatisfy { $0.utf8.count <= 255 })
            for reason in reasons {
                let text = try String(contentsOf: fixture.archived(reason, in: fixture.failed), encoding: .utf8)
                #expect(text.hasPrefix(name + ": "), "the reason names the whole file: \(text)")
            }
            #expect(fixture.contents(of: fixture.inbox).isEmpty)
        }

        /// A JSON Lines file with a broken line: the good lines are pages, the broken one a
        /// failed item with its line number; the file goes to processed/.
        @Test func aBrokenJsonLineIsAFailedItemWithItsLineNumber() throws {
            let fixture = try DaemonFixture(topics: DaemonFixture.natoTopic)
            try fixture.start()
            func item(_ number: Int) throws -> String {
                let object: [String: Any] = [
                    "url": "https://example.org/\(number)", "title": "Bulletin \(number)", "text": BurstText.page(100 + number),
                ]
                return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
            }
            let lines = [try item(1), #"{"url": "https://example.org/2", "title": "cut"#, try item(3)]
            try fixture.drop(Data(lines.joined(separator: "\n").utf8), as: "items.jsonl")
            let entries = try fixture.journal.wait(for: fixture.pids) {
                $0.outcomes.filter { $0["NEWSWATCH_FILE"] == "items.jsonl" }.count >= 3
            }
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)
            let items = entries.outcomes.filter { $0["NEWSWATCH_FILE"] == "items.jsonl" }
            let byItem = Dictionary(items.map { ($0["NEWSWATCH_ITEM"] ?? "", $0) }, uniquingKeysWith: { first, _ in first })
            reportFault(
                "broken JSON line",
                items.map { "item \($0["NEWSWATCH_ITEM"] ?? "-"): \($0["NEWSWATCH_OUTCOME"] ?? "") \($0["NEWSWATCH_REASON"] ?? "")" }
                    .joined(separator: "; "))
            #expect(items.count == 3)
            #expect(byItem["1"]?["NEWSWATCH_OUTCOME"] == "new")
            #expect(byItem["2"]?["NEWSWATCH_OUTCOME"] == "failed")
            #expect(byItem["2"]?["NEWSWATCH_REASON"]?.contains("line 2") == true)
            #expect(byItem["3"]?["NEWSWATCH_OUTCOME"] == "new")
            #expect(fixture.contents(of: fixture.processed) == ["items.jsonl"])
        }

        /// Without a journal socket entries go to standard error, one line each: a title with a
        /// newline and a `<0>` cannot make a line of its own (which a journal stream would
        /// have taken as an emergency).
        @Test func pageTextCannotStartALineOnStandardError() throws {
            let fixture = try DaemonFixture(topics: DaemonFixture.natoTopic)
            try fixture.start(environment: ["NEWSWATCH_JOURNAL_SOCKET": fixture.folder.appending(path: "no-journal").path])
            let object: [String: Any] = [
                "url": "https://example.org/x", "title": "NATO expansion\n<0>forged emergency\r\n<1>and more", "text": BurstText.page(5),
            ]
            try fixture.drop(try JSONSerialization.data(withJSONObject: object), as: "forged.json")
            waitUntil(timeout: 20) { fixture.standardError.contains("NEWSWATCH_OUTCOME=new") }
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)
            let lines = fixture.standardError.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
            reportFault(
                "standard error",
                "\(lines.count) lines, \(lines.filter { !$0.hasPrefix("newswatch[") }.count) not starting with newswatch[PID]")
            #expect(lines.contains { $0.contains("forged emergency") && $0.contains("\\n<0>") })
            #expect(lines.allSatisfy { $0.hasPrefix("newswatch[") }, "\(lines.filter { !$0.hasPrefix("newswatch[") })")
            #expect(!fixture.standardError.contains("\r"))
        }

        /// `O_TMPFILE` (`__O_TMPFILE | O_DIRECTORY`), which glibc shows Swift only under _GNU_SOURCE.
        static let temporaryFile: Int32 = 0o20_200_000
        /// `AT_SYMLINK_FOLLOW`, to link the descriptor's file through /proc/self/fd.
        static let followLink: Int32 = 0x400
    }
}
