import Testing
@testable import WebSocket

/// The closing handshake (RFC 6455 §5.5.1, §7) without a socket: every order in which our
/// close, the peer's close, failures, the end of the stream and the time-out can come.
struct WebSocketClosingStateTests {
    typealias State = WebSocketClosingState

    @Test func weCloseThePeerAnswersTheStreamEndsWithOurCode() {
        var state = State()
        do { let action = state.close(code: .goingAway, reason: "bye"); #expect(action == .sendClose(code: .goingAway, reason: "bye", thenLinger: false)) }
        #expect(state.phase == .closeSent && state.closeSent)
        do { let action = state.receivedClose(code: .goingAway, reason: ""); #expect(action == .linger) }
        #expect(state.phase == .lingering)
        do { let action = state.streamEnded(); #expect(action == .terminate(code: .goingAway, reason: "bye")) }
        #expect(state.phase == .closed)
        do { let action = state.streamEnded(); #expect(action == .none) }
    }

    @Test func thePeerClosesFirstAndIsEchoedWithItsCode() {
        var state = State()
        do { let action = state.receivedClose(code: .normalClosure, reason: "done"); #expect(action == .sendClose(code: .normalClosure, reason: "", thenLinger: true)) }
        #expect(state.phase == .lingering)
        // Closing again sends nothing: one close frame per connection.
        do { let action = state.close(code: .goingAway, reason: "late"); #expect(action == .none) }
        do { let action = state.streamEnded(); #expect(action == .terminate(code: .normalClosure, reason: "done")) }
    }

    @Test func anEmptyCloseIsAnsweredEmptyAndReportedAs1005() {
        var state = State()
        do { let action = state.receivedClose(code: nil, reason: ""); #expect(action == .sendClose(code: nil, reason: "", thenLinger: true)) }
        #expect(state.code == .noStatusReceived)
    }

    @Test func closingTwiceSendsOneFrame() {
        var state = State()
        do { let action = state.close(code: .normalClosure, reason: ""); #expect(action != .none) }
        do { let action = state.close(code: .goingAway, reason: "again"); #expect(action == .none) }
        #expect(state.code == .normalClosure)
    }

    @Test func aFailureWhileOpenSendsItsCodeAndLingers() {
        var state = State()
        do { let action = state.fail(code: .protocolError, reason: "bad frame"); #expect(action == .sendClose(code: .protocolError, reason: "bad frame", thenLinger: true)) }
        do { let action = state.receivedClose(code: .normalClosure, reason: ""); #expect(action == .none) }
        do { let action = state.streamEnded(); #expect(action == .terminate(code: .protocolError, reason: "bad frame")) }
    }

    @Test func aFailureAfterOurCloseSendsNoSecondFrameButItsCodeWins() {
        var state = State()
        _ = state.close(code: .normalClosure, reason: "")
        do { let action = state.fail(code: .invalidPayload, reason: "bad UTF-8"); #expect(action == .linger) }
        do { let action = state.fail(code: .protocolError, reason: "again"); #expect(action == .none) }
        do { let action = state.timedOut(); #expect(action == .terminate(code: .invalidPayload, reason: "bad UTF-8")) }
    }

    @Test func theStreamEndingWithoutACloseIs1006() {
        var state = State()
        do { let action = state.streamEnded(); #expect(action == .terminate(code: .abnormalClosure, reason: "connection closed without a close frame")) }
        do { let action = state.close(code: .normalClosure, reason: ""); #expect(action == .none) }
    }

    @Test func aPeerThatNeverAnswersIsCutAtTheTimeOut() {
        var open = State()
        do { let action = open.timedOut(); #expect(action == .none) }
        var silent = State()
        _ = silent.close(code: .normalClosure, reason: "")
        do { let action = silent.timedOut(); #expect(action == .terminate(code: .normalClosure, reason: "close timed out")) }
        var reasoned = State()
        _ = reasoned.close(code: .goingAway, reason: "idle timeout")
        do { let action = reasoned.timedOut(); #expect(action == .terminate(code: .goingAway, reason: "idle timeout")) }
        do { let action = reasoned.timedOut(); #expect(action == .none) }
    }

    @Test func afterTerminationNothingHappens() {
        var state = State()
        state.terminated()
        do { let action = state.close(code: .normalClosure, reason: ""); #expect(action == .none) }
        do { let action = state.fail(code: .protocolError, reason: ""); #expect(action == .none) }
        do { let action = state.receivedClose(code: .normalClosure, reason: ""); #expect(action == .none) }
        do { let action = state.streamEnded(); #expect(action == .none) }
        do { let action = state.timedOut(); #expect(action == .none) }
    }
}
