/// Exit codes of the synth process (one definition for every front end).
public enum ExitStatus {
    public static let ok: Int32 = 0
    public static let usage: Int32 = 64
    public static let syntaxError: Int32 = 65
    public static let runtimeError: Int32 = 70
    public static let interrupted: Int32 = 130
}
