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
        let object: Any
        switch format {
        case .json:
            object = digest ? genericDigest(alerts) : Self.generic(alerts[0])
        case .slack, .mattermost:
            object = ["text": ChatText(format: format).text(for: alerts, digest: digest)]
        case .teams:
            object = teamsMessage(alerts, digest: digest)
        }
        // Only strings, numbers, arrays and dictionaries go in: encoding cannot fail.
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }

    /// Every `NEWSWATCH_*` field, plus the journal's cursor (a stable id for de-duplicating
    /// at-least-once deliveries), time, priority and message.
    static func generic(_ alert: JournalAlert) -> [String: Any] {
        var fields: [String: String] = [:]
        for (name, value) in alert.newswatchFields { fields[name] = value }
        return [
            "kind": alert.kind.rawValue, "cursor": alert.cursor, "time": alert.isoTime,
            "priority": alert.priority.name, "message": alert.message,
            "message_id": alert.fields["MESSAGE_ID"] ?? "", "fields": fields,
        ]
    }

    private func genericDigest(_ alerts: [JournalAlert]) -> [String: Any] {
        [
            "kind": "digest", "destination": destination, "count": alerts.count,
            "first": alerts.first?.isoTime ?? "", "last": alerts.last?.isoTime ?? "",
            "alerts": alerts.map(Self.generic),
        ]
    }

    /// A Teams Workflows message: one Adaptive Card with the alert's facts and a link.
    private func teamsMessage(_ alerts: [JournalAlert], digest: Bool) -> [String: Any] {
        var body: [[String: Any]] = []
        var actions: [[String: Any]] = []
        if digest {
            body.append(["type": "TextBlock", "text": ChatText.digestHeadline(alerts), "weight": "Bolder", "size": "Medium", "wrap": true])
            for alert in alerts {
                body.append(["type": "TextBlock", "text": "\(alert.isoTime) \(alert.message)", "wrap": true])
            }
        } else {
            let alert = alerts[0]
            body.append(["type": "TextBlock", "text": alert.topicName, "weight": "Bolder", "size": "Medium", "wrap": true])
            body.append(["type": "TextBlock", "text": alert.kind == .alert ? (alert.fields["NEWSWATCH_TITLE"] ?? alert.message) : alert.message, "wrap": true])
            let facts = [
                ("Priority", alert.priority.name), ("Source", alert.fields["NEWSWATCH_SOURCE"] ?? ""),
                ("Published", alert.fields["NEWSWATCH_PUBLISHED"] ?? ""), ("Story", alert.fields["NEWSWATCH_STORY"] ?? ""),
                ("Time", alert.isoTime),
            ].filter { !$0.1.isEmpty }.map { ["title": $0.0, "value": $0.1] }
            body.append(["type": "FactSet", "facts": facts])
            if let snippet = alert.fields["NEWSWATCH_SNIPPET"], !snippet.isEmpty {
                body.append(["type": "TextBlock", "text": snippet, "isSubtle": true, "wrap": true])
            }
            if let url = alert.fields["NEWSWATCH_URL"], !url.isEmpty {
                actions.append(["type": "Action.OpenUrl", "title": "Open the story", "url": url])
            }
        }
        var card: [String: Any] = [
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "type": "AdaptiveCard", "version": "1.4",
            "body": body,
        ]
        if !actions.isEmpty { card["actions"] = actions }
        return [
            "type": "message",
            "attachments": [["contentType": "application/vnd.microsoft.card.adaptive", "content": card]],
        ]
    }
}
