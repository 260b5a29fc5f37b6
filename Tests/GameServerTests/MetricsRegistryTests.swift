import Testing
@testable import GameServer

struct MetricsRegistryTests {
    @Test func rendersThePrometheusTextFormat() {
        let registry = MetricsRegistry()
        let ticks = registry.counter("game_ticks_total", help: "Ticks run.")
        let flood = registry.counter("game_kicks_total", help: "Kicks.", labels: [("reason", "input_flood")])
        let slow = registry.counter("game_kicks_total", help: "", labels: [("reason", "too_slow")])
        let players = registry.gauge("game_players", help: "Players.")
        let duration = registry.histogram("game_tick_duration_seconds", help: "Tick time.", bounds: [0.001, 0.01])
        ticks.increment(by: 3)
        flood.increment()
        slow.increment(by: 2)
        players.set(7)
        duration.observe(0.0005)
        duration.observe(0.005)
        duration.observe(0.5)
        let text = registry.render()
        #expect(text == """
        # HELP game_ticks_total Ticks run.
        # TYPE game_ticks_total counter
        game_ticks_total 3
        # HELP game_kicks_total Kicks.
        # TYPE game_kicks_total counter
        game_kicks_total{reason="input_flood"} 1
        game_kicks_total{reason="too_slow"} 2
        # HELP game_players Players.
        # TYPE game_players gauge
        game_players 7
        # HELP game_tick_duration_seconds Tick time.
        # TYPE game_tick_duration_seconds histogram
        game_tick_duration_seconds_bucket{le="0.001"} 1
        game_tick_duration_seconds_bucket{le="0.01"} 2
        game_tick_duration_seconds_bucket{le="+Inf"} 3
        game_tick_duration_seconds_sum 0.5055
        game_tick_duration_seconds_count 3

        """)
    }

    @Test func labelValuesAreEscaped() {
        let registry = MetricsRegistry()
        _ = registry.counter("x_total", help: "h", labels: [("reason", "a\"b\\c\nd")])
        #expect(registry.render().contains(#"x_total{reason="a\"b\\c\nd"} 0"#))
    }

    @Test func batchedObservationsCountAsOneByOne() {
        let values = [0.0005, 0.001, 0.002, 0.5, 0.0, 3]
        let single = Histogram(bounds: [0.001, 0.01, 1])
        let batched = Histogram(bounds: [0.001, 0.01, 1])
        for value in values { single.observe(value) }
        batched.observe(contentsOf: values[..<2])
        batched.observe(contentsOf: values[2...])
        batched.observe(contentsOf: [Double]())
        #expect(batched.snapshot() == single.snapshot())
        let window = RecentWindow(capacity: 4)
        window.observe(contentsOf: values)
        #expect(window.count == 4)
        #expect(window.quantiles([0, 1]) == [0, 3])
    }
}
