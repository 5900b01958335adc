// The SynthEngine module. See docs/ARCHITECTURE.md for what it owns.
