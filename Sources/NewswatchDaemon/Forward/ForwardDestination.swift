/// One `[[forward]]` table: where alerts go, which ones, and how often.
public struct ForwardDestination: Sendable, Equatable {
    /// Where a destination delivers.
    public enum Target: Sendable, Equatable {
        case webhook(Webhook)
        case email(Email)
    }

    /// A JSON webhook: generic JSON, or the payload shape of a chat service.
    public struct Webhook: Sendable, Equatable {
        /// The URL, written in the TOML or read from a credential (`url_credential`).
        public var url: Secret
        public var format: PayloadFormat
        /// `Authorization: Bearer` token from a credential, when the receiver wants one.
        public var bearerCredential: String?
    }

    /// Email, through the local `sendmail` or an SMTP server.
    public struct Email: Sendable, Equatable {
        public var recipients: [String]
        public var sender: String
        public var transport: Transport

        public enum Transport: Sendable, Equatable {
            /// `sendmail -t -oi` with the message on standard input.
            case sendmail(path: String)
            case smtp(SMTPServer)
        }
    }

    /// `smtp = "smtp://user@host:587"`; the password only ever comes from a credential.
    public struct SMTPServer: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var user: String?
        public var passwordCredential: String?
        public var startTLS: StartTLS
        /// PEM file of certificate authorities to trust besides the system's (a private CA).
        public var caFile: String?
    }

    /// Whether the SMTP session is upgraded to TLS with `STARTTLS`.
    public enum StartTLS: String, Sendable, Equatable, CaseIterable {
        /// Always; a server that does not offer it is an error (the default).
        case require
        /// Never: only for a relay on this machine or a trusted link.
        case off
    }

    /// A value given in the TOML or read from a file in `$CREDENTIALS_DIRECTORY`.
    public enum Secret: Sendable, Equatable {
        case plain(String)
        case credential(String)
    }

    /// Unique among destinations: the key of its cursor and `NEWSWATCH_DESTINATION`.
    public var name: String
    public var target: Target
    /// Topic ids or shell globs (`nato-*`); empty forwards every topic.
    public var topics: [String] = []
    /// Alerts below this priority (numerically above it) are not forwarded.
    public var minimumPriority: JournalPriority = .debug
    /// Seconds of one digest window; nil delivers each alert at once.
    public var digest: Int64?
    /// Seconds one delivery may take (connect, send, answer) before it counts as failed.
    public var timeout: Int64 = 10
    /// First retry delay in seconds; it doubles per failure up to `maxBackoff`.
    public var backoff: Int64 = 1
    public var maxBackoff: Int64 = 300

    public init(name: String, target: Target) {
        self.name = name
        self.target = target
    }
}
