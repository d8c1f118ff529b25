import Testing
import TopicMatching

@Suite("Query parse errors name the fault and its column")
struct QueryParserTests {
    static let errors: [(String, TopicQueryError.Code, Int)] = [
        ("", .emptyQuery, 1),
        ("   ", .emptyQuery, 1),
        ("(NATO OR EU", .unbalancedParenthesis, 1),
        ("NATO AND (EU OR (UN)", .unbalancedParenthesis, 10),
        ("NATO)", .unbalancedParenthesis, 5),
        ("NATO AND", .danglingOperator, 6),
        ("AND NATO", .danglingOperator, 1),
        ("NATO OR OR EU", .danglingOperator, 6),
        ("NATO AND )", .danglingOperator, 6),
        ("NATO -", .danglingOperator, 6),
        ("NOT", .danglingOperator, 1),
        ("NATO && || EU", .danglingOperator, 6),
        ("\"\"", .emptyPhrase, 1),
        ("NATO \" -- \"", .emptyPhrase, 6),
        ("NATO \"open", .unterminatedPhrase, 6),
        ("headline:NATO", .unknownField, 1),
        ("NATO AND Россия AND автор:(x)", .unknownField, 21),
        ("*ISIS", .unsupportedWildcard, 1),
        ("IS*IS", .unsupportedWildcard, 3),
        ("NATO~2", .badProximity, 5),
        ("\"NATO expansion\"~", .badProximity, 17),
        ("()", .emptyQuery, 1),
        ("NATO =", .danglingOperator, 6),
        ("NATO AND .", .emptyTerm, 10),
        ("/nato.*/", .unsupportedSyntax, 1),
        ("NATO AND -/x/", .unsupportedSyntax, 11),
        ("year:[2020 TO 2024]", .unsupportedSyntax, 6),
        ("NATO AND [a TO b]", .unsupportedSyntax, 10),
        ("NATO OR {a TO b}", .unsupportedSyntax, 9),
    ]

    @Test("a bad query is rejected with its column", arguments: errors)
    func rejectsBadQuery(query: String, code: TopicQueryError.Code, column: Int) {
        #expect {
            try QueryParser().parse(query)
        } throws: { error in
            guard let error = error as? TopicQueryError else { return false }
            return error.code == code && error.column == column && !error.message.isEmpty
        }
    }

    static let valid = [
        "NATO", "nato AND (expansion OR enlargement OR \"build-up\" OR buildup)", "+NATO -Ukraine Poland",
        "title:NATO", "title:(NATO OR EU) AND body:\"eastern flank\"~3", "tags:defence", "source:TASS",
        "section:world", "expan*", "=expansion", "=\"NATO expansion\"", "NATO^2 expansion", "a\\:b",
        "!NATO", "NOT NOT NATO", "-(-NATO)", "Россия И НАТО", "(a) (b) (c)",
    ]

    @Test("well-formed queries parse", arguments: valid)
    func parsesValidQuery(query: String) throws {
        _ = try QueryParser().parse(query)
    }

    @Test("an error reads as a sentence, without the code's internal name")
    func errorDescriptionHasNoCode() {
        let error = TopicQueryError(code: .unbalancedParenthesis, message: "'(' is never closed", column: 10)
        #expect(error.description == "'(' is never closed at column 10")
    }

    @Test(
        "lowercase operators between words are matched as words and warned about",
        arguments: [
            ("nato and expansion", ["\"and\" is matched as a word here; did you mean AND? (operators are capitals) at column 6"]),
            (
                "(NATO or EU) And Russia",
                [
                    "\"or\" is matched as a word here; did you mean OR? (operators are capitals) at column 7",
                    "\"And\" is matched as a word here; did you mean AND? (operators are capitals) at column 14",
                ]
            ),
            ("not russia", ["\"not\" is matched as a word here; did you mean NOT? (operators are capitals) at column 1"]),
            ("NATO AND expansion", []),
            ("\"rock and roll\"", []),
            ("and", []),
            ("nato and", []),
            ("=and OR or*", []),
        ]
    )
    func warnsAboutLowercaseOperators(query: String, expected: [String]) {
        #expect(QueryParser().warnings(for: query).map(\.description) == expected)
    }

    @Test func validationChecksWithoutBuildingAMatcher() throws {
        let topic = TopicDefinition(id: "x", name: "x", query: "nato and expansion", language: "en")
        #expect(try topic.validate().count == 1)
        #expect(throws: TopicQueryError.self) {
            try TopicDefinition(id: "y", name: "y", query: "NATO", language: "xx").validate()
        }
        #expect(throws: TopicQueryError.self) {
            try TopicDefinition(id: "z", name: "z", query: "NATO", minHits: 0).validate()
        }
    }

    @Test func matcherErrorCarriesTheTopicID() {
        let topics = [
            TopicDefinition(id: "good", name: "g", query: "NATO"),
            TopicDefinition(id: "bad", name: "b", query: "NATO AND (EU"),
        ]
        #expect {
            try TopicMatcher(topics: topics)
        } throws: { error in
            guard let error = error as? TopicQueryError else { return false }
            return error.topicID == "bad" && error.column == 10 && error.code == .unbalancedParenthesis
        }
    }

    @Test func unknownLanguageIsRejected() {
        let topics = [TopicDefinition(id: "x", name: "x", query: "NATO", language: "klingon")]
        #expect {
            try TopicMatcher(topics: topics)
        } throws: { error in
            (error as? TopicQueryError)?.code == .unknownLanguage
        }
    }

    @Test func andBindsTighterThanTheClauseList() throws {
        let tree = try QueryParser().parse("a b AND c")
        let expected = try QueryParser().parse("a OR (b AND c)")
        #expect(tree == expected)
    }
}
