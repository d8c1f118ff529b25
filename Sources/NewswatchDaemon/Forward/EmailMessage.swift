public import Foundation
import NewswatchCore

/// An alert (or a digest) as an RFC 5322 message: plain UTF-8 text, base64 encoded so any
/// relay takes it (no 8BITMIME needed, no line too long, no line starting with a dot).
public struct EmailMessage: Sendable, Equatable {
    public var sender: String
    public var recipients: [String]
    public var subject: String
    public var text: String
    /// A stable id from the last alert's cursor: a repeated delivery has the same Message-ID,
    /// which mail clients and list servers use to drop the copy.
    public var messageID: String

    public init(alerts: [JournalAlert], digest: Bool, sender: String, recipients: [String], hostname: String) {
        self.sender = sender
        self.recipients = recipients
        if digest {
            subject = "[newswatch] " + ChatText.digestHeadline(alerts)
            text = alerts.map { Self.describe($0) }.joined(separator: "\n\n" + String(repeating: "-", count: 40) + "\n\n")
        } else {
            let alert = alerts[0]
            subject = "[newswatch] " + alert.message
            text = Self.describe(alert)
        }
        let stable = StableHash.hex(StableHash.of((alerts.first?.cursor ?? "") + "#" + (alerts.last?.cursor ?? "")))
        messageID = "<newswatch.\(stable)@\(hostname)>"
    }

    private static func describe(_ alert: JournalAlert) -> String {
        var lines = [alert.message, ""]
        lines.append("Time: \(alert.isoTime)")
        lines.append("Priority: \(alert.priority.name)")
        for (name, value) in alert.newswatchFields where !value.isEmpty {
            let label = name.dropFirst("NEWSWATCH_".count).lowercased().replacingOccurrences(of: "_", with: " ")
            lines.append("\(label.prefix(1).uppercased() + label.dropFirst()): \(value)")
        }
        lines.append("Journal cursor: \(alert.cursor)")
        return lines.joined(separator: "\n")
    }

    /// The whole message with CRLF line ends, as handed to sendmail or sent after SMTP `DATA`.
    public func rendered(date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        var lines = [
            "From: \(sender)", "To: \(recipients.joined(separator: ", "))", "Subject: \(Self.encodedHeader(subject))",
            "Date: \(formatter.string(from: date))", "Message-ID: \(messageID)", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64",
            "Auto-Submitted: auto-generated", "X-Mailer: newswatch forward", "",
        ]
        lines.append(
            Data(text.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]))
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 2047 for a header with anything but printable ASCII (titles in Cyrillic), folded
    /// into encoded words short enough for the 78-column rule; newlines never reach a header.
    static func encodedHeader(_ text: String) -> String {
        let flat = text.map { $0.isNewline ? " " : String($0) }.joined()
        if flat.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) && flat.utf8.count <= 900 { return flat }
        var words: [String] = []
        var chunk = ""
        for character in flat {
            if chunk.utf8.count + character.utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: "\r\n ")
    }
}
