import Foundation
import NIOCore
import NIOHTTP1
import SystemPackage
import Testing

@testable import NewswatchDaemon

/// The forwarder's parts on plain values: filters, backoff, payloads, email, the state file.
@Suite("Forward parts")
struct ForwardPartsTests {
    static func alert(
        topic: String = "nato-expansion", priority: JournalPriority = .warning, title: String = "NATO drills <@channel> & more",
        url: String? = "https://tass.com/world/1", cursor: String = "s=1;i=2"
    ) -> JournalAlert {
        var fields = [
            "MESSAGE": "NATO expansion: \"\(title)\" (TASS, 2016-08-23)", "PRIORITY": String(priority.rawValue),
            "MESSAGE_ID": JournalEntry.alertMessageID, "NEWSWATCH_TOPIC": topic, "NEWSWATCH_TOPIC_NAME": "NATO expansion",
            "NEWSWATCH_TITLE": title, "NEWSWATCH_SOURCE": "TASS", "NEWSWATCH_PUBLISHED": "2016-08-23T11:04:00+03:00",
            "NEWSWATCH_STORY": "3f2a9c0d1e4b5a67", "NEWSWATCH_SNIPPET": "NATO is building up forces.", "_PID": "42",
        ]
        fields["NEWSWATCH_URL"] = url
        return JournalAlert(kind: .alert, cursor: cursor, realtimeMicroseconds: 1_480_000_000_000_000, fields: fields)
    }

    @Test(
        "topic ids and globs, and the minimum priority",
        arguments: [
            ([], JournalPriority.debug, "anything", JournalPriority.debug, true),
            (["nato-*"], .debug, "nato-expansion", .info, true),
            (["nato-*"], .debug, "sanctions", .info, false),
            (["sanctions", "nato-?"], .debug, "nato-x", .info, true),
            (["sanctions"], .warning, "sanctions", .notice, false),
            (["sanctions"], .warning, "sanctions", .err, true),
            ([], .warning, "x", .warning, true),
        ]
    )
    func filterAccepts(topics: [String], minimum: JournalPriority, topic: String, priority: JournalPriority, accepted: Bool) {
        let filter = AlertFilter(topics: topics, minimumPriority: minimum)
        #expect(filter.accepts(Self.alert(topic: topic, priority: priority)) == accepted)
    }

    @Test func backoffDoublesWithJitterUpToTheMaximum() {
        var backoff = RetryBackoff(initial: .seconds(1), maximum: .seconds(8))
        #expect(backoff.nextDelay { 0 } == .milliseconds(500))
        #expect(backoff.nextDelay { 0.999_999 } < .seconds(2))
        #expect(backoff.nextDelay { 0 } == .seconds(2))
        #expect(backoff.nextDelay { 0 } == .seconds(4))
        #expect(backoff.nextDelay { 0 } == .seconds(4))  // 8 s ceiling, half of it at the least
        #expect(backoff.failures == 5)
        backoff.reset()
        #expect(backoff.nextDelay { 0 } == .milliseconds(500))
    }

    @Test func retryAfterWinsOverTheBackoff() {
        var backoff = RetryBackoff(initial: .seconds(1), maximum: .seconds(8))
        #expect(backoff.delay(retryAfter: .seconds(30)) == .seconds(30))
        #expect(backoff.delay(retryAfter: .seconds(90_000)) == .seconds(3_600))
        #expect(RetryAfter.duration("120") == .seconds(120))
        let now = Date(timeIntervalSince1970: 1_445_412_480)  // Wed, 21 Oct 2015 07:28:00 GMT
        #expect(RetryAfter.duration("Wed, 21 Oct 2015 07:28:10 GMT", now: now) == .seconds(10))
        #expect(RetryAfter.duration("soon") == nil)
    }

    @Test(
        "HTTP answers become outcomes",
        arguments: [
            (200, "delivered"), (204, "delivered"), (400, "rejected"), (404, "rejected"), (410, "rejected"),
            (408, "retry"), (429, "retry"), (500, "retry"), (503, "retry"), (301, "retry"),
        ]
    )
    func httpStatusOutcome(code: Int, expected: String) {
        let outcome = WebhookSink.outcome(
            status: HTTPResponseStatus(statusCode: code), headers: HTTPHeaders([("Retry-After", "5")]),
            answer: ByteBuffer(string: "no"))
        switch outcome {
        case .delivered: #expect(expected == "delivered")
        case .rejected: #expect(expected == "rejected")
        case .retry(_, let after):
            #expect(expected == "retry")
            #expect(after == .seconds(5))
        }
    }

    @Test func theWebhookURLIsNotLoggedWithItsToken() {
        #expect(WebhookSink.redacted("https://hooks.slack.com/services/T000/B000/XXXX") == "https://hooks.slack.com/…")
    }

    static func json(_ data: Data) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    @Test(
        "page text of any kind comes back from the payload JSON unchanged",
        arguments: [
            "plain", "quote \" and \\ backslash", "line\nbreak\r\ttab", "\u{01}\u{1F}\u{7F} controls", "Россия 🇷🇺 中文", "</script>", "",
        ]
    )
    func payloadStringsSurviveJSON(text: String) throws {
        let value = JSONValue.object([("text", .string(text)), ("list", .array([.integer(-3), .boolean(false), .string(text)]))])
        let object = try #require(JSONSerialization.jsonObject(with: Data(value.bytes)) as? [String: Any])
        #expect(object["text"] as? String == text)
        let list = object["list"] as? [Any] ?? []
        #expect(list.count == 3 && list[0] as? Int == -3 && list[1] as? Bool == false && list[2] as? String == text)
    }

    @Test func genericJSONCarriesEveryNewswatchField() {
        let alert = Self.alert()
        let object = Self.json(WebhookPayload(format: .json, destination: "d").body(for: [alert], digest: false))
        let fields = object["fields"] as? [String: String] ?? [:]
        #expect(Set(fields.keys) == Set(alert.fields.keys.filter { $0.hasPrefix("NEWSWATCH_") }))
        #expect(object["priority"] as? String == "warning")
        #expect(object["cursor"] as? String == "s=1;i=2")
        #expect(object["time"] as? String == "2016-11-24T15:06:40Z")
        let digest = Self.json(WebhookPayload(format: .json, destination: "d").body(for: [alert, alert], digest: true))
        #expect(digest["kind"] as? String == "digest" && digest["count"] as? Int == 2)
        #expect((digest["alerts"] as? [[String: Any]])?.count == 2)
    }

    @Test func slackTextLinksTheTitleAndEscapesPageText() {
        let object = Self.json(WebhookPayload(format: .slack, destination: "d").body(for: [Self.alert()], digest: false))
        let text = object["text"] as? String ?? ""
        #expect(
            text.hasPrefix(
                "*NATO expansion* · warning\n<https://tass.com/world/1|NATO drills &lt;@channel&gt; &amp; more> — TASS, 2016-08-23"))
        #expect(text.hasSuffix("> NATO is building up forces."))
    }

    @Test func mattermostTextIsMarkdownWithoutMentions() {
        let object = Self.json(
            WebhookPayload(format: .mattermost, destination: "d").body(for: [Self.alert(title: "[@all] *big*")], digest: false))
        let text = object["text"] as? String ?? ""
        #expect(text.contains("[\\[@\u{200B}all\\] \\*big\\*](https://tass.com/world/1)"), "\(text)")
        #expect(text.hasPrefix("**NATO expansion** · warning"))
    }

    @Test func teamsGetsAnAdaptiveCardWithFactsAndALink() {
        let object = Self.json(WebhookPayload(format: .teams, destination: "d").body(for: [Self.alert()], digest: false))
        #expect(object["type"] as? String == "message")
        let attachment = (object["attachments"] as? [[String: Any]])?.first
        #expect(attachment?["contentType"] as? String == "application/vnd.microsoft.card.adaptive")
        let card = attachment?["content"] as? [String: Any] ?? [:]
        #expect(card["type"] as? String == "AdaptiveCard")
        let body = card["body"] as? [[String: Any]] ?? []
        #expect(body.first?["text"] as? String == "NATO expansion")
        let facts = body.first { $0["type"] as? String == "FactSet" }?["facts"] as? [[String: String]] ?? []
        #expect(facts.contains(["title": "Source", "value": "TASS"]))
        let action = (card["actions"] as? [[String: Any]])?.first
        #expect(action?["url"] as? String == "https://tass.com/world/1")
    }

    @Test func emailHasEncodedSubjectAStableMessageIDAndABase64Body() {
        let alert = Self.alert(title: "Россия и НАТО")
        let message = EmailMessage(alerts: [alert], digest: false, sender: "a@b.c", recipients: ["d@e.f"], hostname: "host")
        let text = message.rendered(date: Date(timeIntervalSince1970: 0))
        #expect(text.contains("\r\nSubject: =?UTF-8?B?"))
        #expect(text.contains("Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"))
        #expect(text.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 998 })
        #expect(text.utf8.allSatisfy { $0 < 0x80 }, "7-bit clean for any relay")
        let again = EmailMessage(alerts: [alert], digest: false, sender: "a@b.c", recipients: ["d@e.f"], hostname: "host")
        #expect(message.messageID == again.messageID)
        let body = text.components(separatedBy: "\r\n\r\n").last?.filter { !$0.isWhitespace } ?? ""
        let decoded = Data(base64Encoded: body).map { String(decoding: $0, as: UTF8.self) } ?? ""
        #expect(decoded.contains("Title: Россия и НАТО"))
        #expect(SMTPSession.dotStuffed(".hidden\r\nplain\r\n..two") == "..hidden\r\nplain\r\n...two")
    }

    @Test func cursorsSurviveAReopenAndTheFileIsReplacedWhole() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "newswatch-cursors-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appending(path: "cursors.json")
        let store = try CursorStore(path: .init(path.path))
        #expect(store.cursor(for: "a") == nil)
        try store.save("s=1;i=5", for: "a")
        try store.save("s=1;i=9", for: "b")
        try store.save("s=1;i=7", for: "a")
        let reopened = try CursorStore(path: .init(path.path))
        #expect(reopened.cursor(for: "a") == "s=1;i=7" && reopened.cursor(for: "b") == "s=1;i=9")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["cursors.json"])
        try "not json".write(to: path, atomically: true, encoding: .utf8)
        #expect(throws: ForwardError.self) { _ = try CursorStore(path: .init(path.path)) }
    }

    @Test func sinceTakesDurationsAndLocalDates() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(AlertListing.since("1h", now: now) == (1_000_000 - 3_600) * 1_000_000)
        #expect(AlertListing.since("30m", now: now) == (1_000_000 - 1_800) * 1_000_000)
        #expect(AlertListing.since("2026-11-30") != nil)
        #expect(AlertListing.since("2026-11-30 14:00") != nil)
        #expect(AlertListing.since("2026-11-30T14:00:05") != nil)
        #expect(AlertListing.since("yesterday-ish") == nil)
        #expect(AlertListing.since("3600") == nil)
    }
}
