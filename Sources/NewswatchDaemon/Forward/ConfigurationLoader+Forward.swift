public import SystemPackage
import TOMLKit

extension ConfigurationLoader {
    /// Reads the `[[forward]]` tables of the config file for `newswatch forward`; the rest of
    /// the file (inbox, topics) is the daemon's and is not needed to forward.
    public static func forwarding(from path: FilePath) throws(ConfigurationError) -> ForwardConfiguration {
        let file = absolute(path)
        let document = try Document(path: file)
        return ForwardConfiguration(file: file, destinations: try document.destinations())
    }
}

extension ConfigurationLoader.Document {
    static let forwardKeys: Set<String> = [
        "name", "url", "url_credential", "format", "bearer_credential", "email", "from", "smtp", "sendmail",
        "password_credential", "starttls", "ca_file", "topics", "priority", "digest", "timeout", "backoff",
        "max_backoff",
    ]

    /// The `[[forward]]` destinations of this file.
    func destinations() throws(ConfigurationError) -> [ForwardDestination] {
        guard let entry = table["forward"] else { return [] }
        guard let array = entry.array else {
            throw error(.invalidValue, "forward", "must be an array of tables: write each destination as [[forward]]")
        }
        var destinations: [ForwardDestination] = []
        for index in 0..<array.count {
            let path = "forward[\(index)]"
            guard let item = array[index].table else {
                throw error(.invalidValue, path, "must be a table with a name and a url or email")
            }
            for key in item.keys where !Self.forwardKeys.contains(key) {
                throw error(.invalidValue, "\(path).\(key)", "is not a forward setting (known: \(Self.forwardKeys.sorted().joined(separator: ", ")))")
            }
            let destination = try destination(item, path: path)
            if destinations.contains(where: { $0.name == destination.name }) {
                throw error(.invalidValue, "\(path).name", "\"\(destination.name)\" names another destination too; names must be unique (they key the cursors)")
            }
            destinations.append(destination)
        }
        return destinations
    }

    private func destination(_ item: TOMLTable, path: String) throws(ConfigurationError) -> ForwardDestination {
        func text(_ key: String) throws(ConfigurationError) -> String? {
            try string(key, in: item, path: "\(path).\(key)")
        }
        guard let name = try text("name"), !name.isEmpty, name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw error(.missingKey, "\(path).name", "is required: a short printable name without spaces, unique among destinations")
        }
        let hasWebhook = item.contains(key: "url") || item.contains(key: "url_credential")
        let hasEmail = item.contains(key: "email")
        guard hasWebhook != hasEmail else {
            throw error(.missingKey, path, "destination \"\(name)\" needs exactly one of url (or url_credential) and email")
        }
        var destination = ForwardDestination(
            name: name, target: hasWebhook ? .webhook(try webhook(item, path: path)) : .email(try email(item, path: path)))
        destination.topics = try strings("topics", in: item, path: "\(path).topics") ?? []
        if let priority = try text("priority") {
            guard let value = JournalPriority(name: priority) else {
                throw error(.invalidValue, "\(path).priority", "\"\(priority)\" is not a journald priority (use one of \(JournalPriority.allCases.map(\.name).joined(separator: ", ")))")
            }
            destination.minimumPriority = value
        }
        destination.digest = try positiveDuration("digest", in: item, path: path)
        destination.timeout = try positiveDuration("timeout", in: item, path: path) ?? destination.timeout
        destination.backoff = try positiveDuration("backoff", in: item, path: path) ?? destination.backoff
        destination.maxBackoff = try positiveDuration("max_backoff", in: item, path: path) ?? destination.maxBackoff
        guard destination.maxBackoff >= destination.backoff else {
            throw error(.invalidValue, "\(path).max_backoff", "must be at least backoff (\(destination.backoff)s)")
        }
        return destination
    }

    private func webhook(_ item: TOMLTable, path: String) throws(ConfigurationError) -> ForwardDestination.Webhook {
        let url: ForwardDestination.Secret
        if let credential = try string("url_credential", in: item, path: "\(path).url_credential") {
            guard !item.contains(key: "url") else {
                throw error(.invalidValue, "\(path).url", "give url or url_credential, not both")
            }
            url = .credential(try credentialName(credential, path: "\(path).url_credential"))
        } else {
            let text = try string("url", in: item, path: "\(path).url") ?? ""
            guard text.hasPrefix("https://") || text.hasPrefix("http://") else {
                throw error(.invalidValue, "\(path).url", "\"\(text)\" must be an http:// or https:// URL")
            }
            url = .plain(text)
        }
        var format = PayloadFormat.json
        if let name = try string("format", in: item, path: "\(path).format") {
            guard let value = PayloadFormat(rawValue: name) else {
                throw error(.invalidValue, "\(path).format", "\"\(name)\" is not a payload format (use one of \(PayloadFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            format = value
        }
        let bearer = try string("bearer_credential", in: item, path: "\(path).bearer_credential")
        return ForwardDestination.Webhook(
            url: url, format: format, bearerCredential: try bearer.map { (name) throws(ConfigurationError) in
                try credentialName(name, path: "\(path).bearer_credential")
            })
    }

    private func email(_ item: TOMLTable, path: String) throws(ConfigurationError) -> ForwardDestination.Email {
        let recipients: [String]
        if let one = item["email"]?.string {
            recipients = [one]
        } else {
            recipients = try strings("email", in: item, path: "\(path).email") ?? []
        }
        guard !recipients.isEmpty, recipients.allSatisfy(Self.looksLikeAddress) else {
            throw error(.invalidValue, "\(path).email", "must be an address or a list of addresses such as \"desk@example.org\"")
        }
        let sender = try string("from", in: item, path: "\(path).from") ?? "newswatch@localhost"
        guard Self.looksLikeAddress(sender) else {
            throw error(.invalidValue, "\(path).from", "\"\(sender)\" is not an email address")
        }
        let transport: ForwardDestination.Email.Transport
        if let url = try string("smtp", in: item, path: "\(path).smtp") {
            transport = .smtp(try smtpServer(url, item: item, path: path))
        } else {
            transport = .sendmail(path: try string("sendmail", in: item, path: "\(path).sendmail") ?? "/usr/sbin/sendmail")
        }
        return ForwardDestination.Email(recipients: recipients, sender: sender, transport: transport)
    }

    private func smtpServer(_ url: String, item: TOMLTable, path: String) throws(ConfigurationError)
        -> ForwardDestination.SMTPServer
    {
        let key = "\(path).smtp"
        guard url.hasPrefix("smtp://") else {
            throw error(.invalidValue, key, "\"\(url)\" must be an smtp:// URL such as \"smtp://alerts@mail.example.org:587\"")
        }
        var rest = Substring(url.dropFirst("smtp://".count))
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        var user: String?
        if let at = rest.lastIndex(of: "@") {
            let login = rest[..<at]
            guard !login.contains(":") else {
                throw error(.invalidValue, key, "holds a password: put it in a credential file and name it with password_credential")
            }
            user = String(login)
            rest = rest[rest.index(after: at)...]
        }
        var host = String(rest)
        var port = 587
        if let colon = rest.lastIndex(of: ":"), let number = Int(rest[rest.index(after: colon)...]) {
            host = String(rest[..<colon])
            port = number
        }
        guard !host.isEmpty, (1...65_535).contains(port) else {
            throw error(.invalidValue, key, "\"\(url)\" needs a host and a port from 1 to 65535")
        }
        var startTLS = ForwardDestination.StartTLS.require
        if let value = try string("starttls", in: item, path: "\(path).starttls") {
            guard let parsed = ForwardDestination.StartTLS(rawValue: value) else {
                throw error(.invalidValue, "\(path).starttls", "\"\(value)\" must be \"require\" or \"off\"")
            }
            startTLS = parsed
        }
        let password = try string("password_credential", in: item, path: "\(path).password_credential")
        if password != nil && user == nil {
            throw error(.invalidValue, key, "password_credential needs a user in the URL (smtp://USER@host:port)")
        }
        return ForwardDestination.SMTPServer(
            host: host, port: port, user: user,
            passwordCredential: try password.map { (name) throws(ConfigurationError) in
                try credentialName(name, path: "\(path).password_credential")
            },
            startTLS: startTLS, caFile: try string("ca_file", in: item, path: "\(path).ca_file"))
    }

    private func strings(_ key: String, in item: TOMLTable, path: String) throws(ConfigurationError) -> [String]? {
        guard let value = item[key] else { return nil }
        guard let array = value.array else { throw error(.invalidValue, path, "must be a list of strings") }
        var result: [String] = []
        for element in array {
            guard let text = element.string, !text.isEmpty else {
                throw error(.invalidValue, path, "must be a list of non-empty strings")
            }
            result.append(text)
        }
        return result
    }

    private func positiveDuration(_ key: String, in item: TOMLTable, path: String) throws(ConfigurationError) -> Int64? {
        guard let seconds = try duration(key, in: item, path: "\(path).\(key)") else { return nil }
        guard seconds > 0 else { throw error(.invalidValue, "\(path).\(key)", "must be longer than zero") }
        return seconds
    }

    /// A credential id as `LoadCredential=ID:PATH` names it: a file name, no slashes.
    private func credentialName(_ name: String, path: String) throws(ConfigurationError) -> String {
        guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
            throw error(.invalidValue, path, "\"\(name)\" must be a credential id (a file name in $CREDENTIALS_DIRECTORY, as LoadCredential=ID:PATH names it)")
        }
        return name
    }

    private static func looksLikeAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
            && text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }
    }
}
