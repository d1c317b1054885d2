import Dispatch
import Synchronization

/// A bounded queue from one sending task to one receiver, which may be a
/// thread that blocks (a store's writer, `receiveWaiting`) or a task that
/// suspends (`receive`).
///
/// Why not `AsyncStream`: SQLite's writer is a serial dispatch queue running
/// a synchronous transaction; it can wait for a document only by blocking
/// its own thread. And a bounded buffer is the point: the sender suspends
/// while the buffer is full, so an import holds no more prepared documents
/// than `capacity` plus the ones being recognised.
final class DocumentChannel<Element: Sendable>: Sendable {
    /// How the receiver waits for an element: its thread blocked on a semaphore, or its task suspended.
    private enum Receiver {
        case blocked(DispatchSemaphore)
        case suspended(CheckedContinuation<Void, Never>)

        func wake() {
            switch self {
            case .blocked(let semaphore): semaphore.signal()
            case .suspended(let continuation): continuation.resume()
            }
        }
    }

    private struct State {
        var buffer: [Element] = []
        /// Index of the next element to receive in `buffer` (consumed ones are dropped in bulk).
        var head = 0
        /// The sender has sent everything.
        var finished = false
        /// The receiver wants nothing more: a send is refused.
        var closed = false
        var receiver: Receiver?
        var sender: CheckedContinuation<Void, Never>?

        var count: Int { buffer.count - head }

        /// The next element, taken off the buffer, and the sender to wake as room was made.
        mutating func take() -> (Element, CheckedContinuation<Void, Never>?) {
            let element = buffer[head]
            head += 1
            if head >= 64, head * 2 >= buffer.count {
                buffer.removeFirst(head)
                head = 0
            }
            defer { sender = nil }
            return (element, sender)
        }
    }

    private enum SendStep { case sent(Receiver?), refused, full }
    private enum ReceiveStep { case received(Element, CheckedContinuation<Void, Never>?), ended, wait }

    let capacity: Int
    private let state = Mutex(State())
    /// The semaphore the blocking receiver waits on; one receiver at a time, so one is enough.
    private let wakeUp = DispatchSemaphore(value: 0)

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// How many elements wait to be received.
    var count: Int { state.withLock { $0.count } }

    /// Sends `element`, suspending while the buffer is full. False when the
    /// receiver has closed the channel: the element was dropped and the sender should stop.
    func send(_ element: Element) async -> Bool {
        while true {
            let step: SendStep = state.withLock { state in
                if state.closed { return .refused }
                guard state.count < capacity else { return .full }
                state.buffer.append(element)
                defer { state.receiver = nil }
                return .sent(state.receiver)
            }
            switch step {
            case .sent(let receiver):
                receiver?.wake()
                return true
            case .refused:
                return false
            case .full:
                await suspend { state, continuation in
                    guard !state.closed, state.count >= capacity else { return false }
                    state.sender = continuation
                    return true
                }
            }
        }
    }

    /// Tells the receiver that nothing more will be sent.
    func finish() {
        let receiver = state.withLock { state in
            state.finished = true
            defer { state.receiver = nil }
            return state.receiver
        }
        receiver?.wake()
    }

    /// Tells the sender that nothing more will be received: a waiting send
    /// returns false, and so does every later one. What was sent is dropped,
    /// and a receiver still waiting (a task the store left behind when it
    /// failed) is given nil.
    func close() {
        let (sender, receiver) = state.withLock { state in
            state.closed = true
            state.buffer = []
            state.head = 0
            defer {
                state.sender = nil
                state.receiver = nil
            }
            return (state.sender, state.receiver)
        }
        sender?.resume()
        receiver?.wake()
    }

    /// The next element, nil once the sender has finished and all is received;
    /// blocks the calling thread until then.
    func receiveWaiting() -> Element? {
        while true {
            switch step(registering: .blocked(wakeUp)) {
            case .received(let element, let sender):
                sender?.resume()
                return element
            case .ended:
                return nil
            case .wait:
                wakeUp.wait()
            }
        }
    }

    /// The next element, nil once the sender has finished and all is received;
    /// suspends until then.
    func receive() async -> Element? {
        while true {
            switch step(registering: nil) {
            case .received(let element, let sender):
                sender?.resume()
                return element
            case .ended:
                return nil
            case .wait:
                await suspend { state, continuation in
                    guard state.count == 0, !state.finished, !state.closed else { return false }
                    state.receiver = .suspended(continuation)
                    return true
                }
            }
        }
    }

    /// Suspends until woken, once `park` has kept the continuation in the state; `park` runs in the lock and
    /// declines (false) when what the caller waits for has happened since it looked, which then goes on at once:
    /// a change between the two locks would otherwise wake nobody.
    private func suspend(_ park: (inout State, CheckedContinuation<Void, Never>) -> Bool) async {
        await withCheckedContinuation { continuation in
            if !state.withLock({ park(&$0, continuation) }) { continuation.resume() }
        }
    }

    /// Takes the next element, or says that none will come, or that the
    /// receiver must wait — registering `waiter`, when given, in the same lock,
    /// so that the send that ends the wait cannot come between.
    private func step(registering waiter: Receiver?) -> ReceiveStep {
        state.withLock { state in
            if state.count > 0 {
                let (element, sender) = state.take()
                return .received(element, sender)
            }
            if state.finished || state.closed { return .ended }
            if let waiter { state.receiver = waiter }
            return .wait
        }
    }
}
