import Testing

@testable import NewswatchDaemon

/// newswatch's own TOML reader: the TOML 1.0 forms a config uses, the line of every key,
/// and syntax errors at the right line.
@Suite("TOML parser")
struct TOMLParserTests {
    static func parse(_ text: String) throws(TOMLSyntaxError) -> TOMLTable {
        try TOMLParser.parse(Array(text.utf8))
    }

    /// The value at a dotted path, following `[[lists]]` by index (`topics.1.id`).
    static func value(_ path: String, in root: TOMLTable) -> TOMLValue? {
        var table = root
        let parts = path.split(separator: ".").map(String.init)
        var index = 0
        while index < parts.count - 1 {
            guard let next = table[parts[index]] else { return nil }
            switch next.content {
            case .table(let inner): table = inner
            case .tables(let array):
                index += 1
                guard let element = Int(parts[index]), element < array.tables.count else { return nil }
                if index == parts.count - 1 { return TOMLValue(content: .table(array.tables[element]), line: array.tables[element].line) }
                table = array.tables[element]
            default: return nil
            }
            index += 1
        }
        return table[parts[parts.count - 1]]
    }

    @Test(
        "values of every TOML type are read as written",
        arguments: [
            ("a = \"x\\ty\\u00e9\\\"\"", "a", "string x\ty\u{e9}\""),
            ("a = 'C:\\path'", "a", "string C:\\path"),
            ("a = \"\"\"\nline one\nline two\"\"\"", "a", "string line one\nline two"),
            ("a = \"\"\"one \\\n    two\"\"\"", "a", "string one two"),
            ("a = '''\n'quoted' \"x\"'''", "a", "string 'quoted' \"x\""),
            ("a = \"\"\"x\"\"\"\"\"", "a", "string x\"\""),
            ("a = 42", "a", "integer 42"),
            ("a = -1_000", "a", "integer -1000"),
            ("a = 0xff", "a", "integer 255"),
            ("a = 0o17", "a", "integer 15"),
            ("a = 0b101", "a", "integer 5"),
            ("a = 0.25", "a", "float 0.25"),
            ("a = 1e3", "a", "float 1000.0"),
            ("a = -inf", "a", "float -inf"),
            ("a = true", "a", "boolean true"),
            ("a = 1979-05-27T07:32:00Z", "a", "date 1979-05-27T07:32:00Z"),
            ("a = 1979-05-27 07:32:00.5+01:00", "a", "date 1979-05-27 07:32:00.5+01:00"),
            ("a = 1979-05-27", "a", "date 1979-05-27"),
            ("a = 07:32:00", "a", "date 07:32:00"),
            ("a = [1, 2,\n  3, # comment\n]", "a", "list 3"),
            ("a = { b = 1, c.d = \"e\" }", "a.c.d", "string e"),
            ("\"quoted key\" = 1", "quoted key", "integer 1"),
            ("a.b.c = 1\na.b.d = 2", "a.b.d", "integer 2"),
            ("[x]\n[x.y]\nz = 1", "x.y.z", "integer 1"),
            ("[x.y]\nz = 1\n[x]\nw = 2", "x.w", "integer 2"),
            ("[[t]]\nid = 1\n[[t]]\nid = 2\n[t.sub]\nk = 3", "t.1.sub.k", "integer 3"),
            ("\u{FEFF}a = 1\r\nb = 2", "b", "integer 2"),
        ]
    )
    func readsValue(text: String, path: String, expected: String) throws {
        let root = try Self.parse(text)
        let value = try #require(Self.value(path, in: root), "\(path) missing")
        let shown: String =
            switch value.content {
            case .string(let text): "string \(text)"
            case .integer(let number): "integer \(number)"
            case .float(let number): "float \(number)"
            case .boolean(let flag): "boolean \(flag)"
            case .dateTime(let text): "date \(text)"
            case .array(let values): "list \(values.count)"
            case .table: "table"
            case .tables(let array): "tables \(array.tables.count)"
            }
        #expect(shown == expected)
    }

    @Test("every key, table and list entry remembers its line")
    func remembersLines() throws {
        let root = try Self.parse(
            """
            # comment
            [inbox]
            path = "in"   # trailing comment

            [[topics]]
            id = "a"
            query = '''
            NATO AND
            expansion'''
            name = "after a multi-line string"
            [[topics]]
            id = "b"
            """)
        #expect(Self.value("inbox", in: root)?.line == 2)
        #expect(Self.value("inbox.path", in: root)?.line == 3)
        #expect(Self.value("topics.0", in: root)?.line == 5)
        #expect(Self.value("topics.0.query", in: root)?.line == 7)
        #expect(Self.value("topics.0.name", in: root)?.line == 10)
        #expect(Self.value("topics.1.id", in: root)?.line == 12)
    }

    @Test(
        "a document that is not TOML fails at the line of the fault",
        arguments: [
            ("[inbox\npath = 1", 1, "']'"),
            ("a = 1\na = 2", 2, "already defined at line 1"),
            ("[a]\n[a]", 2, "already defined at line 1"),
            ("a = 1\n[a]", 2, "already defined at line 1"),
            ("a.b = 1\n[a.b]", 2, "already defined"),
            ("a = {b = 1}\n[a.c]", 2, "already"),
            ("[[a]]\n[a]", 2, "already defined"),
            ("a = [1]\n[[a]]", 2, "cannot add to a"),
            ("a = \"open", 1, "no closing"),
            ("a = \"line\nbreak\"", 1, "no closing"),
            ("a = '''never closed", 1, "no closing '''"),
            ("a = \"\\q\"", 1, "unknown escape"),
            ("a = hello", 1, "must be quoted"),
            ("a = 01", 1, "not a number"),
            ("a = 1__0", 1, "not a number"),
            ("a = 1 b = 2", 1, "end of the line"),
            ("a = { b = 1,\n c = 2 }", 1, "one line"),
            ("a = [1, 2", 1, "','"),
            ("a", 1, "needs '= value'"),
            ("= 1", 1, "key name"),
            ("\n\na = TRUE", 3, "must be quoted"),
            ("a = 1\r\rb = 2", 1, "line feed"),
            ("a = \"\u{01}\"", 1, "control character"),
        ]
    )
    func rejectsAtLine(text: String, line: Int, fragment: String) {
        do {
            _ = try Self.parse(text)
            Issue.record("parsed: \(text)")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }

    @Test("a file that is not UTF-8 is refused at the line with the bad bytes")
    func rejectsInvalidUTF8() {
        var bytes = Array("a = 1\nb = \"".utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array("\"\n".utf8)
        #expect(throws: TOMLSyntaxError.self) { try TOMLParser.parse(bytes) }
        #expect((try? TOMLParser.parse(bytes)) == nil)
        do {
            _ = try TOMLParser.parse(bytes)
        } catch {
            #expect(error.line == 2)
        }
    }

    @Test("a list of 100,000 tables keeps every entry in order")
    func manyTables() throws {
        var text = ""
        for number in 0..<100_000 { text += "[[t]]\nid = \(number)\n" }
        let root = try Self.parse(text)
        guard case .tables(let array)? = root["t"]?.content else {
            Issue.record("no [[t]] list")
            return
        }
        #expect(array.tables.count == 100_000)
        #expect(array.tables[99_999]["id"]?.integer == 99_999)
        #expect(array.tables[99_999].line == 199_999)
    }
}
