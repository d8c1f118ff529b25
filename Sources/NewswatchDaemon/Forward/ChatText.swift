import Foundation

/// The text of a chat message (Slack's mrkdwn or Mattermost's Markdown) for an alert or a digest.
struct ChatText {
    var format: PayloadFormat

    func text(for alerts: [JournalAlert], digest: Bool) -> String {
        guard digest else { return text(for: alerts[0]) }
        var lines = [bold(Self.digestHeadline(alerts))]
        for alert in alerts { lines.append("• " + line(for: alert)) }
        return lines.joined(separator: "\n")
    }

    /// "3 newswatch alerts: NATO expansion (2), Sanctions (1)".
    static func digestHeadline(_ alerts: [JournalAlert]) -> String {
        var counts: [(String, Int)] = []
        for alert in alerts {
            if let index = counts.firstIndex(where: { $0.0 == alert.topicName }) {
                counts[index].1 += 1
            } else {
                counts.append((alert.topicName, 1))
            }
        }
        let topics = counts.map { "\($0.0) (\($0.1))" }.joined(separator: ", ")
        return "\(alerts.count) newswatch alert\(alerts.count == 1 ? "" : "s"): \(topics)"
    }

    private func text(for alert: JournalAlert) -> String {
        guard alert.kind == .alert else { return "\(bold(escaped(alert.topicName))) · \(escaped(alert.message))" }
        var lines = ["\(bold(escaped(alert.topicName))) · \(alert.priority.name)", line(for: alert)]
        if let snippet = alert.fields["NEWSWATCH_SNIPPET"], !snippet.isEmpty {
            lines.append("> " + escaped(snippet))
        }
        return lines.joined(separator: "\n")
    }

    /// The title, linked when the page's URL is known, with source and date.
    private func line(for alert: JournalAlert) -> String {
        guard alert.kind == .alert else { return escaped(alert.message) }
        let title = alert.fields["NEWSWATCH_TITLE"] ?? alert.message
        var line = link(title, alert.fields["NEWSWATCH_URL"])
        let citation = [alert.fields["NEWSWATCH_SOURCE"], alert.fields["NEWSWATCH_PUBLISHED"].map { String($0.prefix(10)) }]
            .compactMap { $0 }.filter { !$0.isEmpty }
        if !citation.isEmpty { line += " — " + escaped(citation.joined(separator: ", ")) }
        return line
    }

    private func bold(_ text: String) -> String { format == .slack ? "*\(text)*" : "**\(text)**" }

    private func link(_ title: String, _ url: String?) -> String {
        guard let url, !url.isEmpty else { return escaped(title) }
        if format == .slack { return "<\(url)|\(escaped(title).replacingOccurrences(of: "|", with: "¦"))>" }
        return "[\(escaped(title))](\(url.replacingOccurrences(of: ")", with: "%29")))"
    }

    /// Page text is untrusted: Slack needs `&`, `<` and `>` escaped so a title cannot ping
    /// `<!channel>`; Markdown needs its link and emphasis characters escaped, and an `@` is
    /// kept from starting a mention.
    private func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch (format, character) {
            case (.slack, "&"): result += "&amp;"
            case (.slack, "<"): result += "&lt;"
            case (.slack, ">"): result += "&gt;"
            case (.mattermost, "["), (.mattermost, "]"), (.mattermost, "*"), (.mattermost, "_"), (.mattermost, "`"),
                (.mattermost, "\\"):
                result += "\\\(character)"
            case (.mattermost, "@"): result += "@\u{200B}"  // no @channel or @all from page text
            default: result.append(character)
            }
        }
        return result
    }
}
