import NewswatchCore
import NewswatchPostgres
import NewswatchTestSupport
import PostgresNIO
import StoryDedup
import Testing

/// Lookup keys shared between hosts: what one host remembers reaches another host's
/// in-memory index exactly once, whatever order transactions commit in.
@Suite("shared story index", .timeLimit(.minutes(2)))
struct SharedStoryIndexTests {
    static let now: Int64 = 1_790_000_000
    let logger = TestCluster.logger

    static func fingerprint(_ body: String) -> PageFingerprint {
        PageFingerprinter().fingerprint(body: Tokenizer().tokenize(body))
    }

    static let article = """
        Foreign ministers of the alliance met in Brussels on Tuesday to discuss the expansion of
        the eastern flank, a build-up of forces that several members had asked for since spring.
        The talks ran late into the evening and ended with a statement on new battle groups,
        exercises in the Baltic states and a plan for air defence over the coming two years.
        """

    static func page(_ body: String, host: String, at time: Int64 = now) -> SharedStoryIndex.Page {
        let fingerprint = fingerprint(body)
        return .init(fingerprint: fingerprint, story: fingerprint.contentID, seenAt: time, host: host)
    }

    private func remember(_ pages: [SharedStoryIndex.Page], on host: FleetDatabase) async throws {
        try await host.transaction { connection in
            try await SharedStoryIndex.remember(pages, on: connection, logger: logger)
        }
    }

    private func changes(since position: SharedStoryIndex.Position, on host: FleetDatabase) async throws
        -> (pages: [SharedStoryIndex.Page], position: SharedStoryIndex.Position)
    {
        try await host.transaction { connection in
            try await SharedStoryIndex.changes(since: position, excludingHost: host.host, on: connection, logger: logger)
        }
    }

    /// Whether two page lists are equal. Compared outside `#expect`: the macro keeps copies of
    /// the values it compares, and values holding SIMD4<UInt64> (32-byte aligned) corrupted the
    /// heap there on this toolchain.
    /// The shared index stores the 56-byte sketch, not the precise signature (a page read
    /// back has none), so pages are compared without it.
    static func same(_ a: [SharedStoryIndex.Page], _ b: [SharedStoryIndex.Page]) -> Bool {
        func coarse(_ pages: [SharedStoryIndex.Page]) -> [SharedStoryIndex.Page] {
            pages.map { page in
                let f = page.fingerprint
                return .init(
                    fingerprint: PageFingerprint(contentID: f.contentID, signature: f.signature, keys: f.keys),
                    story: page.story, seenAt: page.seenAt, host: page.host)
            }
        }
        return coarse(a) == coarse(b)
    }

    /// Reads changes until `count` pages arrived (10 s at most). A row becomes readable once
    /// every transaction that started writing before it has ended, and the tests running
    /// beside this one write on the same server.
    private func changes(
        since position: SharedStoryIndex.Position, on host: FleetDatabase, expecting count: Int
    ) async throws -> (pages: [SharedStoryIndex.Page], position: SharedStoryIndex.Position) {
        var (pages, position) = ([SharedStoryIndex.Page](), position)
        let deadline = ContinuousClock.now + .seconds(10)
        while pages.count < count && ContinuousClock.now < deadline {
            let read = try await changes(since: position, on: host)
            pages += read.pages
            position = read.position
            if pages.count < count { try await Task.sleep(for: .milliseconds(20)) }
        }
        return (pages, position)
    }

    @Test func aPageRememberedOnOneHostMakesAnotherHostsRenderingADuplicate() async throws {
        let fleet = try await Fleet.make(2)
        let (a, b) = (fleet.hosts[0], fleet.hosts[1])
        var indexB = StoryIndex()
        let start = try await b.transaction { try await SharedStoryIndex.load(seenSince: 0, on: $0, logger: logger) }
        #expect(start.pages.isEmpty)

        let original = Self.page(Self.article, host: a.host)
        try await remember([original], on: a)
        let news = try await changes(since: start.position, on: b, expecting: 1)
        #expect(Self.same(news.pages, [original]))
        SharedStoryIndex.apply(news.pages, to: &indexB)

        let rendering = Self.fingerprint(Self.article.uppercased() + "\n")
        let verdict = indexB.record(rendering, seenAt: Self.now + 5, confirmingWith: NoPreciseSignatures())
        let (story, exact) = (verdict.story(of: rendering), verdict.match?.exact)
        #expect(story == original.story)
        #expect(exact == true)

        // Read once: the next read from the new position is empty, and a host never reads its own rows.
        #expect(try await changes(since: news.position, on: b).pages.isEmpty)
        #expect(try await changes(since: start.position, on: a).pages.isEmpty)
        await fleet.close()
    }

    @Test func aTransactionThatCommitsLateIsStillReadExactlyOnce() async throws {
        let fleet = try await Fleet.make(3)
        let (slow, fast, reader) = (fleet.hosts[0], fleet.hosts[1], fleet.hosts[2])
        let start = try await reader.transaction { try await SharedStoryIndex.load(seenSince: 0, on: $0, logger: logger) }
        let slowPage = Self.page("the slow host's page about grain exports through the Black Sea ports", host: slow.host)
        let fastPage = Self.page("the fast host's page about a central bank raising its key rate again", host: fast.host)

        // The slow host writes first (the smaller row id) but commits after the fast one: it
        // holds its transaction open until the reader has looked (no sleep, which a loaded
        // host can outlast).
        let written = AsyncGate()
        let looked = AsyncGate()
        async let slowDone: Void = slow.transaction { connection in
            try await SharedStoryIndex.remember([slowPage], on: connection, logger: logger)
            await written.open()
            await looked.wait()
        }
        await written.wait()
        try await remember([fastPage], on: fast)

        let between = try await changes(since: start.position, on: reader)
        await looked.open()
        // The fast page is committed, but a reader never reads past a writer still at work.
        #expect(between.pages.isEmpty)
        try await slowDone
        let after = try await changes(since: between.position, on: reader, expecting: 2)
        let seen = (between.pages + after.pages).map(\.fingerprint.contentID)
        #expect(seen.sorted() == [slowPage, fastPage].map(\.fingerprint.contentID).sorted())
        #expect(try await changes(since: after.position, on: reader).pages.isEmpty)
        await fleet.close()
    }

    @Test func aListenerIsToldWhenAnotherHostCommitsPages() async throws {
        let fleet = try await Fleet.make(2)
        let listener = try await fleet.hosts[1].connection()
        let page = Self.page(Self.article, host: fleet.hosts[0].host)
        let payload = try await listener.listen(on: SharedStoryIndex.channel) { notifications in
            try await remember([page], on: fleet.hosts[0])
            for try await notification in notifications { return notification.payload }
            return ""
        }
        #expect(payload == fleet.hosts[0].host)
        await fleet.close()
    }

    @Test func lockedLookupKeysMakeASecondHostWaitAndThenSeeTheFirstHostsPage() async throws {
        let fleet = try await Fleet.make(2)
        let (a, b) = (fleet.hosts[0], fleet.hosts[1])
        let pageA = Self.page(Self.article, host: a.host)
        let renderingB = Self.fingerprint(Self.article + "\nRead more on the site")
        let gate = AsyncGate()

        // Host A locks its page's keys and holds its transaction open; host B, meeting another
        // rendering at the same moment, locks its keys, waits for A's commit, then finds A's page.
        async let aDone: Void = a.transaction { connection in
            try await SharedStoryIndex.lockLookupKeys(of: [pageA.fingerprint], on: connection, logger: logger)
            try await SharedStoryIndex.remember([pageA], on: connection, logger: logger)
            await gate.open()
            try await Task.sleep(for: .milliseconds(300))
        }
        await gate.wait()
        let candidates = try await b.transaction { connection in
            try await SharedStoryIndex.lockLookupKeys(of: [renderingB], on: connection, logger: logger)
            return try await SharedStoryIndex.candidates(sharingKeysWith: [renderingB], on: connection, logger: logger)
        }
        try await aDone
        #expect(Self.same(candidates, [pageA]))
        var index = StoryIndex()
        SharedStoryIndex.apply(candidates, to: &index)
        let story = index.classify(renderingB, confirmingWith: NoPreciseSignatures()).story(of: renderingB)
        #expect(story == pageA.story)
        await fleet.close()
    }

    @Test func rememberingAKnownPageMovesItsTimeOn() async throws {
        let fleet = try await Fleet.make(2)
        let page = Self.page(Self.article, host: fleet.hosts[0].host)
        var later = page
        later.seenAt += 600
        try await remember([page, later], on: fleet.hosts[0])
        try await remember([page], on: fleet.hosts[0])
        let start = SharedStoryIndex.Position(horizon: 0)
        let loaded = try await changes(since: start, on: fleet.hosts[1], expecting: 1)
        #expect(loaded.pages.map(\.seenAt) == [Self.now + 600])
        let restarted = try await fleet.hosts[1].transaction {
            try await SharedStoryIndex.load(seenSince: 0, on: $0, logger: logger)
        }
        #expect(restarted.pages.map(\.seenAt) == [Self.now + 600])
        let keys = try await fleet.scalar("SELECT count(*) FROM lookup_key", as: Int.self)
        #expect(keys == Set((0..<4).map { page.fingerprint.keys[$0] }).count)
        await fleet.close()
    }
}

/// Lets one task wait until another has reached a point.
actor AsyncGate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }
}
