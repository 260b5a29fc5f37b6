import Platform

/// Lets a transport-neutral `MessageHandler` own a WebSocket: the WebSocket's events, minus
/// pongs (the transport's own business), passed on as they come.
public final class WebSocketMessageAdapter: WebSocketDelegate {
    public let handler: any MessageHandler

    public init(_ handler: any MessageHandler) {
        self.handler = handler
    }

    public func webSocketDidOpen(_ connection: WebSocketConnection) {
        handler.connectionDidOpen(connection)
    }

    public func webSocket(_ connection: WebSocketConnection, didReceiveBinary payload: UnsafeRawBufferPointer) {
        handler.connection(connection, didReceiveBinary: payload)
    }

    public func webSocket(_ connection: WebSocketConnection, didReceiveText payload: UnsafeRawBufferPointer) {
        handler.connection(connection, didReceiveText: payload)
    }

    public func webSocketDidClose(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {
        handler.connectionDidClose(connection, code: code.rawValue, reason: reason)
    }

    public func webSocketOutboundDidDrain(_ connection: WebSocketConnection) {
        handler.connectionOutboundDidDrain(connection)
    }

    public func webSocketOutboundLimitExceeded(_ connection: WebSocketConnection) -> OutboundLimitAction {
        handler.connectionOutboundLimitExceeded(connection)
    }
}

extension HTTPRoute {
    /// Upgrade to WebSocket, owned by a transport-neutral handler.
    public static func messages(_ handler: any MessageHandler) -> HTTPRoute {
        .webSocket(WebSocketMessageAdapter(handler))
    }
}
