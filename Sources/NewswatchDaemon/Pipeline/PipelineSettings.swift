import StoryDedup
import TopicMatching

/// What one configuration means for processing: the compiled topics and the duplicate
/// policy. Swapped whole on reload so a batch never sees half of two configs.
struct PipelineSettings: Sendable {
    let configuration: NewswatchConfiguration
    let analyzer: PageAnalyzer
    let topics: [String: TopicSettings]

    init(configuration: NewswatchConfiguration) throws(TopicQueryError) {
        self.configuration = configuration
        // Topics with enabled = false are never matched, so never alert.
        let enabled = configuration.enabledTopics
        let matcher = try TopicMatcher(topics: enabled.map(\.definition))
        analyzer = PageAnalyzer(matcher: matcher)
        topics = Dictionary(enabled.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    var dedupConfiguration: DedupConfiguration {
        var dedup = DedupConfiguration()
        dedup.window = configuration.dedup.window
        if let threshold = configuration.dedup.duplicateThreshold { dedup.duplicateThreshold = threshold }
        if let threshold = configuration.dedup.updateThreshold { dedup.updateThreshold = threshold }
        return dedup
    }
}

extension TopicSettings {
    /// The matcher's view of a topic.
    var definition: TopicDefinition {
        TopicDefinition(id: id, name: name, query: query, language: language, minHits: minHits)
    }
}
