public import SystemPackage

extension ConfigurationLoader {
    /// The `[[forward]]` destinations of the config file, for `newswatch forward`.
    ///
    /// Every table and key of the file is checked against the schema as the daemon does, so a
    /// typo anywhere is an error here too; but the daemon's settings are not read, and nothing
    /// of the inbox is looked at on disk: the forwarder's unit cannot see the inbox and does not
    /// need to. (`load` reads the destinations too, so `config validate` checks them.)
    /// - Throws: `ConfigurationError` with every problem of the file.
    public static func forwarding(from path: FilePath) throws(ConfigurationError) -> ForwardConfiguration {
        let file = absolute(path)
        var problems: [ConfigurationProblem] = []
        var missing = false
        guard var document = Document.read(file, problems: &problems, missing: &missing) else {
            throw ConfigurationError(problems: problems, fileIsMissing: missing)
        }
        document.checkNames(isDropIn: false)
        let destinations = document.destinations(relativeTo: file.removingLastComponent())
        _ = try checked(problems + document.problems, files: [file])
        return ForwardConfiguration(file: file, destinations: destinations)
    }
}

extension ConfigurationLoader.Document {
    /// Keys that only one kind of destination takes: written for another kind they are
    /// errors, never silently ignored.
    static let webhookKeys = ["format", "bearer_credential"]
    static let emailKeys = ["from", "smtp", "sendmail", "password_credential", "starttls", "ca_file"]
    static let smtpKeys = ["password_credential", "starttls", "ca_file"]

    /// The `[[forward]]` destinations of this file. Every mistake is recorded; a destination
    /// with one is left out.
    mutating func destinations(relativeTo folder: FilePath) -> [ForwardDestination] {
        guard let value = root["forward"], let tables = Self.tableList(value) else { return [] }
        var destinations: [ForwardDestination] = []
        var lines: [String: Int] = [:]
        for (index, table) in tables.enumerated() {
            let section = ConfigurationLoader.Section(table: table, name: "forward[\(index)]", line: table.line)
            guard let destination = destination(section, folder: folder) else { continue }
            let line = table["name"]?.line ?? table.line
            if let earlier = lines.updateValue(line, forKey: destination.name) {
                lines[destination.name] = earlier
                report(
                    section.path("name"), line: line,
                    "\"\(destination.name)\" is already the name of the destination at line \(earlier); names must be unique (they key the cursors)"
                )
                continue
            }
            destinations.append(destination)
        }
        return destinations
    }

    private mutating func destination(_ section: ConfigurationLoader.Section, folder: FilePath) -> ForwardDestination? {
        let errorsBefore = errorCount
        let name = requiredString(section, "name", "a short name such as \"ops-slack\", unique among destinations")
        if let name, !name.utf8.allSatisfy({ $0 >= 0x21 && $0 < 0x7F }) {
            report(section.path("name"), line: section.table?["name"]?.line, "\"\(name)\" must be printable ASCII without spaces")
        }
        let has = { (key: String) in section.table?[key] != nil }
        let isWebhook = has("url") || has("url_credential")
        let isEmail = has("email")
        if isWebhook == isEmail {
            let problem = isWebhook ? "has both a webhook (url) and email" : "has no url, url_credential or email"
            report(section.name, line: section.line, "\(problem): give exactly one, so the destination is a webhook or email")
        } else if isWebhook {
            refuse(Self.emailKeys, in: section, because: "an email setting, and this destination is a webhook")
        } else {
            refuse(Self.webhookKeys, in: section, because: "a webhook setting, and this destination is email")
        }
        var topics = strings(section, "topics")
        if let patterns = topics, patterns.contains(where: { $0.utf8.contains(UInt8(ascii: " ")) }) {
            report(section.path("topics"), line: section.table?["topics"]?.line, "topic ids and globs have no spaces")
            topics = nil
        }
        let priority = priority(section)
        let digest = positiveDuration(section, "digest")
        let timeout = positiveDuration(section, "timeout")
        let backoff = positiveDuration(section, "backoff")
        let maxBackoff = positiveDuration(section, "max_backoff")
        let target: ForwardDestination.Target? =
            if isWebhook == isEmail { nil } else if isWebhook { webhook(section).map { .webhook($0) } } else {
                email(section, folder: folder).map { .email($0) }
            }
        guard let name, let target, errorCount == errorsBefore else { return nil }

        var destination = ForwardDestination(name: name, target: target)
        destination.topics = topics ?? []
        destination.minimumPriority = priority ?? destination.minimumPriority
        destination.digest = digest
        destination.timeout = timeout ?? destination.timeout
        destination.backoff = backoff ?? destination.backoff
        destination.maxBackoff = maxBackoff ?? destination.maxBackoff
        guard destination.maxBackoff >= destination.backoff else {
            report(
                section.path(maxBackoff == nil ? "backoff" : "max_backoff"),
                line: section.table?[maxBackoff == nil ? "backoff" : "max_backoff"]?.line,
                "max_backoff (\(DurationText.text(seconds: destination.maxBackoff))) must be at least backoff (\(DurationText.text(seconds: destination.backoff)))"
            )
            return nil
        }
        return destination
    }

    private mutating func webhook(_ section: ConfigurationLoader.Section) -> ForwardDestination.Webhook? {
        var url: ForwardDestination.Secret?
        if section.table?["url_credential"] != nil {
            if section.table?["url"] != nil {
                report(section.path("url"), line: section.table?["url"]?.line, "give url or url_credential, not both")
            }
            url = credential(section, "url_credential").map { .credential($0) }
        } else if let text = string(section, "url") {
            if text.hasPrefix("https://") || text.hasPrefix("http://"), text.count > "https://".count {
                url = .plain(text)
            } else {
                report(section.path("url"), line: section.table?["url"]?.line, "\"\(text)\" must be an http:// or https:// URL")
            }
        }
        let format = choice(section, "format", PayloadFormat.allCases.map(\.rawValue)).flatMap(PayloadFormat.init(rawValue:))
        let bearer = credential(section, "bearer_credential")
        guard let url else { return nil }
        return ForwardDestination.Webhook(url: url, format: format ?? .json, bearerCredential: bearer)
    }

    private mutating func email(_ section: ConfigurationLoader.Section, folder: FilePath) -> ForwardDestination.Email? {
        var recipients = strings(section, "email", single: true)
        if let addresses = recipients, let bad = addresses.first(where: { !Self.looksLikeAddress($0) }) {
            report(
                section.path("email"), line: section.table?["email"]?.line,
                "\"\(bad)\" is not an email address such as \"desk@example.org\"")
            recipients = nil
        }
        var sender = string(section, "from")
        if let address = sender, !Self.looksLikeAddress(address) {
            report(
                section.path("from"), line: section.table?["from"]?.line,
                "\"\(address)\" is not an email address such as \"newswatch@example.org\"")
            sender = nil
        }
        let transport: ForwardDestination.Email.Transport?
        if section.table?["smtp"] != nil {
            if section.table?["sendmail"] != nil {
                report(section.path("sendmail"), line: section.table?["sendmail"]?.line, "give smtp or sendmail, not both")
            }
            transport = smtpServer(section, folder: folder).map { .smtp($0) }
        } else {
            refuse(Self.smtpKeys, in: section, because: "an SMTP setting, and this destination has no smtp (it uses sendmail)")
            let program = section.table?["sendmail"] == nil ? "/usr/sbin/sendmail" : path(section, "sendmail", relativeTo: folder)?.string
            transport = program.map { .sendmail(path: $0) }
        }
        guard let recipients, let transport else { return nil }
        return ForwardDestination.Email(recipients: recipients, sender: sender ?? "newswatch@localhost", transport: transport)
    }

    private mutating func smtpServer(_ section: ConfigurationLoader.Section, folder: FilePath) -> ForwardDestination.SMTPServer? {
        let startTLS = choice(section, "starttls", ForwardDestination.StartTLS.allCases.map(\.rawValue))
        let password = credential(section, "password_credential")
        let caFile = section.table?["ca_file"] == nil ? nil : path(section, "ca_file", relativeTo: folder)
        guard let url = string(section, "smtp") else { return nil }
        let line = section.table?["smtp"]?.line
        guard url.hasPrefix("smtp://") else {
            report(section.path("smtp"), line: line, "\"\(url)\" must be an smtp:// URL such as \"smtp://alerts@mail.example.org:587\"")
            return nil
        }
        var rest = Substring(url.dropFirst("smtp://".count))
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        var user: String?
        if let at = rest.lastIndex(of: "@") {
            let login = rest[..<at]
            guard !login.contains(":") else {
                report(
                    section.path("smtp"), line: line, "holds a password: put it in a credential file and name it with password_credential")
                return nil
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
            report(section.path("smtp"), line: line, "\"\(url)\" needs a host, and a port from 1 to 65535 if it gives one")
            return nil
        }
        if password != nil && user == nil {
            report(section.path("smtp"), line: line, "password_credential needs a user in the URL (smtp://USER@host:port)")
            return nil
        }
        return ForwardDestination.SMTPServer(
            host: host, port: port, user: user, passwordCredential: password,
            startTLS: startTLS.flatMap(ForwardDestination.StartTLS.init(rawValue:)) ?? .require, caFile: caFile?.string)
    }

    /// Each of `keys` written in `section` is an error: it belongs to another kind of destination.
    private mutating func refuse(_ keys: [String], in section: ConfigurationLoader.Section, because reason: String) {
        for key in keys {
            guard let value = section.table?[key] else { continue }
            report(section.path(key), line: value.line, "is \(reason)")
        }
    }

    /// A credential id as `LoadCredential=ID:PATH` names it: a file name, no slashes.
    private mutating func credential(_ section: ConfigurationLoader.Section, _ key: String) -> String? {
        guard let name = string(section, key) else { return nil }
        guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
            report(
                section.path(key), line: section.table?[key]?.line,
                "\"\(name)\" must be a credential id (a file name in $CREDENTIALS_DIRECTORY, as LoadCredential=ID:PATH names it)")
            return nil
        }
        return name
    }

    private static func looksLikeAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
            && text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }
    }
}

extension ConfigurationLoader {
    /// Each key of a destination for `config show`; nil for a key it has no value for (the
    /// email keys of a webhook, a digest never set).
    static func effectiveValue(_ key: String, of destination: ForwardDestination) -> ConfigurationValue? {
        var webhook: ForwardDestination.Webhook?
        var email: ForwardDestination.Email?
        var server: ForwardDestination.SMTPServer?
        var sendmail: String?
        switch destination.target {
        case .webhook(let target): webhook = target
        case .email(let target):
            email = target
            switch target.transport {
            case .smtp(let target): server = target
            case .sendmail(let path): sendmail = path
            }
        }
        let duration = { (seconds: Int64) in ConfigurationValue.string(DurationText.text(seconds: seconds)) }
        switch key {
        case "name": return .string(destination.name)
        case "url": if case .plain(let url)? = webhook?.url { return .string(url) } else { return nil }
        case "url_credential": if case .credential(let id)? = webhook?.url { return .string(id) } else { return nil }
        case "format": return webhook.map { .string($0.format.rawValue) }
        case "bearer_credential": return webhook?.bearerCredential.map { .string($0) }
        case "email": return email.map { .list($0.recipients) }
        case "from": return email.map { .string($0.sender) }
        case "smtp":
            return server.map { server in
                .string("smtp://" + (server.user.map { "\($0)@" } ?? "") + "\(server.host):\(server.port)")
            }
        case "sendmail": return sendmail.map { .string($0) }
        case "password_credential": return server?.passwordCredential.map { .string($0) }
        case "starttls": return server.map { .string($0.startTLS.rawValue) }
        case "ca_file": return server?.caFile.map { .string($0) }
        case "topics": return destination.topics.isEmpty ? nil : .list(destination.topics)
        case "priority": return .string(destination.minimumPriority.name)
        case "digest": return destination.digest.map(duration)
        case "timeout": return duration(destination.timeout)
        case "backoff": return duration(destination.backoff)
        case "max_backoff": return duration(destination.maxBackoff)
        default: return nil
        }
    }
}
