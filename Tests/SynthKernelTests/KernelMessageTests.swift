import Foundation
@testable import SynthKernel
import Testing

/// Decoding received frames: the HMAC-SHA256 signature is checked before anything is read.
@Suite struct KernelMessageTests {
    let signer = MessageSigner(key: "secret-key")

    private func frames(_ message: KernelMessage, signedBy signer: MessageSigner) -> [[UInt8]] {
        message.frames(signer: signer)
    }

    private var request: KernelMessage {
        KernelMessage(type: "kernel_info_request", content: [:], parent: nil, session: "s", identities: [Array("client".utf8)])
    }

    @Test func aCorrectlySignedMessageIsAccepted() throws {
        let decoded = try KernelMessage.decode(frames(request, signedBy: signer), signer: signer)
        #expect(decoded.type == "kernel_info_request")
        #expect(decoded.identities == [Array("client".utf8)])
    }

    @Test func aWrongSignatureIsRejected() {
        #expect(throws: KernelMessage.Rejection.badSignature) {
            try KernelMessage.decode(frames(request, signedBy: MessageSigner(key: "other-key")), signer: signer)
        }
    }

    @Test func anUnsignedMessageIsRejected() {
        #expect(throws: KernelMessage.Rejection.unsigned) {
            try KernelMessage.decode(frames(request, signedBy: MessageSigner(key: "")), signer: signer)
        }
    }

    @Test func aChangedContentBreaksTheSignature() {
        var sent = frames(request, signedBy: signer)
        sent[sent.count - 1] = Array("{\"code\":\"delete 1 confirm=true\"}".utf8)
        #expect(throws: KernelMessage.Rejection.badSignature) { try KernelMessage.decode(sent, signer: signer) }
    }

    @Test func malformedFramesAreRejected() {
        #expect(throws: KernelMessage.Rejection.self) { try KernelMessage.decode([Array("x".utf8)], signer: signer) }
        var sent = frames(request, signedBy: MessageSigner(key: ""))
        sent[sent.count - 4] = Array("not json".utf8)
        #expect(throws: KernelMessage.Rejection.self) { try KernelMessage.decode(sent, signer: MessageSigner(key: "")) }
    }

    @Test func signaturesAreHMACSHA256() {
        // RFC 4231 test case 2.
        let signer = MessageSigner(key: "Jefe")
        #expect(signer.signature([Array("what do ya want ".utf8), Array("for nothing?".utf8)])
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }
}
