/// The per-frame steps of `WebSocketDecoder.feed`: reading headers that straddle reads,
/// checking each header against the protocol, and routing payloads either straight to the
/// callback (zero copy) or into the decoder's storage.
extension WebSocketDecoder {
    /// Keeps the start of a header cut off by the end of a read (fewer than 14 bytes).
    @inlinable
    mutating func stashHeader(_ bytes: UnsafeRawBufferPointer) {
        var scratch = headerBytes
        let start = headerByteCount
        withUnsafeMutableBytes(of: &scratch) { storage in
            UnsafeMutableRawBufferPointer(rebasing: storage[start..<(start + bytes.count)]).copyMemory(from: bytes)
        }
        headerBytes = scratch
        headerByteCount = start + bytes.count
    }

    /// Completes a stashed header with bytes from the front of the new read, then starts
    /// its frame. Takes only as many bytes as the header needs.
    @inlinable
    mutating func completeStashedHeader(
        _ base: UnsafeMutableRawPointer, _ offset: inout Int, _ end: Int, _ onEvent: (WebSocketEvent) -> Bool
    ) -> Step {
        var scratch = headerBytes
        var have = headerByteCount
        var taken = 0
        let input = UnsafeRawPointer(base + offset)
        let available = end - offset
        let result = withUnsafeMutableBytes(of: &scratch) { storage -> FrameHeader.ParseResult in
            // 16 bytes of scratch always hold the longest header (14 bytes).
            let stored = storage.baseAddress.unsafelyUnwrapped
            while true {
                let result = FrameHeader.parse(UnsafeRawPointer(stored), count: have)
                guard case .incomplete(let needed) = result, taken < available else { return result }
                let count = min(needed - have, available - taken)
                (stored + have).copyMemory(from: input + taken, byteCount: count)
                have += count
                taken += count
            }
        }
        offset += taken
        switch result {
        case .incomplete:
            headerBytes = scratch
            headerByteCount = have
            return .needMore
        case .invalid(let error):
            return .fail(error)
        case .complete(let header, _):
            headerByteCount = 0
            return startFrame(header, base, &offset, end, onEvent)
        }
    }

    /// Checks a header against the protocol and the decoder's state. Called once per frame,
    /// as soon as its header is complete, so limits bite before any payload is stored.
    @inlinable
    func admit(_ header: FrameHeader) -> WebSocketProtocolError? {
        if header.rsv != 0 {
            return .protocolViolation("RSV bits set without a negotiated extension")
        }
        if header.opcode.isReserved {
            return .protocolViolation("reserved opcode \(header.opcode)")
        }
        if configuration.expectsMaskedFrames {
            if header.maskKey == nil { return .protocolViolation("unmasked client frame") }
        } else if header.maskKey != nil {
            return .protocolViolation("masked server frame")
        }
        if header.opcode.isControl {
            if !header.fin { return .protocolViolation("fragmented \(header.opcode) frame") }
            if header.payloadLength > 125 { return .protocolViolation("\(header.opcode) payload over 125 bytes") }
            if header.opcode == .close && header.payloadLength == 1 {
                return .protocolViolation("close payload of 1 byte")
            }
            return nil
        }
        let storedSoFar: Int
        if header.opcode == .continuation {
            guard messageOpcode != nil else { return .protocolViolation("continuation frame without a message to continue") }
            storedSoFar = message.count
        } else {
            guard messageOpcode == nil else { return .protocolViolation("new \(header.opcode) message inside a fragmented message") }
            storedSoFar = 0
        }
        let limit = max(configuration.maxMessageSize, 0)
        if header.payloadLength > limit - storedSoFar {
            return .messageTooBig(limit: limit)
        }
        return nil
    }

    /// Starts a frame whose header was just read, `offset` pointing at its payload.
    ///
    /// The fast path: a control frame or an unfragmented message whose payload is wholly in
    /// this read is unmasked in place and delivered from the read buffer. Anything else is
    /// stored piece by piece by `continueFrame`.
    @inlinable
    mutating func startFrame(
        _ header: FrameHeader, _ base: UnsafeMutableRawPointer, _ offset: inout Int, _ end: Int,
        _ onEvent: (WebSocketEvent) -> Bool
    ) -> Step {
        if let error = admit(header) { return .fail(error) }
        let length = header.payloadLength
        let isWhole = header.opcode.isControl || (header.fin && header.opcode != .continuation)
        if isWhole && end - offset >= length {
            let payload = UnsafeMutableRawBufferPointer(start: base + offset, count: length)
            offset += length
            if let key = header.maskKey { Masking.apply(key: key, to: payload) }
            return Self.deliver(header.opcode, UnsafeRawBufferPointer(payload), onEvent)
        }
        if header.opcode.isControl {
            control.reserveCapacity(125)
        } else if header.opcode != .continuation {
            messageOpcode = header.opcode
            textValidator.reset()
        }
        frame = header
        frameReceived = 0
        return .proceed
    }

    /// Takes as much of the current frame's payload as this read holds: unmasks it in place,
    /// validates it if it is text (failing at the first bad fragment or piece, not at the
    /// end), stores it, and completes the frame when its last byte is in.
    @inlinable
    mutating func continueFrame(
        _ base: UnsafeMutableRawPointer, _ offset: inout Int, _ end: Int, _ onEvent: (WebSocketEvent) -> Bool
    ) -> Step {
        guard let header = frame else { return .proceed }
        let remaining = header.payloadLength - frameReceived
        let count = min(remaining, end - offset)
        let chunk = UnsafeMutableRawBufferPointer(start: base + offset, count: count)
        offset += count
        if let key = header.maskKey { Masking.apply(key: key, to: chunk, phase: frameReceived & 3) }
        frameReceived += count
        if header.opcode.isControl {
            control.append(contentsOf: UnsafeRawBufferPointer(chunk))
        } else {
            if messageOpcode == .text && !textValidator.validate(UnsafeRawBufferPointer(chunk)) {
                return .fail(.invalidUTF8("text message"))
            }
            store(UnsafeRawBufferPointer(chunk), finalSize: header.fin ? message.count + remaining : nil)
        }
        if count < remaining { return .needMore }
        frame = nil
        return completeStoredFrame(header, onEvent)
    }

    /// Appends payload to `message`, growing geometrically but never past the message's
    /// final size when it is known (its last frame) nor past `maxMessageSize`.
    @inlinable
    mutating func store(_ bytes: UnsafeRawBufferPointer, finalSize: Int?) {
        let needed = message.count + bytes.count
        if needed > message.capacity {
            let bound = max(finalSize ?? configuration.maxMessageSize, needed)
            message.reserveCapacity(min(max(needed, message.capacity * 2, 256), bound))
        }
        bytes.withMemoryRebound(to: UInt8.self) { message.append(contentsOf: $0) }
    }

    /// Delivers a frame whose payload was stored: a control frame at once, a data message
    /// when its final frame is in.
    @inlinable
    mutating func completeStoredFrame(_ header: FrameHeader, _ onEvent: (WebSocketEvent) -> Bool) -> Step {
        if header.opcode.isControl {
            let step = control.withUnsafeBytes { Self.deliver(header.opcode, $0, onEvent) }
            control.removeAll(keepingCapacity: true)
            return step
        }
        guard header.fin else { return .proceed }
        let isText = messageOpcode == .text
        if isText && !textValidator.isAtCharacterBoundary {
            return .fail(.invalidUTF8("text message"))
        }
        let wantsMore = message.withUnsafeBytes { onEvent(isText ? .text($0) : .binary($0)) }
        messageOpcode = nil
        textValidator.reset()
        if message.capacity > 64 << 10 {
            message = []
        } else {
            message.removeAll(keepingCapacity: true)
        }
        return wantsMore ? .proceed : .finish
    }

    /// Delivers one complete message or control frame whose payload is already unmasked,
    /// checking what only the payload can tell (text encoding, close code and reason).
    @inlinable
    static func deliver(
        _ opcode: WebSocketOpcode, _ payload: UnsafeRawBufferPointer, _ onEvent: (WebSocketEvent) -> Bool
    ) -> Step {
        let event: WebSocketEvent
        switch opcode {
        case .text:
            var validator = UTF8Validator()
            guard validator.validate(payload), validator.isAtCharacterBoundary else {
                return .fail(.invalidUTF8("text message"))
            }
            event = .text(payload)
        case .binary:
            event = .binary(payload)
        case .ping:
            event = .ping(payload)
        case .pong:
            event = .pong(payload)
        default:
            // Only close is left: admit() let no other opcode through.
            guard payload.count >= 2 else {
                _ = onEvent(.close(code: nil, reason: payload))
                return .finish
            }
            let code = WebSocketCloseCode(rawValue: UInt16(payload[0]) << 8 | UInt16(payload[1]))
            guard code.isValidOnWire else {
                return .fail(.protocolViolation("close code \(code.rawValue) is not allowed on the wire"))
            }
            let reason = UnsafeRawBufferPointer(rebasing: payload[2...])
            var validator = UTF8Validator()
            guard validator.validate(reason), validator.isAtCharacterBoundary else {
                return .fail(.invalidUTF8("close reason"))
            }
            _ = onEvent(.close(code: code, reason: reason))
            return .finish
        }
        return onEvent(event) ? .proceed : .finish
    }
}
