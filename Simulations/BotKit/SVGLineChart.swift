import Foundation

/// A line chart as inline SVG, drawn by hand: axes with rounded ticks and labels, one
/// polyline per series (a point per sample that has a value), a legend. No scripts, no
/// external assets, so a report is one self-contained file.
public struct SVGLineChart {
    public struct Series {
        public var name: String
        public var color: String
        public var points: [(x: Double, y: Double)]
        public init(name: String, color: String, points: [(x: Double, y: Double)]) {
            self.name = name; self.color = color; self.points = points
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    public var width = 640.0
    public var height = 260.0

    public init(title: String, xLabel: String = "seconds", yLabel: String, series: [Series]) {
        self.title = title; self.xLabel = xLabel; self.yLabel = yLabel; self.series = series
    }

    private let left = 64.0, right = 16.0, top = 28.0, bottom = 44.0

    public func render() -> String {
        let all = series.flatMap(\.points)
        let xMax = Self.niceCeiling(all.map(\.x).max() ?? 1)
        let yMax = Self.niceCeiling(all.map(\.y).max() ?? 1)
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func px(_ x: Double) -> Double { left + x / xMax * plotWidth }
        func py(_ y: Double) -> Double { top + plotHeight - y / yMax * plotHeight }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTMLReport.escape(title))\">\n"
        svg += "<title>\(HTMLReport.escape(title))</title>\n"
        svg += "<text x=\"\(Int(left))\" y=\"18\" class=\"title\">\(HTMLReport.escape(title))</text>\n"
        // Grid, ticks and labels: five steps on each axis.
        for step in 0...5 {
            let y = yMax * Double(step) / 5, x = xMax * Double(step) / 5
            svg += "<line class=\"grid\" x1=\"\(f(left))\" y1=\"\(f(py(y)))\" x2=\"\(f(width - right))\" y2=\"\(f(py(y)))\"/>"
            svg += "<text class=\"tick\" x=\"\(f(left - 6))\" y=\"\(f(py(y) + 4))\" text-anchor=\"end\">\(Self.label(y))</text>"
            svg += "<line class=\"axis\" x1=\"\(f(px(x)))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(px(x)))\" y2=\"\(f(top + plotHeight + 4))\"/>"
            svg += "<text class=\"tick\" x=\"\(f(px(x)))\" y=\"\(f(top + plotHeight + 16))\" text-anchor=\"middle\">\(Self.label(x))</text>\n"
        }
        svg += "<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotHeight))\"/>"
        svg += "<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(width - right))\" y2=\"\(f(top + plotHeight))\"/>\n"
        svg += "<text class=\"label\" x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 6))\" text-anchor=\"middle\">\(HTMLReport.escape(xLabel))</text>\n"
        svg += "<text class=\"label\" transform=\"translate(14 \(f(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(HTMLReport.escape(yLabel))</text>\n"
        for (index, line) in series.enumerated() {
            let points = line.points.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
            svg += "<polyline class=\"series\" data-series=\"\(HTMLReport.escape(line.name))\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"1.8\" points=\"\(points)\"/>\n"
            let legendX = left + 8 + Double(index) * 150
            svg += "<rect x=\"\(f(legendX))\" y=\"\(f(top + 4))\" width=\"10\" height=\"10\" fill=\"\(line.color)\"/>"
            svg += "<text class=\"legend\" x=\"\(f(legendX + 14))\" y=\"\(f(top + 13))\">\(HTMLReport.escape(line.name))</text>\n"
        }
        if all.isEmpty {
            svg += "<text class=\"label\" x=\"\(f(left + plotWidth / 2))\" y=\"\(f(top + plotHeight / 2))\" text-anchor=\"middle\">no data</text>\n"
        }
        return svg + "</svg>"
    }

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }

    /// The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 or 10 times a power of ten that is at
    /// least `value` (1 for nothing positive): fifths of it are round numbers.
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0, value.isFinite else { return 1 }
        let power = pow(10, (log10(value)).rounded(.down))
        for factor in [1.0, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10] where factor * power >= value * (1 - 1e-9) { return factor * power }
        return 10 * power
    }

    static func label(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value >= 1_000_000 { return String(format: "%gM", value / 1_000_000) }
        if value >= 10_000 { return String(format: "%gk", value / 1000) }
        return String(format: "%g", (value * 1000).rounded() / 1000)
    }
}
