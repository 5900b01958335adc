import Foundation

/// Reads a secret (a connector's password) from the terminal without echoing it: ECHO is
/// turned off for the one line and restored after, whatever happens.
enum SecretPrompt {
    /// The typed line, or nil at end of input or when stdin is not a terminal.
    static func read(prompt: String, writeOut: (String) -> Void) -> String? {
        guard isatty(STDIN_FILENO) == 1 else { return nil }
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return nil }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        writeOut(prompt)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            writeOut("\n")
        }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = Glibc.read(STDIN_FILENO, &byte, 1)
            if count < 0, errno == EINTR { return nil }
            if count <= 0 { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == 10 || byte == 13 { break }
            if bytes.count < 4096 { bytes.append(byte) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
