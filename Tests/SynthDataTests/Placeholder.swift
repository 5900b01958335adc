import Testing
@testable import SynthData
