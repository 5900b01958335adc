import Testing
@testable import SynthEngine
