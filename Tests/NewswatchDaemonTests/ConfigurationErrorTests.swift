import Foundation
import Testing

@testable import NewswatchDaemon

/// A configuration cannot be silently wrong: every mistake is an error naming file, line and
/// key (with the name probably meant), all of them in one run.
@Suite("Configuration errors")
struct ConfigurationErrorTests {
    static let base = ConfigFolder.base
    static let topic = "[[topics]]\nid = \"a\"\nquery = \"NATO\"\n"

    /// A config whose `[inbox]` has `line` as its third line.
    static func inbox(_ line: String) -> String {
        "[inbox]\npath = \"in\"\n\(line)\n[state]\ndirectory = \"s\"\n"
    }

    /// A misspelling one edit away from `name`: two letters swapped, or one dropped.
    static func typo(of name: String) -> String {
        var characters = Array(name)
        if characters.count >= 4 && characters[1] != characters[2] {
            characters.swapAt(1, 2)
        } else if characters.count >= 4 {
            characters.remove(at: 1)
        } else {
            characters.append(characters[characters.count - 1])
        }
        return String(characters)
    }

    /// A valid first entry of each array table, for a misspelt key to follow.
    static let arrayEntries = [
        "topics": topic,
        "forward": "[[forward]]\nname = \"chat\"\nurl = \"https://chat.example/hook\"\n",
    ]

    /// Every key of every table, misspelt, in a config that is otherwise valid.
    static let keyTypos: [(table: String, key: String)] = ConfigurationSchema.tables.flatMap { table in
        table.keys.map { (table.name, $0.name) }
    }

    @Test("a misspelt key of any table is an error at its line with the key meant", arguments: keyTypos)
    func misspeltKeyIsNamed(table: String, key: String) throws {
        let typo = Self.typo(of: key)
        let text: String
        let line: Int
        let path: String
        if let entry = Self.arrayEntries[table] {
            text = Self.base + entry + "\(typo) = \"x\"\n"
            line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("\(typo) =") }! + 1
            path = "\(table)[0].\(typo)"
        } else {
            let header = table == "inbox" || table == "state" ? "" : "[\(table)]\n"
            let body = Self.base.replacingOccurrences(of: "[\(table)]\n", with: "[\(table)]\n\(typo) = \"x\"\n")
            text = header.isEmpty ? body : body + header + "\(typo) = \"x\"\n"
            line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("\(typo) =") }! + 1
            path = "\(table).\(typo)"
        }
        let config = try ConfigFolder(text + (table == "topics" ? "" : Self.topic))
        let messages = config.messages()
        #expect(
            messages.contains(
                "$/newswatch.toml:\(line): \(path): is not a setting of \(ConfigurationSchema.table(table)!.header); did you mean \(key)?"),
            "\(messages)")
    }

    @Test(
        "a misspelt or unknown table is an error at its header with the table meant",
        arguments: [
            ("[inbx]\nx = 1\n", "[inbx]: unknown table; did you mean [inbox]?"),
            ("[stat]\n", "[stat]: unknown table; did you mean [state]?"),
            ("[dedupe]\nwindow = \"1d\"\n", "[dedupe]: unknown table; did you mean [dedup]?"),
            ("[[topic]]\nid = \"b\"\nquery = \"x\"\n", "[[topic]]: unknown table; did you mean [[topics]]?"),
            ("[[inbox]]\n", "inbox: there is one [inbox]: write [inbox], not [[inbox]]"),
            (
                "[webhook]\n",
                "[webhook]: unknown table; the tables are [inbox], [archive], [state], [dedup], [metrics], [[topics]], [[forward]]"
            ),
            ("[archiv]\nkeep = \"9d\"\n", "[archiv]: unknown table; did you mean [archive]?"),
        ]
    )
    func unknownTableIsNamed(extra: String, expected: String) throws {
        let text = extra.hasPrefix("[[inbox]]") ? "[[inbox]]\npath = \"x\"\n[state]\ndirectory = \"s\"\n" : Self.base + extra
        let config = try ConfigFolder(text)
        #expect(config.messages().contains { $0.hasSuffix(expected) }, "\(config.messages())")
    }

    @Test(
        "keys in the wrong place say where they belong",
        arguments: [
            ("window = \"30d\"\n" + base, "window: must be inside a table: put it under [dedup]"),
            (
                base + "[dedup]\nmax_file_size = \"1MiB\"\n",
                "dedup.max_file_size: is not a setting of [dedup]; max_file_size belongs under [inbox]"
            ),
            (
                base + "[dedup]\nwindw = \"1d\"\nthreshold = 0.5\n",
                "dedup.threshold: is not a setting of [dedup]; its keys are window, duplicates, duplicate_threshold, update_threshold"
            ),
            (
                base + "[[topics]]\nid = \"a\"\nquery = \"x\"\nwindow = \"2d\"\n",
                "topics[0].window: is not a setting of [[topics]]; window belongs under [dedup]"
            ),
        ]
    )
    func misplacedKeySaysWhere(text: String, expected: String) throws {
        let config = try ConfigFolder(text)
        #expect(config.messages().contains { $0.hasSuffix(expected) }, "\(config.messages())")
    }

    @Test(
        "values that make no sense are errors at their line",
        arguments: [
            (base + "[dedup]\nwindow = 30\n", ":6: dedup.window: 30 has no unit; write \"30s\", \"30m\", \"30h\" or \"30d\""),
            (base + "[dedup]\nwindow = \"30\"\n", ":6: dedup.window: 30 has no unit"),
            (base + "[dedup]\nwindow = \"soon\"\n", ":6: dedup.window: \"soon\" is not a duration"),
            (base + "[dedup]\nwindow = \"0d\"\n", ":6: dedup.window: must be longer than 0"),
            (
                "[inbox]\npath = \"in\"\nmax_file_size = 16\n[state]\ndirectory = \"s\"\n",
                ":3: inbox.max_file_size: 16 has no unit; write \"16MiB\", \"16KiB\" or \"16B\""
            ),
            (base + "[dedup]\nupdate_threshold = 0.96\n", ":6: dedup.update_threshold: 0.96 must be below duplicate_threshold (0.95)"),
            (base + "[dedup]\nduplicate_threshold = 0.2\n", ":6: dedup.duplicate_threshold: 0.2 must be above update_threshold (0.3)"),
            (
                base + "[dedup]\nduplicate_threshold = 1.5\n",
                ":6: dedup.duplicate_threshold: must be a number above 0 and at most 1, not 1.5"
            ),
            (
                base + "[dedup]\nduplicates = \"archve\"\n",
                ":6: dedup.duplicates: \"archve\" is not one of \"archive\", \"delete\"; did you mean \"archive\"?"
            ),
            (
                base + "[[topics]]\nid = \"a\"\nquery = \"x\"\npriority = \"warn1ng\"\n",
                ":8: topics[0].priority: \"warn1ng\" is not a journald priority"
            ),
            (base + "[[topics]]\nid = \"a b\"\nquery = \"x\"\n", ":6: topics[0].id: \"a b\" must be printable ASCII without spaces"),
            (base + "[[topics]]\nid = \"a\"\n", ":5: topics[0].query: is required"),
            (
                base + "[[topics]]\nid = \"a\"\nquery = \"x\"\nmin_hits = 0\n",
                ":8: topics[0].min_hits: must be a whole number of 1 or more, not 0"
            ),
            (
                base + "[[topics]]\nid = \"a\"\nquery = \"x\"\nenabled = \"no\"\n",
                ":8: topics[0].enabled: must be true or false (without quotes), not a string"
            ),
            (
                base + "[[topics]]\nid = \"a\"\nquery = \"x\"\nlanguage = \"klingon\"\n",
                ":8: topics[0].language: unknown language \"klingon\""
            ),
            (base + "[[topics]]\nid = \"a\"\nquery = \"x\"\ncooldown = 12\n", ":8: topics[0].cooldown: 12 has no unit"),
            (
                base + "[[topics]]\nid = \"a\"\nquery = '/nato.*/'\n",
                ":7: topics[0].query: column 1: regular expressions (/…/) are not supported"
            ),
            (base + "[[topics]]\nid = \"a\"\nquery = 'NATO AND (x'\n", ":7: topics[0].query: column 10: '(' is never closed"),
            ("[inbox]\npath = 5\n[state]\ndirectory = \"s\"\n", ":2: inbox.path: must be a string (in quotes), not an integer"),
            ("[state]\ndirectory = \"s\"\n", ": inbox.path: is required (the folder to watch)"),
            (base + "database = \"postgresql://newswatch:secret@db.example/nw\"\n", ":5: state.database: the URL carries a password"),
            (base + "database = \"mysql://db.example/nw\"\n", ":5: state.database: \"mysql://db.example/nw\" is not a PostgreSQL URL"),
            (base + "database = \"postgresql://db.example/nw?sslmode=strict\"\n", ":5: state.database: sslmode \"strict\" is not one of"),
            (base + "database = \"postgresql://db.example/nw?pool=4\"\n", ":5: state.database: unknown URL parameter \"pool\""),
            (base + "host = \"two words\"\n", ":5: state.host: \"two words\" must be 1 to 64 printable ASCII characters"),
        ]
    )
    func senselessValueIsAnError(text: String, expected: String) throws {
        let config = try ConfigFolder(text)
        guard case .failure(let error) = config.load() else {
            Issue.record("loaded: \(text)")
            return
        }
        let messages = config.messages()
        #expect(messages.contains { $0.contains(expected) }, "\(messages)")
        #expect(error.errors.count == 1, "\(messages)")
    }

    /// Mistakes in `[inbox]`'s watch keys and in `[archive]`.
    static let watchAndArchiveMistakes: [(String, String)] = [
        (inbox("recursive = \"yes\""), ":3: inbox.recursive: must be true or false (without quotes), not a string"),
        (inbox("max_depth = 0"), ":3: inbox.max_depth: must be a whole number of 1 or more, not 0"),
        (inbox("poll = 2"), ":3: inbox.poll: 2 has no unit; write \"2s\", \"2m\", \"2h\" or \"2d\""),
        (inbox("poll = \"fast\""), ":3: inbox.poll: \"fast\" is not \"auto\", \"off\" or a duration such as \"2s\" or \"1m\""),
        (inbox("poll = \"0s\""), ":3: inbox.poll: must be longer than 0 (or \"off\")"),
        (inbox("poll = true"), ":3: inbox.poll: must be \"auto\", \"off\" or a duration such as \"2s\" (in quotes), not true or false"),
        (inbox("ignore = \"*.part\""), ":3: inbox.ignore: must be a list of patterns such as [\".*\", \"*.part\"], not a string"),
        (
            inbox("ignore = [\"*.part\", \"/etc/*\"]"),
            ":3: inbox.ignore: \"/etc/*\" is absolute; patterns match names or paths inside the inbox"
        ),
        (inbox("ignore = [\"../x/*\"]"), ":3: inbox.ignore: \"../x/*\" goes out of the inbox (..)"),
        (inbox("ignore = [\"*.part\", 5]"), ":3: inbox.ignore: 5 is not a pattern (in quotes)"),
        (base + "[archive]\nlayout = \"%Y/%q\"\n", ":6: archive.layout: \"%Y/%q\": %q is not a conversion newswatch knows; use %Y (year)"),
        (base + "[archive]\nlayout = \"../%Y\"\n", ":6: archive.layout: \"../%Y\": must not hold . or .. folders"),
        (base + "[archive]\nlayout = \"/srv/%Y\"\n", ":6: archive.layout: \"/srv/%Y\": must be relative"),
        (base + "[archive]\nlayout = \"%Y%\"\n", ":6: archive.layout: \"%Y%\": ends in a lone %"),
        (base + "[archive]\nkeep = \"0d\"\n", ":6: archive.keep: must be longer than 0"),
        (base + "[archive]\nkeep = 90\n", ":6: archive.keep: 90 has no unit"),
    ]

    @Test("mistakes in the inbox's watch keys and in [archive] are errors at their line", arguments: watchAndArchiveMistakes)
    func watchAndArchiveMistake(text: String, expected: String) throws {
        try senselessValueIsAnError(text: text, expected: expected)
    }

    @Test("every error in the main file and the drop-ins is reported in one run, in file and line order")
    func everyErrorIsReported() throws {
        let config = try ConfigFolder(
            """
            [inbox]
            paht = "inbox"
            [state]
            directory = "state"
            [dedup]
            window = 7
            [[topics]]
            id = "nato"
            query = "NATO AND"
            priority = "urgent"
            """,
            dropIns: [
                "10-more.toml": "[[topics]]\nid = \"nato\"\nquery = \"NATO\"\n[inbox]\npath = \"x\"\n",
                "20-broken.toml": "[[topics]\n",
            ])
        let messages = config.messages()
        #expect(
            messages == [
                "$/newswatch.toml:1: inbox.path: is required (the folder to watch)",
                "$/newswatch.toml:2: inbox.paht: is not a setting of [inbox]; did you mean path?",
                "$/newswatch.toml:6: dedup.window: 7 has no unit; write \"7s\", \"7m\", \"7h\" or \"7d\"",
                "$/newswatch.toml:9: topics[0].query: column 6: 'AND' needs a query on both sides\n    NATO AND\n         ^",
                "$/newswatch.toml:10: topics[0].priority: \"urgent\" is not a journald priority (use one of emerg, alert, crit, err, warning, notice, info, debug)",
                "$/topics.d/10-more.toml:4: [inbox]: a topics.d file may hold only [[topics]]; move [inbox] to the main config file",
                "$/topics.d/20-broken.toml:1: TOML syntax error at column 10: a [[table]] header ends with ']]', found the end of the line",
            ], "\(messages.joined(separator: "\n"))")
    }

    @Test("a duplicate topic id points at its id line and at the first definition")
    func duplicateIdPointsAtIdLine() throws {
        let config = try ConfigFolder(
            Self.base + "[[topics]]\nid = \"nato\"\nquery = \"NATO\"\n",
            dropIns: ["50-x.toml": "# more\n\n[[topics]]\nname = \"again\"\nid = \"nato\"\nquery = \"x\"\n"])
        #expect(
            config.messages() == [
                "$/topics.d/50-x.toml:5: id: \"nato\" is already the id of the topic at $/newswatch.toml:6; ids must be unique"
            ])
    }

    @Test("an inbox that is a file is refused; so are processed/ or failed/ inside the inbox")
    func foldersAreChecked() throws {
        let config = try ConfigFolder("[inbox]\npath = \"page.txt\"\n[state]\ndirectory = \"state\"\n" + Self.topic)
        try "x".write(to: config.url.appending(path: "page.txt"), atomically: true, encoding: .utf8)
        #expect(
            config.messages() == [
                "$/newswatch.toml:2: inbox.path: $/page.txt is a file, not a folder (newswatch would make processed/ and failed/ beside it)"
            ])

        let inside = try ConfigFolder("[inbox]\npath = \"in\"\nprocessed = \"in/done\"\n[state]\ndirectory = \"in\"\n" + Self.topic)
        #expect(
            inside.messages() == [
                "$/newswatch.toml:3: inbox.processed: $/in/done must not be the inbox or inside it: files there would be read again",
                "$/newswatch.toml:5: state.directory: $/in must not be the inbox or inside it: files there would be read again",
            ])
    }

    @Test(
        "doubtful but valid settings are warnings, and the configuration loads",
        arguments: [
            (base, "$/newswatch.toml: warning: no [[topics]] here or in topics.d/*.toml"),
            (
                base + "[[topics]]\nid = \"a\"\nquery = \"x\"\nenabled = false\n",
                "$/newswatch.toml: warning: every topic has enabled = false"
            ),
            (
                base + "[[topics]]\nid = \"a\"\nquery = 'nato and expansion'\n",
                "$/newswatch.toml:7: warning: topics[0].query: column 6: \"and\" is matched as a word here; did you mean AND?"
            ),
            (base + "[[topics]]\nid = \"a\"\nquery = 'nato or NATO-led'\n", "did you mean OR?"),
            (base + "[[topics]]\nid = \"a\"\nquery = 'nato not russia'\n", "did you mean NOT?"),
        ]
    )
    func doubtfulSettingIsWarned(text: String, expected: String) throws {
        let config = try ConfigFolder(text)
        guard case .success(let configuration) = config.load() else {
            Issue.record("\(config.messages())")
            return
        }
        #expect(configuration.warnings.count == 1)
        #expect(config.messages().contains { $0.contains(expected) }, "\(config.messages())")
    }

    @Test(
        "messages never show internal names",
        arguments: [
            base + "[[topics]]\nid = \"a\"\nquery = 'NATO)'\n",
            base + "[[topics]]\nid = \"a\"\nquery = '*x'\n",
            "[inbox\n",
            base + "[dedup]\nwindow = []\n",
        ]
    )
    func messagesHaveNoInternalNames(text: String) throws {
        let config = try ConfigFolder(text)
        let messages = config.messages().joined(separator: "\n")
        #expect(!messages.isEmpty)
        for name in ["[unbalanced", "[unsupported", "Code", "NSCocoaErrorDomain", "Error Domain", "TOMLValue", "(open)"] {
            #expect(!messages.contains(name), "\(messages)")
        }
    }

    @Test("a missing or oversized config file is named plainly")
    func unreadableFiles() throws {
        let config = try ConfigFolder(Self.base)
        try FileManager.default.removeItem(at: config.file)
        guard case .failure(let missing) = config.load() else { throw ConfigFolderFailure() }
        #expect(missing.fileIsMissing)
        #expect(config.messages() == ["$/newswatch.toml: no such file"])

        #expect(FileManager.default.createFile(atPath: config.path, contents: nil))
        let handle = try FileHandle(forWritingTo: config.file)
        try handle.truncate(atOffset: UInt64(ConfigurationLoader.maxFileSize) + 1)
        try handle.close()
        #expect(config.messages() == ["$/newswatch.toml: too large: over 64 MiB, the most a config file may be"])
    }

    @Test("a config over 1 MiB loads whole (the old reader cut it at 1 MiB)")
    func largeConfigLoadsWhole() throws {
        var text = Self.base
        for number in 0..<12_000 {
            text +=
                "[[topics]]\nid = \"topic-\(number)\"\nname = \"Watch number \(number)\"\nquery = '\"Topic \(number)\" AND (sanction* OR \"oil price\"~3)'\n"
        }
        #expect(text.utf8.count > 1 << 20)
        let config = try ConfigFolder(text)
        let configuration = try config.load().get()
        #expect(configuration.topics.count == 12_000)
        #expect(configuration.topics.last?.origin == "\(config.path):\(4 * 11_999 + 6)")
    }
}

struct ConfigFolderFailure: Error {}
