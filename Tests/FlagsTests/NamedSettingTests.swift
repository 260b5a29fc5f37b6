import Flags
import Testing

/// `--setting NAME=VALUE`: a repeatable flag naming integer settings from a known list.
@Suite struct NamedSettingTests {
    static let known = [
        NamedSetting(name: "drones", range: 0...4_096, defaultValue: 48),
        NamedSetting(name: "spawnSpread", range: 0...2_048, defaultValue: 2_048),
    ]
    static let spec = CommandSpec(
        name: "server", summary: "A server with game settings.",
        flags: [.value("setting", valueName: "NAME=VALUE", help: "A game setting.", repeatable: true)])

    private func settings(_ args: [String]) throws(FlagError) -> [(name: String, value: Int32)] {
        guard let parsed = Fixtures.parsed(args, spec: Self.spec) else { throw FlagError("did not parse: \(args)") }
        return try parsed.namedSettings("setting", known: Self.known, owner: "Arena")
    }

    private func message(_ args: [String]) -> String? {
        Fixtures.valueError { () throws(FlagError) in try settings(args) }
    }

    @Test func knownNamesInOrderAndTheLastValueWins() throws {
        let given = try settings(["--setting", "spawnSpread=60", "--setting=drones=0", "--setting", "spawnSpread=+70"])
        #expect(given.map(\.name) == ["drones", "spawnSpread"])
        #expect(given.map(\.value) == [0, 70])
        #expect(try settings([]).isEmpty)
    }

    @Test func unknownNamesAreRefusedWithTheList() {
        #expect(message(["--setting", "gravity=3"])
            == "--setting: Arena has no setting 'gravity'; its settings, with defaults and ranges, are: "
            + "drones=48 (0...4096), spawnSpread=2048 (0...2048)")
        #expect(message(["--setting", "spawnspread=3"])?.contains("(did you mean 'spawnSpread'?)") == true)
    }

    @Test func badShapesAndValuesAreRefused() {
        #expect(message(["--setting", "drones"]) == "--setting must be NAME=VALUE, got 'drones'")
        #expect(message(["--setting", "drones=x"]) == "--setting drones must be an integer from 0 to 4096, got 'x'")
        #expect(message(["--setting", "drones=4097"]) == "--setting drones must be an integer from 0 to 4096, got '4097'")
        #expect(message(["--setting", "drones=-1"]) == "--setting drones must be an integer from 0 to 4096, got '-1'")
        #expect(message(["--setting", "drones="]) == "--setting drones must be an integer from 0 to 4096, got ''")
    }

    @Test func describeListsDefaultsAndRanges() {
        #expect(NamedSetting.describe(Self.known) == "drones=48 (0...4096), spawnSpread=2048 (0...2048)")
    }
}
