/// The sampling parameters every model's generation accepts, checked in one place.
enum SamplingParameters {
    /// Throws `ModelError.invalidGenerationRequest` unless `temperature` is finite and at least
    /// zero (0 takes the most likely value) and `topP` is in (0, 1].
    static func validate(temperature: Double, topP: Double) throws {
        guard temperature >= 0 && temperature.isFinite else {
            throw ModelError.invalidGenerationRequest("temperature must be zero or positive (got \(temperature))")
        }
        guard topP > 0 && topP <= 1 else { throw ModelError.invalidGenerationRequest("top-p must be in (0, 1] (got \(topP))") }
    }
}
