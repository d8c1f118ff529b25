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
        try await withStore(settings, logger: logger) { store in try await store.recentStories(limit: limit) }
    }

    /// The mutes in force at `now` (`newswatch topics list`, `status`); nil when the SQLite
    /// state does not exist yet (reading never creates it).
    public static func mutes(_ settings: StateSettings, at now: Int64, logger: Logger) async throws -> [TopicMute]? {
        if settings.database == nil && !StateDatabase.exists(at: settings.databasePath) { return nil }
        return try await withStore(settings, logger: logger) { store in
            try await store.mutes(at: now)
        }
    }

    /// `newswatch topics mute`: every daemon of the state follows it from its next batch.
    public static func mute(
        _ settings: StateSettings, topic: String, until: Int64?, now: Int64, logger: Logger
    ) async throws {
        try await withStore(settings, forCommand: true, logger: logger) { store in
            try await store.mute(topic: topic, until: until, now: now)
        }
    }

    /// `newswatch topics unmute`: ends the mute of `topic` when it is muted and `allowed` says
    /// it may be ended (a topic gone from the configuration only when it holds a mute); false
    /// when it was not muted.
    public static func unmute(
        _ settings: StateSettings, topic: String, now: Int64, logger: Logger,
        allowed: @Sendable ([String]) -> Bool = { _ in true }
    ) async throws -> Bool {
        try await withStore(settings, forCommand: true, logger: logger) { store in
            guard allowed(try await store.mutes(at: now).map(\.topic)) else { return false }
            return try await store.unmute(topic: topic, now: now)
        }
    }

    /// Runs `body` on the state and closes it. A command run by root that creates the SQLite
    /// file gives it to the state folder's owner (`StateDatabase.openForCommand`); PostgreSQL
    /// is tried once.
    private static func withStore<T>(
        _ settings: StateSettings, forCommand: Bool = false, logger: Logger, _ body: (any StateStore) async throws -> T
    ) async throws -> T {
        let store: any StateStore
        if forCommand && settings.database == nil {
            store = SQLiteStateStore(database: try StateDatabase.openForCommand(path: settings.databasePath))
        } else {
            store = try await open(settings, attempts: 1, logger: logger)
        }
        do {
            let result = try await body(store)
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    }
}
