import Logging
import Synchronization

/// Ends the task that runs a store's connection pool (`PostgresClient.run()`)
/// when the store closes, and waits for it to end, but not forever.
///
/// Why not a child task, awaited as structured concurrency would have it:
/// cancelling `run()` shuts PostgresNIO 1.33's pool down, and it returns once
/// every connection has closed, those still being opened included; now and
/// then it never does. The test suite stalled that way in CI (the last test
/// running had finished its work) and once locally (its schema dropped, no
/// session of it left on the server, every thread idle); with this limit in
/// place, a local run of the suite reported three pools not stopped after
/// 10 s and finished. A task group would wait for ever, and the store's
/// caller with it. Here the caller waits `limit` at most; a pool that has
/// not stopped by then is reported on the operator log and left to stop on
/// its own.
final class PoolShutdown: Sendable {
    /// The task running the pool, cancelled to shut it down.
    let running: Task<Void, Never>
    /// How long `stop()` waits for the pool to end.
    let limit: Duration
    /// Where a pool that did not stop is reported.
    let log: Logger

    init(running: Task<Void, Never>, limit: Duration = .seconds(10), log: Logger = PoolShutdown.operatorLog) {
        self.running = running
        self.limit = limit
        self.log = log
    }

    /// Where an operator reads that a pool did not stop: the store's own logger is silent.
    static let operatorLog = Logger(label: "hyoka.postgres.pool")

    /// Cancels the pool's task and waits for it to end, `limit` at most.
    /// - Returns: whether it ended in time.
    @discardableResult
    func stop() async -> Bool {
        running.cancel()
        let ended = await Self.ended(running, within: limit)
        if !ended {
            log.error("the connection pool had not stopped \(limit) after its store closed; it is left to stop on its own")
        }
        return ended
    }

    /// Whether `task` ends within `limit`, answered as soon as it does or
    /// when `limit` has passed, whichever comes first. Awaiting a task's value
    /// cannot be cancelled, so the wait runs in a task of its own, which
    /// outlives this call when `task` never ends.
    static func ended(_ task: Task<Void, Never>, within limit: Duration) async -> Bool {
        let answer = Answer()
        return await withCheckedContinuation { continuation in
            answer.waiting.withLock { $0 = continuation }
            let timer = Task {
                try? await Task.sleep(for: limit)
                answer.give(false)
            }
            Task {
                await task.value
                timer.cancel()
                answer.give(true)
            }
        }
    }

    /// The first of two answers; the second finds nobody waiting.
    private final class Answer: Sendable {
        let waiting = Mutex<CheckedContinuation<Bool, Never>?>(nil)

        func give(_ value: Bool) {
            waiting.withLock { $0.take() }?.resume(returning: value)
        }
    }
}
