import Foundation
import GRDB
import NewswatchCore
import NewswatchDaemon
import StoryDedup
import Testing

@Suite("Story index store")
struct StoryIndexStoreTests {
    /// A state database in a fresh temporary folder, migrated like the daemon's.
    struct StateDatabase {
        let folder: URL
        var path: String { folder.appending(path: "newswatch.sqlite").path }

        init() throws {
            folder = FileManager.default.temporaryDirectory.appending(path: "story-index-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }

        func open() throws -> DatabasePool {
            let pool = try DatabasePool(path: path)
            var migrator = DatabaseMigrator()
            StoryIndexStore.registerMigrations(&migrator)
            try migrator.migrate(pool)
            return pool
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    static let now: Int64 = 1_750_000_000
    static let configuration = DedupConfiguration()

    /// Distinct article-like bodies: words drawn from a vocabulary by a generator seeded
    /// with the subject, so two subjects share few word sequences.
    static func body(_ subject: Int, sentences: Int = 12) -> String {
        var state = UInt64(subject + 1) &* 0x9E37_79B9_7F4A_7C15
        return (0..<(sentences * 12)).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return "word\(state >> 52)"
        }.joined(separator: " ")
    }

    static func fingerprint(_ text: String) -> PageFingerprint {
        PageFingerprinter().fingerprint(body: Tokenizer().tokenize(text))
    }

    /// Records `bodies` in a fresh index and the store, one second apart.
    static func record(_ bodies: [String], in pool: DatabasePool, startingAt start: Int64) throws -> StoryIndex {
        var index = StoryIndex(configuration: configuration)
        for (offset, body) in bodies.enumerated() {
            let fingerprint = fingerprint(body)
            try pool.write { db in
                let verdict = try index.record(
                    fingerprint, seenAt: start + Int64(offset), confirmingWith: StoryIndexStore.PreciseSignatures(db))
                try StoryIndexStore.append(
                    fingerprint, story: verdict.story(of: fingerprint), seenAt: start + Int64(offset), in: db
                )
            }
        }
        return index
    }

    @Test("Pages survive closing and reopening the database")
    func pagesSurviveReopen() throws {
        let state = try StateDatabase()
        defer { state.remove() }
        let bodies = (0..<20).map { Self.body($0) }
        do {
            _ = try Self.record(bodies, in: try state.open(), startingAt: Self.now - 100)
        }
        try state.open().read { db in
            let loaded = try StoryIndexStore.load(from: db, configuration: Self.configuration, now: Self.now)
            #expect(loaded.count == bodies.count)
            for body in bodies {
                let verdict = try loaded.classify(Self.fingerprint(body), confirmingWith: StoryIndexStore.PreciseSignatures(db))
                #expect(verdict.match?.exact == true)
            }
        }
    }

    @Test("A loaded index gives the same verdicts as the one that was stored")
    func loadRebuildsIdenticalVerdicts() throws {
        let state = try StateDatabase()
        defer { state.remove() }
        let pool = try state.open()
        let stored = (0..<30).map { Self.body($0) } + [Self.body(3) + " A late paragraph adds what the minister said."]
        let live = try Self.record(stored, in: pool, startingAt: Self.now - 1000)
        let probes = stored + (25..<40).map { Self.body($0, sentences: 10) } + [Self.body(7).uppercased()]
        try pool.read { db in
            let loaded = try StoryIndexStore.load(from: db, configuration: Self.configuration, now: Self.now)
            let signatures = StoryIndexStore.PreciseSignatures(db)
            for probe in probes {
                let fingerprint = Self.fingerprint(probe)
                let verdict = try loaded.classify(fingerprint, confirmingWith: signatures)
                #expect(try verdict == live.classify(fingerprint, confirmingWith: signatures))
            }
        }
    }

    @Test("Storing a known page again moves its time on instead of adding a row")
    func appendingAKnownPageRefreshesIt() throws {
        let state = try StateDatabase()
        defer { state.remove() }
        let pool = try state.open()
        _ = try Self.record([Self.body(1), Self.body(1), Self.body(2)], in: pool, startingAt: Self.now - 10)
        let rows = try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM story_index_page") }
        #expect(rows == 2)
    }

    @Test("Pruning removes pages seen before the cutoff and keeps the rest", arguments: [0, 5, 20])
    func pruneRemovesOldPages(oldPages: Int) throws {
        let state = try StateDatabase()
        defer { state.remove() }
        let pool = try state.open()
        let old = (0..<oldPages).map { Self.body($0) }
        let recent = (100..<110).map { Self.body($0) }
        _ = try Self.record(old, in: pool, startingAt: Self.now - 10_000)
        _ = try Self.record(recent, in: pool, startingAt: Self.now - 100)
        let removed = try pool.write { db in try StoryIndexStore.prune(olderThan: Self.now - 5_000, in: db) }
        #expect(removed == oldPages)
        try pool.read { db in
            let loaded = try StoryIndexStore.load(from: db, configuration: Self.configuration, now: Self.now)
            #expect(loaded.count == recent.count)
            let signatures = StoryIndexStore.PreciseSignatures(db)
            for body in old {
                #expect(try loaded.classify(Self.fingerprint(body), confirmingWith: signatures) == .new)
            }
            let preciseRows = try Int.fetchOne(db, sql: "SELECT count(*) FROM story_index_precise")
            #expect(preciseRows == recent.count)
        }
    }

    @Test("Pages stored before precise signatures existed still load and are judged on their estimate")
    func pagesStoredWithoutPreciseSignaturesStillWork() throws {
        let state = try StateDatabase()
        defer { state.remove() }
        let pool = try DatabasePool(path: state.path)
        var migrator = DatabaseMigrator()
        StoryIndexStore.registerMigrations(&migrator)
        try migrator.migrate(pool, upTo: "story-index-v1")
        // Rows as the version before precise signatures wrote them.
        let old = (0..<10).map { Self.fingerprint(Self.body($0)) }
        try pool.write { db in
            for (offset, fingerprint) in old.enumerated() {
                try db.execute(
                    sql: "INSERT INTO story_index_page (content_id, story_id, seen_at, sketch) VALUES (?, ?, ?, ?)",
                    arguments: [
                        Int64(bitPattern: fingerprint.contentID), Int64(bitPattern: fingerprint.contentID),
                        Self.now - 100 + Int64(offset), Data(fingerprint.sketch),
                    ])
            }
        }
        try migrator.migrate(pool)
        try pool.write { db in
            var index = try StoryIndexStore.load(from: db, configuration: Self.configuration, now: Self.now)
            let signatures = StoryIndexStore.PreciseSignatures(db)
            #expect(index.count == old.count)
            #expect(try index.classify(old[0], confirmingWith: signatures).match?.exact == true)
            let extended = Self.fingerprint(Self.body(1) + " " + Self.body(50, sentences: 4))
            let verdict = try index.classify(extended, confirmingWith: signatures)
            guard case .update(let match) = verdict else {
                Issue.record("an extended old page is \(verdict)")
                return
            }
            #expect(match.document == old[1].contentID)
            #expect(try index.classify(Self.fingerprint(Self.body(60)), confirmingWith: signatures) == .new)
            // A page recorded after the migration has its precise signature stored.
            let fresh = Self.fingerprint(Self.body(70))
            let freshVerdict = try index.record(fresh, seenAt: Self.now, confirmingWith: signatures)
            try StoryIndexStore.append(fresh, story: freshVerdict.story(of: fresh), seenAt: Self.now, in: db)
            #expect(try signatures.preciseSignature(of: fresh.contentID) == fresh.precise)
        }
    }
}
