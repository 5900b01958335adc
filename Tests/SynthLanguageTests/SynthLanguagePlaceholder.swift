import Testing
@testable import SynthLanguage
