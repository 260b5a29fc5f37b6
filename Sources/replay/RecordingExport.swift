import Recording
import Simulation

/// `replay export --json`: the recording as data for tools, written as it is read.
///
/// Every 64-bit value (the seed, the start time) is written as a decimal string: JavaScript
/// reads JSON numbers as doubles, exact only up to 2^53, and a random seed is almost always
/// above that, so `JSON.parse` would hand a tool a different seed (read it with `BigInt(s)`).
/// Every number left is 32 bits or a file offset, exact as a double.
///
/// ```
/// {"format": 3, "game": "Arena", "gameVersion": 1, "tickRate": 60, "seed": "16045690981097406465", "settings": {"drones": 40},
///  "keyframeInterval": 300, "room": 1, "startedAtMillis": "1795...",
///  "ticks": [{"tick": 0, "hash": "0x…", "joins": [{"player": 0, "name": "ann", "entity": 41}],
///             "leaves": [], "chat": [{"player": 0, "text": "gg"}],
///             "inputs": [[player, sequence, tick, buttons, aim, moveX, moveY], …]}, …],
///  "summary": {"ticks": 5004, "players": [{"player": 0, "name": "ann"}], "keyframes": [0, 300, …],
///              "complete": true, "matchTicks": 4203, "endReason": "room empty", "damage": null}}
/// ```
///
/// `ticks` counts every tick recorded; `matchTicks` the match time, without the resume grace
/// and the empty-room wait after the last player left (all of `ticks` for a file before
/// format 4, or one without an end record).
enum RecordingExport {
    static func write(path: String, to out: JSONOutput) throws(RecordingError) {
        let file = try RecordingFile(path: path)
        var first = true
        func header(_ header: RecordingHeader) {
            out.raw("{\"format\":\(header.formatVersion),\"game\":")
            out.string(header.gameName)
            out.raw(",\"gameVersion\":\(header.gameVersion),\"tickRate\":\(header.tickRate),\"seed\":\"\(header.seed)\",\"settings\":{")
            for (position, entry) in header.settings.entries.enumerated() {
                if position > 0 { out.raw(",") }
                out.string(entry.name)
                out.raw(":\(entry.value)")
            }
            out.raw("},\"keyframeInterval\":\(header.keyframeInterval),\"room\":\(header.roomID),\"startedAtMillis\":\"\(header.startedAtMillis)\",\n\"ticks\":[")
        }
        // The header first, so the ticks can stream behind it as the index reads them.
        header(try RecordingIndex.readHeader(file).0)
        let index = try RecordingIndex(file: file) { tick in
            out.raw(first ? "\n" : ",\n")
            first = false
            out.raw("{\"tick\":\(tick.tick),\"hash\":\"\(hexString(tick.hash))\",\"joins\":[")
            var joins = 0, leaves = 0
            for case let .join(player, name, entity) in tick.operations {
                out.raw(joins > 0 ? "," : "")
                out.raw("{\"player\":\(player),\"name\":")
                out.string(name)
                out.raw(",\"entity\":\(entity)}")
                joins += 1
            }
            out.raw("],\"leaves\":[")
            for case let .leave(player) in tick.operations {
                out.raw(leaves > 0 ? ",\(player)" : "\(player)")
                leaves += 1
            }
            out.raw("],\"chat\":[")
            var lines = 0
            for case let .chat(player, text) in tick.operations {
                out.raw(lines > 0 ? ",{\"player\":\(player),\"text\":" : "{\"player\":\(player),\"text\":")
                out.string(text)
                out.raw("}")
                lines += 1
            }
            out.raw("],\"inputs\":[")
            var inputs = 0
            for case let .input(player, input) in tick.operations {
                out.raw(inputs > 0 ? "," : "")
                out.raw("[\(player),\(input.sequence),\(input.tick),\(input.buttons),\(input.aim),\(input.moveX),\(input.moveY)]")
                inputs += 1
            }
            out.raw("]}")
        }
        out.raw("\n],\n\"summary\":{\"ticks\":\(index.endTick),\"players\":[")
        for (position, entry) in index.everyone.enumerated() {
            out.raw(position > 0 ? ",{\"player\":\(entry.player),\"name\":" : "{\"player\":\(entry.player),\"name\":")
            out.string(entry.name)
            out.raw("}")
        }
        out.raw("],\"keyframes\":[" + index.keyframes.map { String($0.tick) }.joined(separator: ",") + "],")
        out.raw("\"complete\":\(index.end != nil),\"matchTicks\":\(index.end.map { min($0.matchTicks, index.endTick) } ?? index.endTick),\"endReason\":")
        if let end = index.end { out.string(end.reason) } else { out.raw("null") }
        out.raw(",\"damage\":")
        if let damage = index.damage {
            out.raw("{\"kind\":\"\(damage.kind.rawValue)\",\"offset\":\(damage.offset),\"problem\":")
            out.string(damage.problem)
            out.raw("}")
        } else {
            out.raw("null")
        }
        out.raw("}}\n")
    }

    static func hexString(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 16 - digits.count) + digits
    }
}
