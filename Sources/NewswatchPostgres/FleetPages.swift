import Foundation
public import PostgresNIO

/// Page outcomes in the shared `page` table, as SQLite's: what `newswatch stories` reports,
/// now for the pages of every host.
public enum FleetPages {
    /// One page's outcome (a failed file has no doc or story).
    public struct Record: Sendable, Equatable {
        public var file: String
        public var item: Int = 0
        public var outcome: String
        public var doc: String?
        public var story: String?
        public var score: Double?
        public var matchedDoc: String?
        public var reason: String?
        public var title: String?
        public var published: String?
        public var source: String?
        public var url: String?
        public var seenAt: Int64

        public init(
            file: String, item: Int = 0, outcome: String, doc: String? = nil, story: String? = nil, score: Double? = nil,
            matchedDoc: String? = nil, reason: String? = nil, title: String? = nil, published: String? = nil,
            source: String? = nil, url: String? = nil, seenAt: Int64
        ) {
            self.file = file
            self.item = item
            self.outcome = outcome
            self.doc = doc
            self.story = story
            self.score = score
            self.matchedDoc = matchedDoc
            self.reason = reason
            self.title = title
            self.published = published
            self.source = source
            self.url = url
            self.seenAt = seenAt
        }
    }

    /// Inserts a batch's outcomes in the caller's transaction, in one statement: the records
    /// travel as one JSON array (arrays of optional values do not bind, JSON has null).
    public static func record(_ records: [Record], host: String, on connection: FleetConnection, logger: Logger)
        async throws
    {
        guard !records.isEmpty else { return }
        let json = String(decoding: try JSONEncoder().encode(records), as: UTF8.self)
        try await connection.query(
            """
            INSERT INTO page (host, file, item, outcome, doc, story, score, matched_doc, reason, title, published, source,
                url, seen_at)
            SELECT \(host), x.file, x.item, x.outcome, x.doc, x.story, x.score, x.matched_doc, x.reason, x.title,
                x.published, x.source, x.url, x.seen_at
            FROM jsonb_to_recordset(\(json)::jsonb) AS x(file text, item integer, outcome text, doc text, story text,
                score double precision, matched_doc text, reason text, title text, published text, source text, url text,
                seen_at bigint)
            """, logger: logger)
    }
}

extension FleetPages.Record: Codable {
    enum CodingKeys: String, CodingKey {
        case file, item, outcome, doc, story, score, reason, title, published, source, url
        case matchedDoc = "matched_doc"
        case seenAt = "seen_at"
    }
}

extension FleetPages {
    /// A story as `newswatch stories` shows it, from the pages of every host. The fields of
    /// the daemon's `StoryReport` plus each page's host: at the state seam one type (moved
    /// out of `State/`) serves both stores, and this one goes.
    public struct Story: Sendable, Equatable {
        public struct Page: Sendable, Equatable {
            public var host: String
            public var file: String
            public var outcome: String
            public var doc: String?
            public var score: Double?
            public var matchedDoc: String?
            public var seenAt: Int64
        }

        public var id: String
        /// Title, source and date of the story's first page.
        public var title: String?
        public var source: String?
        public var published: String?
        public var firstSeen: Int64
        public var lastSeen: Int64
        public var topics: [String]
        public var pages: [Page]
    }

    /// The `limit` stories seen last, newest first, in three queries whatever the limit.
    public static func recentStories(limit: Int, on connection: FleetConnection, logger: Logger) async throws -> [Story] {
        var stories: [Story] = []
        var position: [String: Int] = [:]
        let heads = try await connection.query(
            """
            SELECT story, min(seen_at), max(seen_at) FROM page WHERE story IS NOT NULL
            GROUP BY story ORDER BY max(seen_at) DESC, max(id) DESC LIMIT \(limit)
            """, logger: logger)
        for (id, first, last) in try heads.decode((String, Int64, Int64).self) {
            position[id] = stories.count
            stories.append(Story(id: id, firstSeen: first, lastSeen: last, topics: [], pages: []))
        }
        let ids = stories.map(\.id)
        guard !ids.isEmpty else { return [] }
        let pages = try await connection.query(
            """
            SELECT story, host, file, outcome, doc, score, matched_doc, seen_at, title, source, published
            FROM page WHERE story = ANY(\(ids)::text[]) ORDER BY id
            """, logger: logger)
        for (story, host, file, outcome, doc, score, matched, seenAt, title, source, published) in try pages.decode(
            (String, String, String, String, String?, Double?, String?, Int64, String?, String?, String?).self)
        {
            guard let index = position[story] else { continue }
            if stories[index].pages.isEmpty {
                (stories[index].title, stories[index].source, stories[index].published) = (title, source, published)
            }
            stories[index].pages.append(
                .init(host: host, file: file, outcome: outcome, doc: doc, score: score, matchedDoc: matched, seenAt: seenAt))
        }
        let topics = try await connection.query(
            "SELECT story, topic FROM story_topic WHERE story = ANY(\(ids)::text[]) ORDER BY topic", logger: logger)
        for (story, topic) in try topics.decode((String, String).self) {
            if let index = position[story] { stories[index].topics.append(topic) }
        }
        return stories
    }
}
