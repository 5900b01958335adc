import Testing
@testable import SynthEngine

/// `QAQuantileScaler.interpolate` searches its tables through buffer pointers; these values
/// are numpy's `interp` on the same tables.
@Suite struct QAQuantileScalerTests {
    @Test func interpolationMatchesNumpyIncludingRepeatedPointsAndEnds() {
        let xs: [Double] = [0, 1, 1, 2], ys: [Double] = [0, 1, 2, 3]
        #expect(QAQuantileScaler.interpolate(1, xs, ys) == 2)
        #expect(QAQuantileScaler.interpolate(0.25, xs, ys) == 0.25)
        #expect(QAQuantileScaler.interpolate(1.5, xs, ys) == 2.5)
        #expect(QAQuantileScaler.interpolate(-3, xs, ys) == 0)
        #expect(QAQuantileScaler.interpolate(2, xs, ys) == 3)
        #expect(QAQuantileScaler.interpolate(7, xs, ys) == 3)
        #expect(QAQuantileScaler.interpolate(.infinity, xs, ys) == 3)
        #expect(QAQuantileScaler.interpolate(-.infinity, xs, ys) == 0)
    }

    @Test func singlePointTableClampsBothSides() {
        #expect(QAQuantileScaler.interpolate(-1, [4], [7]) == 7)
        #expect(QAQuantileScaler.interpolate(4, [4], [7]) == 7)
        #expect(QAQuantileScaler.interpolate(9, [4], [7]) == 7)
    }

    @Test func scalerOnRepeatedValuesStaysInRange() {
        let values: [Double] = [1, 1, 1, 2, 3, 3, .nan]
        let scaler = QAQuantileScaler(fitting: values, rowCount: values.count)
        for x in [-10.0, 1, 1.5, 2, 2.5, 3, 10] {
            let y = scaler.scale(x)
            #expect(y >= -0.5 && y <= 0.5)
        }
        #expect(scaler.scale(1) == -0.5)
        #expect(scaler.scale(3) == 0.5)
    }
}
