import NewswatchCore
import SystemPackage
import Testing
import TopicMatching

@testable import NewswatchDaemon

/// What the daemon compiles from a configuration: topics with `enabled = false` are left out
/// of matching and alerting, and come back on reload when enabled again.
@Suite("Pipeline settings")
struct PipelineSettingsTests {
    static func configuration(mutedEnabled: Bool) -> NewswatchConfiguration {
        var muted = TopicSettings(id: "muted", name: "Muted", query: "NATO")
        muted.enabled = mutedEnabled
        return NewswatchConfiguration(
            file: "/etc/newswatch/newswatch.toml", inbox: InboxSettings(path: "/srv/inbox"),
            state: StateSettings(directory: "/srv/state"),
            topics: [TopicSettings(id: "live", name: "Live", query: "NATO AND expansion"), muted])
    }

    static let page = Page(
        format: .text, title: "NATO expansion", language: "en", paragraphs: ["NATO discussed its expansion to the east."])

    @Test func disabledTopicsAreNeitherMatchedNorAlerted() throws {
        let settings = try PipelineSettings(configuration: Self.configuration(mutedEnabled: false))
        #expect(settings.analyzer.matcher.topics.map(\.id) == ["live"])
        #expect(settings.topics.keys.sorted() == ["live"])
        #expect(settings.analyzer.analyze(Self.page).matches.map(\.topicID) == ["live"])
    }

    @Test func enabledAgainTheTopicMatches() throws {
        let settings = try PipelineSettings(configuration: Self.configuration(mutedEnabled: true))
        #expect(settings.analyzer.analyze(Self.page).matches.map(\.topicID) == ["live", "muted"])
    }
}
