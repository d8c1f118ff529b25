import Foundation
public import Logging

/// Opens the state store `[state]` names: the SQLite file in `directory`, or the fleet's
/// PostgreSQL database when `database` is set.
public enum StateStores {
    /// `[state] host` when not given.
    public static let machineHostName = ProcessInfo.processInfo.hostName

    /// - Parameter attempts: how often to try reaching a PostgreSQL database before giving
    ///   up; nil waits (with backoff, logging each failure) until it answers.
    static func open(_ settings: StateSettings, attempts: Int? = nil, logger: Logger) async throws -> any StateStore {
        guard let url = settings.database else {
            return SQLiteStateStore(database: try StateDatabase(path: settings.databasePath))
        }
        return try await PostgresStateStore.open(
            url: url, host: settings.host ?? machineHostName, attempts: attempts, logger: logger)
    }

    /// The `limit` stories seen last, newest first, from the state `settings` names.
    public static func recentStories(_ settings: StateSettings, limit: Int, logger: Logger) async throws -> [StoryReport] {
        let store = try await open(settings, attempts: 1, logger: logger)
        do {
            let stories = try await store.recentStories(limit: limit)
            await store.close()
            return stories
        } catch {
            await store.close()
            throw error
        }
    }
}
