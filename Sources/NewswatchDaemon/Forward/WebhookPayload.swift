public import Foundation

/// The body a webhook destination posts for one alert, or for a digest of several, in the
/// destination's `format`.
public struct WebhookPayload: Sendable {
    public var format: PayloadFormat
    public var destination: String

    public init(format: PayloadFormat, destination: String) {
        self.format = format
        self.destination = destination
    }

    /// JSON bytes for `alerts`: one alert when delivering at once, the window's when a digest.
    public func body(for alerts: [JournalAlert], digest: Bool) -> Data {
        let value: JSONValue
        switch format {
        case .json:
            value = digest ? genericDigest(alerts) : Self.generic(alerts[0])
        case .slack, .mattermost:
            value = .object([("text", .string(ChatText(format: format).text(for: alerts, digest: digest)))])
        case .teams:
            value = teamsMessage(alerts, digest: digest)
        }
        return Data(value.bytes)
    }

    /// Every `NEWSWATCH_*` field, plus the journal's cursor (a stable id for de-duplicating
    /// at-least-once deliveries), time, priority and message; members by name.
    static func generic(_ alert: JournalAlert) -> JSONValue {
        var fields: [String: String] = [:]
        for (name, value) in alert.newswatchFields { fields[name] = value }
        return .object([
            ("cursor", .string(alert.cursor)),
            ("fields", .object(fields.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("kind", .string(alert.kind.rawValue)), ("message", .string(alert.message)),
            ("message_id", .string(alert.fields["MESSAGE_ID"] ?? "")), ("priority", .string(alert.priority.name)),
            ("time", .string(alert.isoTime)),
        ])
    }

    private func genericDigest(_ alerts: [JournalAlert]) -> JSONValue {
        .object([
            ("alerts", .array(alerts.map(Self.generic))), ("count", .integer(alerts.count)),
            ("destination", .string(destination)), ("first", .string(alerts.first?.isoTime ?? "")),
            ("kind", .string("digest")), ("last", .string(alerts.last?.isoTime ?? "")),
        ])
    }

    /// A Teams Workflows message: one Adaptive Card with the alert's facts and a link.
    private func teamsMessage(_ alerts: [JournalAlert], digest: Bool) -> JSONValue {
        func textBlock(_ text: String, _ style: [(String, JSONValue)] = []) -> JSONValue {
            .object([("type", .string("TextBlock")), ("text", .string(text))] + style + [("wrap", .boolean(true))])
        }
        let headline: [(String, JSONValue)] = [("weight", .string("Bolder")), ("size", .string("Medium"))]
        var body: [JSONValue] = []
        var actions: [JSONValue] = []
        if digest {
            body.append(textBlock(ChatText.digestHeadline(alerts), headline))
            for alert in alerts {
                body.append(textBlock("\(alert.isoTime) \(alert.message)"))
            }
        } else {
            let alert = alerts[0]
            body.append(textBlock(alert.topicName, headline))
            body.append(textBlock(alert.kind == .alert ? (alert.fields["NEWSWATCH_TITLE"] ?? alert.message) : alert.message))
            let facts = [
                ("Priority", alert.priority.name), ("Source", alert.fields["NEWSWATCH_SOURCE"] ?? ""),
                ("Published", alert.fields["NEWSWATCH_PUBLISHED"] ?? ""), ("Story", alert.fields["NEWSWATCH_STORY"] ?? ""),
                ("Time", alert.isoTime),
            ].filter { !$0.1.isEmpty }.map { JSONValue.object([("title", .string($0.0)), ("value", .string($0.1))]) }
            body.append(.object([("type", .string("FactSet")), ("facts", .array(facts))]))
            if let snippet = alert.fields["NEWSWATCH_SNIPPET"], !snippet.isEmpty {
                body.append(textBlock(snippet, [("isSubtle", .boolean(true))]))
            }
            if let url = alert.fields["NEWSWATCH_URL"], !url.isEmpty {
                actions.append(.object([("type", .string("Action.OpenUrl")), ("title", .string("Open the story")), ("url", .string(url))]))
            }
        }
        var card: [(String, JSONValue)] = [
            ("$schema", .string("http://adaptivecards.io/schemas/adaptive-card.json")), ("type", .string("AdaptiveCard")),
            ("version", .string("1.4")), ("body", .array(body)),
        ]
        if !actions.isEmpty { card.append(("actions", .array(actions))) }
        return .object([
            ("type", .string("message")),
            (
                "attachments",
                .array([.object([("contentType", .string("application/vnd.microsoft.card.adaptive")), ("content", .object(card))])])
            ),
        ])
    }
}
