import Logging
import Synchronization
import Testing
@testable import HyokaPostgres

@Suite("Stopping a store's connection pool")
struct PoolShutdownTests {
    /// Opened by hand, never by cancellation: a task waiting at it is a pool that does not stop.
    final class Gate: Sendable {
        private let state = Mutex<(open: Bool, waiting: CheckedContinuation<Void, Never>?)>((false, nil))

        func wait() async {
            await withCheckedContinuation { continuation in
                let openAlready = state.withLock { state in
                    if !state.open { state.waiting = continuation }
                    return state.open
                }
                if openAlready { continuation.resume() }
            }
        }

        func open() {
            state.withLock { state in
                state.open = true
                return state.waiting.take()
            }?.resume()
        }
    }

    @Test("stopping cancels the pool's task and waits for it to end")
    func stopsARunningTask() async {
        // Ends only when cancelled: a stop that did not cancel would wait out the whole limit and answer false.
        let running = Task { _ = try? await Task.sleep(for: .seconds(3600)) }
        let ended = await PoolShutdown(running: running, limit: .seconds(60)).stop()
        #expect(ended)
        #expect(running.isCancelled)
    }

    @Test("a pool that does not stop is left after the limit, and still ends when it can")
    func leavesAStuckTask() async {
        let gate = Gate()
        let stuck = Task { await gate.wait() }
        // Its report would read, in the tests' output, as a real pool that did not stop.
        let silent = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let ended = await PoolShutdown(running: stuck, limit: .milliseconds(200), log: silent).stop()
        #expect(!ended)
        #expect(stuck.isCancelled)
        #expect(await PoolShutdown.ended(stuck, within: .milliseconds(50)) == false)
        gate.open()
        #expect(await PoolShutdown.ended(stuck, within: .seconds(60)))
    }
}
