import Testing
@testable import SynthJobs
