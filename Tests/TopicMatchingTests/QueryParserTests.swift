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
