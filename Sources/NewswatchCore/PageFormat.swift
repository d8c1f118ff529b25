/// The shapes scrapers save pages in; detected from the content, the file name is only a hint.
public enum PageFormat: String, Sendable, Hashable, CaseIterable, Codable {
    /// A rendered page saved as text (`w3m -dump`, `lynx -dump`, a browser's "save as text").
    case text
    case html
    /// A JSON scraper item, or one line of a JSON Lines file.
    case json
}
