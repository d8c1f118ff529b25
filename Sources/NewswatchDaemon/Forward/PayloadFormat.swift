/// The JSON a webhook destination posts (`format = "…"`).
public enum PayloadFormat: String, Sendable, Equatable, CaseIterable {
    /// Every `NEWSWATCH_*` field, the time, priority and cursor: for scripts and automation.
    case json
    /// Slack incoming webhook: `{"text": …}` with Slack's `<url|title>` links.
    case slack
    /// Mattermost incoming webhook: `{"text": …}` in Markdown.
    case mattermost
    /// Microsoft Teams (Workflows webhook): a message with one Adaptive Card.
    case teams
}
