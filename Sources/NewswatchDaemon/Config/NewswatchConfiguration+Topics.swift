extension NewswatchConfiguration {
    /// The topic with `id`, enabled or not.
    /// - Throws: `UnknownTopicError` naming the id, the config and the closest id there is.
    public func topic(id: String) throws(UnknownTopicError) -> TopicSettings {
        if let topic = topics.first(where: { $0.id == id }) { return topic }
        let suggestion = NameSuggestion.closest(to: id, among: topics.map(\.id))
        throw UnknownTopicError(
            description: "no topic \"\(id)\" in \(file) or its topics.d"
                + (suggestion.map { "; did you mean \"\($0)\"?" } ?? " (newswatch topics list shows the ids)"))
    }
}
