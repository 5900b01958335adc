import Testing
@testable import SynthTerminal
