import Foundation
import NewswatchTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real binary on a real inbox, reading back the real journal.
extension DaemonTests {
    @Suite("Daemon alerts", .timeLimit(.minutes(3)))
    struct DaemonAlertTests {
        @Test(arguments: StateBackend.allCases)
        func bothSeedsRaiseTheNatoAlertAndFurnitureRaisesNone(backend: StateBackend) async throws {
            let fixture = try DaemonFixture(backend: try await backend.prepare())
            try fixture.start()
            try fixture.drop(seed: SharedData.seed000, as: "seed000.txt")
            try fixture.drop(seed: SharedData.seed001, as: "seed001.txt")
            let entries = try fixture.waitForOutcomes(["seed000.txt", "seed001.txt"])
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)

            #expect(entries.outcome(of: "seed000.txt") == "new")
            #expect(entries.outcome(of: "seed001.txt") == "new")
            let nato = entries.alerts.filter { $0["NEWSWATCH_TOPIC"] == "nato-expansion" }
            #expect(Set(nato.compactMap { $0["NEWSWATCH_FILE"] }) == ["seed000.txt", "seed001.txt"])
            #expect(entries.alerts.allSatisfy { $0["NEWSWATCH_TOPIC"] != "furniture-only" }, "furniture-only topic alerted")

            let seed001 = try #require(nato.first { $0["NEWSWATCH_FILE"] == "seed001.txt" })
            #expect(seed001["MESSAGE"] == "NATO expansion: \"Russia, Belarus discuss NATO expansion threats\" (TASS, 2016-08-23)")
            #expect(seed001["PRIORITY"] == "4")
            #expect(seed001["SYSLOG_IDENTIFIER"] == "newswatch")
            #expect(seed001["NEWSWATCH_TOPIC_NAME"] == "NATO expansion")
            #expect(seed001["NEWSWATCH_SOURCE"] == "TASS")
            #expect(seed001["NEWSWATCH_PUBLISHED"]?.hasPrefix("2016-08-23") == true)
            #expect(seed001["NEWSWATCH_MATCHED"]?.localizedCaseInsensitiveContains("expansion") == true)
            #expect(seed001["NEWSWATCH_SNIPPET"]?.contains("NATO") == true)
            for field in ["NEWSWATCH_DOC", "NEWSWATCH_STORY"] {
                #expect(seed001[field]?.count == 16, "\(field) is \(seed001[field] ?? "missing")")
            }
            #expect(fixture.contents(of: fixture.processed) == ["seed000.txt", "seed001.txt"])
            #expect(fixture.contents(of: fixture.inbox).isEmpty)
        }

        @Test(arguments: StateBackend.allCases)
        func repeatsOfASeedRaiseNoSecondAlert(backend: StateBackend) async throws {
            let fixture = try DaemonFixture(backend: try await backend.prepare())
            try fixture.start()
            try fixture.drop(seed: SharedData.seed000, as: "first.txt")
            try fixture.waitForOutcomes(["first.txt"])
            // The same page again, and the same page with a different "Most read" list.
            try fixture.drop(seed: SharedData.seed000, as: "copy.txt")
            let original = try SharedData.text(of: SharedData.seed000)
            let refurnished = original.replacingOccurrences(
                of: "Putin grants Russian citizenship to US athlete Jeffrey Monson",
                with: "Moscow metro opens three new stations in the south-west"
            )
            .replacingOccurrences(
                of: "Russian hi-tech firm to showcase new noiseless sniper rifle",
                with: "Bolshoi Theatre announces its new season premieres")
            try fixture.drop(Data(refurnished.utf8), as: "refurnished.txt")
            let entries = try fixture.waitForOutcomes(["copy.txt", "refurnished.txt"])
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)

            #expect(entries.outcome(of: "copy.txt") == "duplicate")
            #expect(entries.outcome(of: "refurnished.txt") == "duplicate")
            let story = entries.outcomes.first { $0["NEWSWATCH_FILE"] == "first.txt" }?["NEWSWATCH_STORY"]
            #expect(story != nil)
            #expect(entries.outcomes.filter { $0["NEWSWATCH_FILE"] != "first.txt" }.allSatisfy { $0["NEWSWATCH_STORY"] == story })
            #expect(entries.alerts.count == 1, "alerts: \(entries.alerts.map { $0["NEWSWATCH_FILE"] ?? "" })")

            // `newswatch stories` shows the story with its three pages and why each repeat is one.
            let listing = try DaemonFixture.command(
                ["stories", "--json", "--config", fixture.config.path], environment: fixture.backend.environment)
            #expect(listing.status == 0, "\(listing.error)")
            let stories = listing.output.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            #expect(stories.count == 1)
            let pages = stories.first?["pages"] as? [[String: Any]] ?? []
            #expect(pages.map { $0["file"] as? String } == ["first.txt", "copy.txt", "refurnished.txt"])
            #expect(pages.map { $0["outcome"] as? String } == ["new", "duplicate", "duplicate"])
            #expect(pages.dropFirst().allSatisfy { ($0["score"] as? Double ?? 0) >= 0.95 && $0["matched_doc"] is String })
            #expect(stories.first?["topics"] as? [String] == ["nato-expansion"])
            #expect(stories.first?["title"] as? String == "Russia, Belarus agree to seek improvement in relations with NATO")
        }

        @Test(arguments: StateBackend.allCases)
        func jsonLinesItemsEachGetAnOutcomeAndHtmlAndGzipArePages(backend: StateBackend) async throws {
            let fixture = try DaemonFixture(backend: try await backend.prepare())
            try fixture.start()
            let seed = try SharedData.text(of: SharedData.seed001)
            let body = seed.split(separator: "\n").dropFirst(3).joined(separator: "\n")
            func item(_ title: String, _ text: String) throws -> String {
                let object: [String: Any] = [
                    "url": "https://example.org/\(title.count)", "title": title, "text": text, "author": "Jane Doe",
                ]
                return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
            }
            let lines = [
                try item("Russia, Belarus discuss NATO expansion threats", body),
                try item(
                    "Harvest festival opens",
                    "Farmers from twelve regions brought apples, pears and honey to the square. "
                        + String(repeating: "Visitors tasted cider and bought preserves from the stalls all afternoon. ", count: 8)),
            ]
            try fixture.drop(Data(lines.joined(separator: "\n").utf8), as: "items.jsonl")
            let corpus = try DevCorpus()
            let id = corpus.ids[0]
            try fixture.drop(Data(try corpus.bytes(of: id, in: .html)), as: "page.html.gz")
            let entries = try fixture.waitForOutcomes(["items.jsonl", "page.html.gz"])
            _ = try fixture.journal.wait(for: fixture.pids) { $0.outcomes.filter { $0["NEWSWATCH_FILE"] == "items.jsonl" }.count >= 2 }
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)
            let all = try fixture.entries()
            let items = all.outcomes.filter { $0["NEWSWATCH_FILE"] == "items.jsonl" }
            #expect(Set(items.compactMap { $0["NEWSWATCH_ITEM"] }) == ["1", "2"])
            #expect(items.allSatisfy { $0["NEWSWATCH_OUTCOME"] == "new" })
            let itemAlerts = all.alerts.filter { $0["NEWSWATCH_FILE"] == "items.jsonl" }
            #expect(itemAlerts.map { $0["NEWSWATCH_ITEM"] } == ["1"])
            #expect(itemAlerts.first?["NEWSWATCH_AUTHOR"] == "Jane Doe")
            #expect(entries.outcome(of: "page.html.gz") == "new")
            #expect(fixture.contents(of: fixture.processed) == ["items.jsonl", "page.html.gz"])
        }

        @Test(arguments: StateBackend.allCases)
        func duplicatesAreRecognisedAcrossRestarts(backend: StateBackend) async throws {
            let fixture = try DaemonFixture(backend: try await backend.prepare())
            try fixture.start()
            try fixture.drop(seed: SharedData.seed001, as: "before.txt")
            try fixture.waitForOutcomes(["before.txt"])
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)

            try fixture.start()
            try fixture.drop(seed: SharedData.seed001, as: "after.txt")
            let entries = try fixture.waitForOutcomes(["after.txt"])
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)
            #expect(entries.outcome(of: "after.txt") == "duplicate")
            #expect(entries.alerts.count == 1)
        }

        @Test func withoutAJournalSocketAlertsGoToStandardError() throws {
            let fixture = try DaemonFixture()
            try fixture.start(environment: ["NEWSWATCH_JOURNAL_SOCKET": fixture.folder.appending(path: "no-journal").path])
            try fixture.drop(seed: SharedData.seed001, as: "laptop.txt")
            let deadline = Date().addingTimeInterval(20)
            while !fixture.standardError.contains("NEWSWATCH_TOPIC=nato-expansion") && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.05)
            }
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)
            let output = fixture.standardError
            #expect(output.contains("NATO expansion: \"Russia, Belarus discuss NATO expansion threats\""), "\(output)")
            #expect(output.contains("NEWSWATCH_OUTCOME=new"))
            #expect(try fixture.entries().alerts.isEmpty, "alert reached the journal despite the missing socket")
        }
    }
}
