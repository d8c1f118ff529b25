public import PostgresNIO

/// One alert per (story, topic) for the whole fleet, with `cooldown` and `max_per_hour`
/// holding fleet-wide, decided in the database in the transaction that commits the batch.
///
/// The `story_topic` row is the claim: the first transaction to insert it wins, and a second
/// one inserting the same row waits for the first to commit, then finds it taken. An update
/// past its topic's cooldown claims the row again by moving `alerted_at` on. A claimed alert
/// of a topic with `max_per_hour` then passes the topic's hourly window in `alert_window`
/// (locked for the rest of the transaction, so two hosts count one hour), or is held back;
/// as on one host, a held-back alert still marks the story as alerted.
public enum FleetAlerts {
    /// An alert the pipeline wants to raise.
    public struct Claim: Sendable, Equatable {
        public var story: String
        public var topic: String
        /// An update of a known story: it may claim again after `cooldown` seconds.
        public var isUpdate: Bool
        public var cooldown: Int64?
        public var maxPerHour: Int?

        public init(story: String, topic: String, isUpdate: Bool = false, cooldown: Int64? = nil, maxPerHour: Int? = nil) {
            self.story = story
            self.topic = topic
            self.isUpdate = isUpdate
            self.cooldown = cooldown
            self.maxPerHour = maxPerHour
        }
    }

    public enum Verdict: String, Sendable, Equatable {
        /// This host raises the alert.
        case alert
        /// Claimed, but the topic's hour is full: counted for the summary.
        case held
        /// Another page (on any host) has the story's alert for the topic already.
        case taken
    }

    /// A topic's hour that held alerts back, reported once by whichever host ends it.
    public struct HeldBack: Sendable, Equatable {
        public var topic: String
        public var held: Int
        public var windowStart: Int64

        public init(topic: String, held: Int, windowStart: Int64) {
            self.topic = topic
            self.held = held
            self.windowStart = windowStart
        }
    }

    /// Claims `claims` in the caller's transaction; the verdicts come in the order of `claims`.
    public static func claim(
        _ claims: [Claim], host: String, now: Int64, on connection: FleetConnection, logger: Logger
    ) async throws -> [Verdict] {
        guard !claims.isEmpty else { return [] }
        let rows = try await connection.query(
            """
            SELECT claim, verdict FROM newswatch_claim_alerts(
                \(host), \(now), \(claims.map(\.story)), \(claims.map(\.topic)), \(claims.map(\.isUpdate)),
                \(claims.map { $0.cooldown ?? -1 }), \(claims.map { Int64($0.maxPerHour ?? -1) }))
            """, logger: logger)
        var verdicts = [Verdict?](repeating: nil, count: claims.count)
        for (claim, verdict) in try rows.decode((Int, String).self) {
            verdicts[claim - 1] = Verdict(rawValue: verdict)
        }
        return verdicts.map { $0 ?? .taken }
    }

    /// Ends the topics' hours that are over at `now` and returns those that held alerts back.
    /// Each hour is ended by one host only (the row is deleted), so its summary is written once.
    public static func endedWindows(now: Int64, on connection: FleetConnection, logger: Logger) async throws -> [HeldBack] {
        var ended: [HeldBack] = []
        let rows = try await connection.query(
            "DELETE FROM alert_window WHERE \(now) - window_start >= 3600 RETURNING topic, held, window_start",
            logger: logger)
        for (topic, held, start) in try rows.decode((String, Int, Int64).self) where held > 0 {
            ended.append(HeldBack(topic: topic, held: held, windowStart: start))
        }
        return ended.sorted { $0.topic < $1.topic }
    }
}

extension FleetSchema {
    /// `newswatch_claim_alerts`: claims a batch's alerts in one round trip. Rate windows are
    /// locked first and claims made in (story, topic) order, so every transaction takes its
    /// locks in the same order and two hosts never wait on each other in a circle. A cooldown
    /// or limit of -1 means none.
    static let claimFunction = """
        CREATE FUNCTION newswatch_claim_alerts(
            p_host text, p_now bigint, p_story text[], p_topic text[], p_is_update boolean[],
            p_cooldown bigint[], p_limit bigint[])
        RETURNS TABLE (claim integer, verdict text)
        LANGUAGE plpgsql AS $fn$
        DECLARE
            i integer;
            changed integer;
            w alert_window%ROWTYPE;
        BEGIN
            INSERT INTO alert_window (topic, window_start, sent, held)
                SELECT DISTINCT u.t, p_now, 0, 0 FROM unnest(p_topic, p_limit) AS u(t, l)
                WHERE u.l >= 0 ORDER BY 1
                ON CONFLICT (topic) DO NOTHING;
            PERFORM 1 FROM alert_window
                WHERE topic IN (SELECT u.t FROM unnest(p_topic, p_limit) AS u(t, l) WHERE u.l >= 0)
                ORDER BY topic FOR UPDATE;
            FOR i IN SELECT u.o FROM unnest(p_story, p_topic) WITH ORDINALITY AS u(s, t, o) ORDER BY u.s, u.t, u.o LOOP
                INSERT INTO story_topic AS st (story, topic, alerted_at, host)
                    VALUES (p_story[i], p_topic[i], p_now, p_host)
                    ON CONFLICT (story, topic) DO UPDATE SET alerted_at = excluded.alerted_at, host = excluded.host
                    WHERE p_is_update[i] AND p_cooldown[i] >= 0
                        AND excluded.alerted_at - st.alerted_at >= p_cooldown[i];
                GET DIAGNOSTICS changed = ROW_COUNT;
                claim := i;
                IF changed = 0 THEN
                    verdict := 'taken';
                ELSIF p_limit[i] < 0 THEN
                    verdict := 'alert';
                ELSE
                    SELECT * INTO w FROM alert_window WHERE topic = p_topic[i];
                    -- An hour starts at the topic's first alert, or anew once it is over
                    -- and nothing is left to summarise.
                    IF (w.sent = 0 AND w.held = 0) OR (p_now - w.window_start >= 3600 AND w.held = 0) THEN
                        w.window_start := p_now;
                        w.sent := 0;
                    END IF;
                    IF w.sent < p_limit[i] AND p_now - w.window_start < 3600 THEN
                        w.sent := w.sent + 1;
                        verdict := 'alert';
                    ELSE
                        w.held := w.held + 1;
                        verdict := 'held';
                    END IF;
                    UPDATE alert_window SET window_start = w.window_start, sent = w.sent, held = w.held
                        WHERE topic = p_topic[i];
                END IF;
                RETURN NEXT;
            END LOOP;
        END
        $fn$
        """
}
