public import Foundation

extension DevCorpus {
    /// The folder of Mozilla Readability's (Firefox Reader View) test pages: HTML only,
    /// with Reader View's text as the truth and its metadata beside it.
    public static var readerViewFolder: URL {
        SharedData.root.appending(path: "corpus/readability-dev", directoryHint: .isDirectory)
    }

    /// Mozilla Readability's 130 test pages, scored like the extraction dev corpus.
    public static func readerView() throws -> DevCorpus {
        try DevCorpus(folder: readerViewFolder)
    }
}

/// What Reader View reports for one of its test pages (`metadata.json`).
public struct ReaderViewMetadata: Sendable {
    public var title: String?
    public var byline: String?
    public var publishedTime: String?
    public var siteName: String?
    /// Whether Reader View offers the page as an article at all.
    public var readerable: Bool

    /// Page name → metadata, read from `metadata.json` beside the Reader View pages.
    public static func load(folder: URL = DevCorpus.readerViewFolder) throws -> [String: ReaderViewMetadata] {
        let data = try Data(contentsOf: folder.appending(path: "metadata.json"))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]] ?? [:]
        return object.mapValues { item in
            ReaderViewMetadata(
                title: item["title"] as? String, byline: item["byline"] as? String,
                publishedTime: item["publishedTime"] as? String, siteName: item["siteName"] as? String,
                readerable: item["readerable"] as? Bool ?? true)
        }
    }
}

extension ReaderViewMetadata {
    /// How many pages' title, date and byline agree with Reader View's, counted over the
    /// pages where Reader View states one.
    ///
    /// Titles agree when equal with white space collapsed; bylines when equal ignoring case
    /// and a leading "By"; dates when they name the same day (`2015-10-21T12:00:00Z` and
    /// `2015-10-21` agree) or the same moment written in two zones.
    public struct Agreement: Sendable, CustomStringConvertible {
        public var titles = 0
        public var titlesStated = 0
        public var dates = 0
        public var datesStated = 0
        public var bylines = 0
        public var bylinesStated = 0
        /// One line per disagreement: the field, what Reader View says, what was read.
        public var disagreements: [String] = []

        public init() {}

        public mutating func add(_ expected: ReaderViewMetadata, title: String?, published: String?, author: String?) {
            if let wanted = expected.title.map(Self.collapsed), !wanted.isEmpty {
                titlesStated += 1
                if wanted == title.map(Self.collapsed) { titles += 1 } else { disagreements.append("title: \(wanted) | \(title ?? "-")") }
            }
            if let wanted = expected.publishedTime, !wanted.isEmpty {
                datesStated += 1
                if wanted.prefix(10) == published?.prefix(10) || Self.sameMoment(wanted, published) {
                    dates += 1
                } else {
                    disagreements.append("date: \(wanted) | \(published ?? "-")")
                }
            }
            if let wanted = expected.byline.map(Self.names), !wanted.isEmpty {
                bylinesStated += 1
                if wanted == author.map(Self.names) { bylines += 1 } else { disagreements.append("byline: \(wanted) | \(author ?? "-")") }
            }
        }

        public var description: String {
            "title \(titles)/\(titlesStated), date \(dates)/\(datesStated), byline \(bylines)/\(bylinesStated)"
        }

        /// A byline as compared: lower case, white space collapsed, without a leading "by".
        static func names(_ text: String) -> String {
            let words = collapsed(text.lowercased()).split(separator: " ")
            return (words.first == "by" ? words.dropFirst() : words[...]).joined(separator: " ")
        }

        /// Whether two ISO 8601 date-times with zones name the same minute.
        static func sameMoment(_ first: String, _ second: String?) -> Bool {
            guard let second, let a = moment(first), let b = moment(second) else { return false }
            return abs(a.timeIntervalSince(b)) < 60
        }

        private static func moment(_ text: String) -> Date? {
            var text = text
            // `2017-02-24T01:18+00:00`: newswatch cites the minute; the formatter wants seconds.
            let characters = Array(text)
            if characters.count > 16, characters[10] == "T", characters[16] != ":" {
                text = String(characters[..<16]) + ":00" + String(characters[16...])
            }
            let formatter = ISO8601DateFormatter()
            for options: ISO8601DateFormatter.Options in [[.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime]] {
                formatter.formatOptions = options
                if let date = formatter.date(from: text) { return date }
            }
            return nil
        }

        static func collapsed(_ text: String) -> String {
            text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
    }
}
